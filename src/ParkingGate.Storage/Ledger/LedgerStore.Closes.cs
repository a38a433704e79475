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

/// <summary>A closed shift: the close entry, the digest written after it, and the count.</summary>
public sealed record ShiftClose(LedgerEntry Close, LedgerEntry DigestEntry, Digest Digest, long ExpectedFen, long CountedFen)
{
    /// <summary>Counted minus expected: negative when cash is missing.</summary>
    public long VarianceFen => CountedFen - ExpectedFen;
}

public sealed partial class LedgerStore
{
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
        InTransactionAsync(async (connection, transaction) =>
        {
            if (floatFen < 0)
            {
                return Result<LedgerEntry>.Failure("invalid-amount", $"the float cannot be negative ({Money.Yuan(floatFen)})");
            }

            if (await CurrentShiftAsync(connection, transaction) is { } open)
            {
                return Result<LedgerEntry>.Failure("shift-open", $"a shift opened by {open.OpenedBy} (entry {open.OpenSeq}) is still open; close it first");
            }

            var opened = await AppendAsync(connection, transaction, new NewLedgerEntry(LedgerKind.ShiftOpen, 0, actor)
            {
                Detail = JsonSerializer.Serialize(new ShiftDetail(floatFen), DetailJson),
            });
            if (opened.IsSuccess)
            {
                await AuditLog.AppendAsync(connection, transaction, Instants.ToText(_timeProvider.GetUtcNow()), actor, "shift.open", "shift", null, null, new { floatFen });
            }

            return opened;
        }, cancellationToken);

    /// <summary>
    /// Closes the shift (交班): the cash counted against the cash expected from the ledger, a reason when they
    /// differ, and a second person who counted too. Writes the close and then a digest of the whole shift.
    /// </summary>
    public Task<Result<ShiftClose>> CloseShiftAsync(long countedFen, string? reason, string witness, string actor, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            if (await CurrentShiftAsync(connection, transaction) is not { } shift)
            {
                return Result<ShiftClose>.Failure("no-shift", "no shift is open");
            }

            if (string.IsNullOrWhiteSpace(witness) || string.Equals(witness.Trim(), actor.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return Result<ShiftClose>.Failure("missing-witness", "closing a shift needs a second person's name, other than the operator's");
            }

            var variance = countedFen - shift.ExpectedFen;
            if (variance != 0 && string.IsNullOrWhiteSpace(reason))
            {
                return Result<ShiftClose>.Failure("missing-reason",
                    $"counted {Money.Yuan(countedFen)} but the ledger expects {Money.Yuan(shift.ExpectedFen)} (variance {Money.Yuan(variance)}): give the reason");
            }

            var detail = new ShiftDetail(shift.FloatFen, shift.OpenSeq, shift.ExpectedFen, countedFen, variance, witness.Trim());
            var close = await AppendAsync(connection, transaction, new NewLedgerEntry(LedgerKind.ShiftClose, 0, actor)
            {
                Reason = variance == 0 ? null : reason, Detail = JsonSerializer.Serialize(detail, DetailJson),
            });
            if (!close.IsSuccess)
            {
                return close.Problem;
            }

            var digest = await WriteDigestAsync(connection, transaction, $"shift:{shift.OpenSeq}", shift.OpenSeq, close.Value.Seq, actor);
            if (digest.IsSuccess)
            {
                await AuditLog.AppendAsync(connection, transaction, Instants.ToText(_timeProvider.GetUtcNow()), actor, "shift.close", "shift", close.Value.Seq, null,
                    new { countedFen, expectedFen = shift.ExpectedFen, witness = witness.Trim() });
            }

            return digest.IsSuccess
                ? new ShiftClose(close.Value, digest.Value.Entry, digest.Value.Digest, shift.ExpectedFen, countedFen)
                : Result<ShiftClose>.Failure(digest.Problem);
        }, cancellationToken);

    /// <summary>Closes a local calendar day with a digest of its entries. A day is closed once, after it ends.</summary>
    public Task<Result<(LedgerEntry Entry, Digest Digest)>> CloseDayAsync(DateOnly day, TimeZoneInfo zone, string actor, CancellationToken cancellationToken = default) =>
        ClosePeriodAsync($"day:{day:yyyy-MM-dd}", day, day.AddDays(1), zone, actor, cancellationToken);

    /// <summary>Closes a local calendar month with a digest of its entries, once, after it ends.</summary>
    public Task<Result<(LedgerEntry Entry, Digest Digest)>> CloseMonthAsync(int year, int month, TimeZoneInfo zone, string actor, CancellationToken cancellationToken = default)
    {
        var first = new DateOnly(year, month, 1);
        return ClosePeriodAsync($"month:{first:yyyy-MM}", first, first.AddMonths(1), zone, actor, cancellationToken);
    }

    /// <summary>The digest of the whole ledger as it stands: period <c>head</c>, not written to the ledger.</summary>
    public Digest HeadDigest()
    {
        var builder = new DigestBuilder(EstateId, "head", 0, LedgerHash.Genesis(EstateId));
        foreach (var entry in ReadAll())
        {
            builder.Add(entry);
        }

        return builder.Build();
    }

    private Task<Result<(LedgerEntry Entry, Digest Digest)>> ClosePeriodAsync(string period, DateOnly first, DateOnly end, TimeZoneInfo zone, string actor, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            var from = LocalDays.StartOf(first, zone);
            var until = LocalDays.StartOf(end, zone);
            if (_timeProvider.GetUtcNow() < until)
            {
                return Result<(LedgerEntry, Digest)>.Failure("period-open", $"{period} has not ended yet; close it after {until.ToOffset(zone.GetUtcOffset(until)):yyyy-MM-dd HH:mm}");
            }

            var closedBy = await connection.ExecuteScalarAsync<long?>(
                "SELECT seq FROM ledger WHERE kind = 'digest' AND reason = @period;", new { period }, transaction);
            if (closedBy is { } seq)
            {
                return Result<(LedgerEntry, Digest)>.Failure("already-closed", $"{period} was already closed by ledger entry {seq}");
            }

            var firstSeq = await FirstSeqAtOrAfterAsync(connection, transaction, from);
            var endSeq = await FirstSeqAtOrAfterAsync(connection, transaction, until);
            return await WriteDigestAsync(connection, transaction, period, firstSeq, endSeq - 1, actor);
        }, cancellationToken);

    /// <summary>
    /// The digest of a month: the one written when it was closed, or, while it is not closed, the same line computed
    /// without writing anything (marked by the <c>closed</c> flag).
    /// </summary>
    public async Task<(Digest Digest, bool Closed)> MonthDigestAsync(int year, int month, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        var first = new DateOnly(year, month, 1);
        var period = $"month:{first:yyyy-MM}";
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var firstSeq = await FirstSeqAtOrAfterAsync(connection, null, LocalDays.StartOf(first, zone));
        var endSeq = await FirstSeqAtOrAfterAsync(connection, null, LocalDays.StartOf(first.AddMonths(1), zone));
        var closed = await connection.ExecuteScalarAsync<long?>("SELECT seq FROM ledger WHERE kind = 'digest' AND reason = @period;", new { period });
        return (await BuildDigestAsync(connection, null, period, firstSeq, endSeq - 1), closed is not null);
    }

    /// <summary>Builds the digest of entries <paramref name="first"/>…<paramref name="last"/> and appends it as a digest entry.</summary>
    private async Task<Result<(LedgerEntry Entry, Digest Digest)>> WriteDigestAsync(
        SqliteConnection connection, SqliteTransaction transaction, string period, long first, long last, string actor)
    {
        var digest = await BuildDigestAsync(connection, transaction, period, first, last);
        var written = await AppendAsync(connection, transaction, new NewLedgerEntry(LedgerKind.Digest, 0, actor)
        {
            Reason = period, Detail = digest.ToString(),
        });
        return written.IsSuccess ? (written.Value, digest) : Result<(LedgerEntry, Digest)>.Failure(written.Problem);
    }

    private async Task<Digest> BuildDigestAsync(SqliteConnection connection, SqliteTransaction? transaction, string period, long first, long last)
    {
        var beforeHash = first <= 1
            ? LedgerHash.Genesis(EstateId)
            : await connection.ExecuteScalarAsync<string>("SELECT hash FROM ledger WHERE seq = @seq;", new { seq = first - 1 }, transaction) ?? "";
        var builder = new DigestBuilder(EstateId, period, first - 1, beforeHash);
        foreach (var entry in ReadEntries(connection, transaction, "WHERE seq BETWEEN @first AND @last",
                     new SqliteParameter("@first", first), new SqliteParameter("@last", last)))
        {
            builder.Add(entry);
        }

        return builder.Build();
    }

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
