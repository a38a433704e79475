using Dapper;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;
using ParkingGate.Storage.Audit;
using ParkingGate.Storage.Ledger;

namespace ParkingGate.Storage.Lanes;

/// <summary>A lane held open (常开): since when, by whom, why; and, once ended, by whom and why.</summary>
public sealed record LaneHold(
    long Id, string Lane, DateTimeOffset StartedUtc, string StartedBy, string Reason, long StartSeq,
    DateTimeOffset? EndedUtc, string? EndedBy, string? EndReason, long? EndSeq)
{
    /// <summary>True while the hold lasts.</summary>
    public bool Open => EndedUtc is null;
}

/// <summary>
/// Lanes held open: starting and ending a hold writes its ledger entry (hold-start, hold-end: who and why) and its
/// audit row in the same transaction. The running gate applies what is open here to the barriers, whoever wrote it
/// (the desk, the command line).
/// </summary>
public sealed class LaneHoldStore(SqliteDatabase database, LedgerStore ledger)
{
    /// <summary>Holds <paramref name="lane"/> open from now; refused without a reason or while it is held already.</summary>
    public Task<Result<LaneHold>> StartAsync(string lane, string reason, string actor, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            if (Refusal(reason, "常开", "holding a lane open") is { } refused)
            {
                return refused;
            }

            if (await OpenAsync(connection, transaction, lane) is { } open)
            {
                return Result<LaneHold>.Failure("already-held",
                    $"lane {lane} is held open already (since {open.StartedUtc:yyyy-MM-dd HH:mm} UTC, by {open.StartedBy}: {open.Reason})",
                    $"车道 {lane} 已在常开中（{open.StartedBy}：{open.Reason}）");
            }

            var entry = await ledger.AppendAsync(connection, transaction, new NewLedgerEntry(LedgerKind.HoldStart, 0, actor) { Reason = reason.Trim(), Detail = $"lane={lane}" });
            if (!entry.IsSuccess)
            {
                return entry.Problem;
            }

            var now = Instants.ToText(entry.Value.AtUtc);
            var id = await connection.ExecuteScalarAsync<long>(
                "INSERT INTO lane_holds (lane, started_utc, started_by, reason, start_seq) VALUES (@lane, @now, @actor, @reason, @seq) RETURNING id;",
                new { lane, now, actor, reason = reason.Trim(), seq = entry.Value.Seq }, transaction);
            await AuditLog.AppendAsync(connection, transaction, now, actor, "lane.hold", "lane_hold", id, null, new { lane, reason = reason.Trim(), ledgerSeq = entry.Value.Seq });
            return (await FindAsync(connection, transaction, id))!;
        }, r => r.IsSuccess, cancellationToken);

    /// <summary>Ends the hold of <paramref name="lane"/>; refused without a reason or when it is not held.</summary>
    public Task<Result<LaneHold>> EndAsync(string lane, string reason, string actor, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            if (Refusal(reason, "结束常开", "ending a hold") is { } refused)
            {
                return refused;
            }

            if (await OpenAsync(connection, transaction, lane) is not { } open)
            {
                return Result<LaneHold>.Failure("not-held", $"lane {lane} is not held open", $"车道 {lane} 没有在常开");
            }

            var entry = await ledger.AppendAsync(connection, transaction, new NewLedgerEntry(LedgerKind.HoldEnd, 0, actor)
            {
                Reason = reason.Trim(), Detail = $"lane={lane};start={open.StartSeq}",
            });
            if (!entry.IsSuccess)
            {
                return entry.Problem;
            }

            var now = Instants.ToText(entry.Value.AtUtc);
            await connection.ExecuteAsync(
                "UPDATE lane_holds SET ended_utc = @now, ended_by = @actor, end_reason = @reason, end_seq = @seq WHERE id = @id;",
                new { now, actor, reason = reason.Trim(), seq = entry.Value.Seq, id = open.Id }, transaction);
            await AuditLog.AppendAsync(connection, transaction, now, actor, "lane.release", "lane_hold", open.Id, null, new { lane, reason = reason.Trim(), ledgerSeq = entry.Value.Seq });
            return (await FindAsync(connection, transaction, open.Id))!;
        }, r => r.IsSuccess, cancellationToken);

    /// <summary>The holds open now, by lane.</summary>
    public async Task<IReadOnlyList<LaneHold>> OpenAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await QueryAsync(connection, null, "WHERE ended_utc IS NULL ORDER BY lane", null);
    }

    /// <summary>The latest holds, open or ended, newest first.</summary>
    public async Task<IReadOnlyList<LaneHold>> RecentAsync(int limit = 20, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await QueryAsync(connection, null, "ORDER BY id DESC LIMIT @limit", new { limit });
    }

    private static Problem? Refusal(string? reason, string zh, string en) =>
        string.IsNullOrWhiteSpace(reason) || reason.Trim().Length is < 2 or > 200
            ? new Problem("missing-reason", $"{en} needs a reason (2–200 characters), kept in the ledger", $"{zh}必须填写原因（2–200字），原因记入账本")
            : null;

    private static async Task<LaneHold?> OpenAsync(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction transaction, string lane) =>
        (await QueryAsync(connection, transaction, "WHERE lane = @lane AND ended_utc IS NULL", new { lane })).SingleOrDefault();

    private static async Task<LaneHold?> FindAsync(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction transaction, long id) =>
        (await QueryAsync(connection, transaction, "WHERE id = @id", new { id })).SingleOrDefault();

    private static async Task<IReadOnlyList<LaneHold>> QueryAsync(Microsoft.Data.Sqlite.SqliteConnection connection, Microsoft.Data.Sqlite.SqliteTransaction? transaction, string where, object? parameters)
    {
        var rows = await connection.QueryAsync<(long Id, string Lane, string Started, string StartedBy, string Reason, long StartSeq, string? Ended, string? EndedBy, string? EndReason, long? EndSeq)>(
            $"SELECT id, lane, started_utc, started_by, reason, start_seq, ended_utc, ended_by, end_reason, end_seq FROM lane_holds {where};", parameters, transaction);
        return [.. rows.Select(r => new LaneHold(r.Id, r.Lane, Instants.FromText(r.Started), r.StartedBy, r.Reason, r.StartSeq,
            r.Ended is null ? null : Instants.FromText(r.Ended), r.EndedBy, r.EndReason, r.EndSeq))];
    }
}
