using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Storage.Ledger;

namespace ParkingGate.Storage.Stays;

public sealed partial class StayStore
{
    /// <summary>How far back a driver's stated entry time may go: beyond this the booth charges a decided amount with a reason.</summary>
    public static readonly TimeSpan LongestStatedStay = TimeSpan.FromDays(31);

    /// <summary>The stays a plate still owes for (left without settling), oldest first.</summary>
    public async Task<IReadOnlyList<Stay>> OwingAsync(string plate, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await OwingAsync(connection, null, plate);
    }

    /// <inheritdoc/>
    public async Task<long> OwedFenAsync(string plate, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await OwedFenAsync(connection, null, plate);
    }

    /// <summary>The prefix of the temporary id a car without a readable plate is let in under (无牌0001, 无牌0002 …).</summary>
    public const string UnplatedPrefix = "无牌";

    /// <summary>The next temporary id for a car without a readable plate.</summary>
    public async Task<string> NextUnplatedAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var count = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM stays WHERE plate LIKE @prefix;", new { prefix = UnplatedPrefix + "%" });
        return $"{UnplatedPrefix}{count + 1:D4}";
    }

    /// <summary>Every stay still owed for (欠费), oldest first: the booth and the reports list them.</summary>
    public async Task<IReadOnlyList<Stay>> AllOwingAsync(int limit = 500, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<StayRow>(
            $"SELECT {StayRow.Columns} FROM stays WHERE owed_fen > 0 AND arrears_seq IS NULL ORDER BY id LIMIT @limit;", new { limit });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// Cars inside that an exit with no entry record could be: entered between <paramref name="from"/> and
    /// <paramref name="until"/> (either may be null), with <paramref name="platePart"/> anywhere in the plate; newest first.
    /// </summary>
    public async Task<IReadOnlyList<Stay>> InsideAsync(string? platePart, DateTimeOffset? from, DateTimeOffset? until, int limit = 24, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<StayRow>(
            $"""
            SELECT {StayRow.Columns} FROM stays
            WHERE status = 'inside' AND (@part IS NULL OR instr(plate, @part) > 0)
              AND (@from IS NULL OR entry_utc >= @from) AND (@until IS NULL OR entry_utc < @until)
            ORDER BY entry_utc DESC LIMIT @limit;
            """,
            new
            {
                part = string.IsNullOrWhiteSpace(platePart) ? null : platePart.Trim().ToUpperInvariant(),
                from = from is { } f ? Instants.ToText(f) : null, until = until is { } u ? Instants.ToText(u) : null, limit,
            });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>
    /// A car at the exit let out without paying what it owes (the driver has no money; a barrier lifted by hand): the
    /// stay closes with a manual-opening entry that says so, and the amount stays owed by the plate until the booth
    /// collects it at a later visit. Only a stay awaiting a known fee can be left owing.
    /// </summary>
    public Task<Result<LedgerEntry>> LeaveOwingAsync(long stayId, string reason, string actor, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 2)
            {
                return Result<LedgerEntry>.Failure("missing-reason", "letting a car out owing needs a reason", "欠费放行必须填写原因");
            }

            var stay = await FindAsync(connection, transaction, stayId);
            if (stay is not { Status: StayStatus.AwaitingPayment, DueFen: > 0 })
            {
                return Result<LedgerEntry>.Failure("nothing-due",
                    $"stay {stayId} is not awaiting a known fee at the exit: only such a stay can be left owing",
                    $"第 {stayId} 次停车不在出口等待一笔确定的费用，不能记为欠费");
            }

            return await OweAsync(connection, transaction, stay, reason, actor);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Result<LedgerEntry>> LeftUnsettledAsync(long stayId, string reason, string actor, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            var stay = await FindAsync(connection, transaction, stayId);
            var freeReason = await connection.ExecuteScalarAsync<string?>("SELECT free_reason FROM stays WHERE id = @stayId;", new { stayId }, transaction);
            return stay switch
            {
                { Status: StayStatus.AwaitingPayment, DueFen: > 0 } => await OweAsync(connection, transaction, stay, reason, actor),
                { Status: StayStatus.AwaitingPayment, DueFen: 0 } => await CloseAsync(connection, transaction, stay, LedgerKind.FreeExit, StayClosing.Free, 0, null, null,
                    freeReason is { } free ? $"{free}；{reason}" : reason, actor),
                _ => Result<LedgerEntry>.Failure("not-priced",
                    $"stay {stayId} is not priced at an exit: the booth settles it",
                    $"第 {stayId} 次停车未在出口计出费用，请收费亭处理"),
            };
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Result<Stay>> VoidEntryAsync(long stayId, string reason, string actor, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            var stay = await FindAsync(connection, transaction, stayId);
            if (stay is not { Status: StayStatus.Inside, ExitUtc: null })
            {
                return Result<Stay>.Failure("not-inside", $"stay {stayId} is not an entry still inside: only such an entry can be voided", $"第 {stayId} 次停车不是仍在场内的入场记录，不能作废");
            }

            var now = Now();
            await connection.ExecuteAsync(
                "UPDATE stays SET status = 'closed', voided_utc = @now, void_reason = @reason, updated_utc = @now WHERE id = @id;",
                new { now, reason, id = stayId }, transaction);
            await Audit.AuditLog.AppendAsync(connection, transaction, now, actor, "stay.void", "stay", stayId, null, new { stay.Plate, reason });
            return (await FindAsync(connection, transaction, stayId))!;
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<Stay?> FindByReadAsync(string readId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryFirstOrDefaultAsync<StayRow>(
            $"SELECT {StayRow.Columns} FROM stays WHERE entry_read = @readId OR exit_read = @readId ORDER BY id DESC LIMIT 1;", new { readId }))?.ToRecord();
    }

    /// <summary>Closes a stay awaiting its fee with a manual-opening entry; what was due stays owed by the plate.</summary>
    private async Task<Result<LedgerEntry>> OweAsync(SqliteConnection connection, SqliteTransaction transaction, Stay stay, string reason, string actor)
    {
        var closed = await CloseAsync(connection, transaction, stay, LedgerKind.ManualOpening, StayClosing.Manual, 0, null, null,
            $"欠费放行 left owing {Money.Yuan(stay.DueFen!.Value)}：{reason.Trim()}", actor);
        if (closed.IsSuccess)
        {
            await connection.ExecuteAsync("UPDATE stays SET owed_fen = @owed WHERE id = @id;", new { owed = stay.DueFen, id = stay.Id }, transaction);
        }

        return closed;
    }

    /// <summary>
    /// The exit with no entry record takes its entry from a time the driver states (today, or a date the cashier
    /// types): the stay is priced again on that entry, marked as stated by <paramref name="actor"/>.
    /// </summary>
    public Task<Result<ExitOutcome>> StateEntryAsync(long stayId, DateTimeOffset enteredAt, TariffBook tariffs, string actor, CancellationToken cancellationToken = default) =>
        GiveEntryAsync(stayId, tariffs, actor, async (connection, transaction, stay) =>
        {
            var exitAt = stay.ExitUtc!.Value;
            if (enteredAt >= exitAt || enteredAt < exitAt - LongestStatedStay)
            {
                return new Problem("bad-entry-time",
                    $"the stated entry must be before the exit ({exitAt:yyyy-MM-dd HH:mm} UTC) and within {LongestStatedStay.TotalDays} days of it",
                    $"所述入场时间必须早于出场时间，且在出场前 {LongestStatedStay.TotalDays} 天之内；更早的请按确定金额收费并写明原因");
            }

            await connection.ExecuteAsync(
                "UPDATE stays SET entry_utc = @at, entry_stated_by = @actor WHERE id = @id;",
                new { at = Instants.ToText(enteredAt), actor, id = stay.Id }, transaction);
            return null;
        }, cancellationToken);

    /// <summary>
    /// The exit with no entry record is the car of a stay inside (its plate misread at the entry): the exit's stay takes
    /// that entry (lane, time, read, picture) and is priced on it; the stay inside closes into it, with no ledger entry
    /// of its own, pointing at the stay that absorbed it, so the car is counted once.
    /// </summary>
    public Task<Result<ExitOutcome>> MatchEntryAsync(long stayId, long insideId, TariffBook tariffs, string actor, CancellationToken cancellationToken = default) =>
        GiveEntryAsync(stayId, tariffs, actor, async (connection, transaction, stay) =>
        {
            var inside = await FindAsync(connection, transaction, insideId);
            if (inside is not { Status: StayStatus.Inside, EntryUtc: { } entered } || entered > stay.ExitUtc)
            {
                return new Problem("not-inside",
                    $"stay {insideId} is not a car inside that entered before this exit", $"第 {insideId} 次停车不是在此出场前入场、仍在场内的车辆（可能已离场或已被匹配）");
            }

            await connection.ExecuteAsync(
                """
                UPDATE stays SET status = 'closed', merged_into = @stayId, due_fen = 0, updated_utc = @now WHERE id = @insideId;
                UPDATE stays SET entry_lane = @lane, entry_utc = @at, entry_read = @read, entry_fuzzy = @fuzzy WHERE id = @stayId;
                """,
                new { stayId = stay.Id, insideId, lane = inside.EntryLane, at = Instants.ToText(entered), read = inside.EntryRead, fuzzy = inside.EntryFuzzy, now = Now() },
                transaction);
            return null;
        }, cancellationToken);

    /// <summary>
    /// Gives an exit waiting with no entry record its entry (<paramref name="give"/> writes it, or says why not) and
    /// prices the stay again on it, in one transaction.
    /// </summary>
    private Task<Result<ExitOutcome>> GiveEntryAsync(
        long stayId, TariffBook tariffs, string actor, Func<SqliteConnection, SqliteTransaction, Stay, Task<Problem?>> give, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tariffs);
        return InTransactionAsync(async (connection, transaction) =>
        {
            var stay = await FindAsync(connection, transaction, stayId);
            if (stay is not { Status: StayStatus.AwaitingPayment, EntryUtc: null, ExitUtc: { } exitAt, ExitLane: { } lane })
            {
                return Result<ExitOutcome>.Failure("has-entry", $"stay {stayId} is not an exit waiting with no entry record", $"第 {stayId} 次停车不是在出口等待、无入场记录的车辆");
            }

            if (await give(connection, transaction, stay) is { } refused)
            {
                return refused;
            }

            return await PriceAsync(connection, transaction, (await FindAsync(connection, transaction, stayId))!, lane, exitAt, stay.ExitRead, tariffs, actor);
        }, cancellationToken);
    }

    /// <summary>
    /// Writes one cash entry per stay <paramref name="stay"/>'s plate owes, each linked to the stay it pays for and to
    /// the stay it was collected with, in the caller's transaction; returns the total.
    /// </summary>
    private async Task<Result<long>> CollectArrearsAsync(SqliteConnection connection, SqliteTransaction transaction, Stay stay, string actor)
    {
        long total = 0;
        foreach (var owed in await OwingAsync(connection, transaction, stay.Plate))
        {
            var entry = await _ledger.AppendAsync(connection, transaction, new NewLedgerEntry(LedgerKind.VisitorFee, owed.OwedFen!.Value, actor)
            {
                Plate = owed.Plate, StayId = owed.Id, Channel = PaymentChannel.Cash, TariffId = owed.TariffId, TariffHash = owed.TariffHash,
                Reason = $"追缴欠费 arrears of stay {owed.Id}（{owed.ExitUtc:yyyy-MM-dd} 离场）",
                Detail = $$"""{"collectedWithStay":{{stay.Id}}}""",
            });
            if (!entry.IsSuccess)
            {
                return entry.Problem;
            }

            await connection.ExecuteAsync("UPDATE stays SET arrears_seq = @seq WHERE id = @id;", new { seq = entry.Value.Seq, id = owed.Id }, transaction);
            total += owed.OwedFen.Value;
        }

        return total;
    }

    /// <summary>The arrears collected together with <paramref name="stayId"/>'s settlement (to recognise the same cash sent twice).</summary>
    private static Task<long> ArrearsCollectedWithAsync(SqliteConnection connection, SqliteTransaction transaction, long stayId) =>
        connection.ExecuteScalarAsync<long>(
            "SELECT COALESCE(SUM(amount_fen), 0) FROM ledger WHERE kind = 'visitor-fee' AND stay_id <> @stayId AND (CASE WHEN json_valid(detail) THEN json_extract(detail, '$.collectedWithStay') END) = @stayId;",
            new { stayId }, transaction);

    private static async Task<long> OwedFenAsync(SqliteConnection connection, SqliteTransaction? transaction, string plate) =>
        await connection.ExecuteScalarAsync<long?>(
            "SELECT SUM(owed_fen) FROM stays WHERE plate = @plate AND owed_fen > 0 AND arrears_seq IS NULL;", new { plate }, transaction) ?? 0;

    private static async Task<IReadOnlyList<Stay>> OwingAsync(SqliteConnection connection, SqliteTransaction? transaction, string plate) =>
        (await connection.QueryAsync<StayRow>(
            $"SELECT {StayRow.Columns} FROM stays WHERE plate = @plate AND owed_fen > 0 AND arrears_seq IS NULL ORDER BY id;", new { plate }, transaction))
        .Select(r => r.ToRecord()).ToList();
}
