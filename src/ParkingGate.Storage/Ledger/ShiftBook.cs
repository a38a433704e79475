using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;
using ParkingGate.Storage.Audit;

namespace ParkingGate.Storage.Ledger;

/// <summary>The booth shift in progress: its float and the cash the ledger says the drawer should hold.</summary>
public sealed record ShiftState(long OpenSeq, DateTimeOffset OpenedUtc, string OpenedBy, long FloatFen, long CashFen)
{
    /// <summary>What the drawer should hold: the float plus the net cash since the shift opened.</summary>
    public long ExpectedFen => FloatFen + CashFen;
}

/// <summary>A closed shift: the shift as it stood, the close entry, the digest written after it, the count and who witnessed it.</summary>
public sealed record ShiftClose(ShiftState Shift, LedgerEntry Close, LedgerEntry DigestEntry, Digest Digest, long CountedFen, string Witness)
{
    /// <summary>What the drawer should have held.</summary>
    public long ExpectedFen => Shift.ExpectedFen;

    /// <summary>Counted minus expected: negative when cash is missing.</summary>
    public long VarianceFen => CountedFen - ExpectedFen;
}

/// <summary>
/// The booth's shifts (开班/交班): a shift opens with a float and closes with a counted drawer, a witness and a digest
/// of every entry in between. Shift entries are ledger entries, written inside the ledger's transaction.
/// </summary>
public sealed class ShiftBook
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly LedgerStore _ledger;

    /// <summary>Creates the book over the ledger it writes to.</summary>
    public ShiftBook(SqliteDatabase database, TimeProvider timeProvider, LedgerStore ledger)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
    }

    private static readonly JsonSerializerOptions DetailJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    private sealed record ShiftDetail(long FloatFen, long? OpenSeq = null, long? ExpectedFen = null, long? CountedFen = null, long? VarianceFen = null, string? Witness = null);

    /// <summary>The shift in progress, or null.</summary>
    public async Task<ShiftState?> CurrentShiftAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await CurrentShiftAsync(connection, null);
    }

    /// <summary>Opens a booth shift with <paramref name="floatFen"/> of change in the drawer.</summary>
    public Task<Result<LedgerEntry>> OpenShiftAsync(long floatFen, string actor, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(async (connection, transaction) =>
        {
            if (floatFen < 0)
            {
                return Result<LedgerEntry>.Failure("invalid-amount", $"the float cannot be negative ({Money.Yuan(floatFen)})", $"备用金不能为负数（{Money.Yuan(floatFen)} 元）");
            }

            if (await CurrentShiftAsync(connection, transaction) is { } open)
            {
                return Result<LedgerEntry>.Failure("shift-open", $"a shift opened by {open.OpenedBy} (entry {open.OpenSeq}) is still open; close it first", $"{open.OpenedBy} 开的班（第 {open.OpenSeq} 条）还没有交班，请先交班");
            }

            var opened = await _ledger.AppendAsync(connection, transaction, new NewLedgerEntry(LedgerKind.ShiftOpen, 0, actor)
            {
                Detail = JsonSerializer.Serialize(new ShiftDetail(floatFen), DetailJson),
            });
            if (opened.IsSuccess)
            {
                await AuditLog.AppendAsync(connection, transaction, Instants.ToText(_timeProvider.GetUtcNow()), actor, "shift.open", "shift", null, null, new { floatFen });
            }

            return opened;
        }, r => r.IsSuccess, cancellationToken);

    /// <summary>
    /// Closes the shift (交班): the cash counted against the cash expected from the ledger, a reason when they
    /// differ, and a second person who counted too. Writes the close and then a digest of the whole shift.
    /// </summary>
    public Task<Result<ShiftClose>> CloseShiftAsync(long countedFen, string? reason, string witness, string actor, CancellationToken cancellationToken = default) =>
        _database.WriteAsync(async (connection, transaction) =>
        {
            if (await CurrentShiftAsync(connection, transaction) is not { } shift)
            {
                return Result<ShiftClose>.Failure("no-shift", "no shift is open", "当前没有开班");
            }

            if (string.IsNullOrWhiteSpace(witness) || string.Equals(witness.Trim(), actor.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return Result<ShiftClose>.Failure("missing-witness", "closing a shift needs a second person's name, other than the operator's", "交班需要另一位在场人（不能是收款人本人）");
            }

            var variance = countedFen - shift.ExpectedFen;
            if (variance != 0 && string.IsNullOrWhiteSpace(reason))
            {
                return Result<ShiftClose>.Failure("missing-reason",
                    $"counted {Money.Yuan(countedFen)} but the ledger expects {Money.Yuan(shift.ExpectedFen)} (variance {Money.Yuan(variance)}): give the reason", $"清点现金 {Money.Yuan(countedFen)} 元，账上应有 {Money.Yuan(shift.ExpectedFen)} 元（差额 {Money.Yuan(variance)} 元），请填写原因");
            }

            var detail = new ShiftDetail(shift.FloatFen, shift.OpenSeq, shift.ExpectedFen, countedFen, variance, witness.Trim());
            var close = await _ledger.AppendAsync(connection, transaction, new NewLedgerEntry(LedgerKind.ShiftClose, 0, actor)
            {
                Reason = variance == 0 ? null : reason, Detail = JsonSerializer.Serialize(detail, DetailJson),
            });
            if (!close.IsSuccess)
            {
                return close.Problem;
            }

            var digest = await _ledger.WriteDigestAsync(connection, transaction, $"shift:{shift.OpenSeq}", shift.OpenSeq, close.Value.Seq, actor);
            if (digest.IsSuccess)
            {
                await AuditLog.AppendAsync(connection, transaction, Instants.ToText(_timeProvider.GetUtcNow()), actor, "shift.close", "shift", close.Value.Seq, null,
                    new { countedFen, expectedFen = shift.ExpectedFen, witness = witness.Trim() });
            }

            return digest.IsSuccess
                ? new ShiftClose(shift, close.Value, digest.Value.Entry, digest.Value.Digest, countedFen, witness.Trim())
                : Result<ShiftClose>.Failure(digest.Problem);
        }, r => r.IsSuccess, cancellationToken);

    /// <summary>
    /// Why <paramref name="actor"/> may not take cash now, or null when they may: cash goes into the shift of the person
    /// taking it, so without a shift open, or with someone else's open, it is refused.
    /// </summary>
    internal static async Task<Problem?> CashRefusalAsync(SqliteConnection connection, SqliteTransaction transaction, string actor) =>
        await CurrentShiftAsync(connection, transaction) switch
        {
            null => new Problem("no-shift", "no shift is open: open a shift before taking cash", "当前没有开班，收现金前请先开班"),
            { OpenedBy: var owner } when !string.Equals(owner, actor, StringComparison.OrdinalIgnoreCase) =>
                new Problem("not-your-shift", $"the shift open now is {owner}'s: cash goes into the shift of the person taking it", $"当前班次是 {owner} 开的，现金只能收进收款人自己的班次"),
            _ => null,
        };

    private static async Task<ShiftState?> CurrentShiftAsync(SqliteConnection connection, SqliteTransaction? transaction)
    {
        var open = await connection.QuerySingleOrDefaultAsync<(long Seq, string AtUtc, string Operator, string Detail)>(
            """
            SELECT seq, at_utc, operator, detail FROM ledger
            WHERE kind = 'shift-open' AND seq > coalesce((SELECT max(seq) FROM ledger WHERE kind = 'shift-close'), 0)
            ORDER BY seq DESC LIMIT 1;
            """,
            transaction: transaction);
        if (open.Detail is null)
        {
            return null;
        }

        var cash = await connection.ExecuteScalarAsync<long>(
            "SELECT coalesce(sum(amount_fen), 0) FROM ledger WHERE channel = 'cash' AND seq > @seq;", new { seq = open.Seq }, transaction);
        var detail = JsonSerializer.Deserialize<ShiftDetail>(open.Detail, DetailJson)!;
        return new ShiftState(open.Seq, Instants.FromText(open.AtUtc), open.Operator, detail.FloatFen, cash);
    }
}
