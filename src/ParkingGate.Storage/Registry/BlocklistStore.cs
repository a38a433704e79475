using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain;
using ParkingGate.Domain.Plates;

namespace ParkingGate.Storage.Registry;

/// <summary>Plates refused at entry, each with its reason; a lifted entry stays in history.</summary>
public sealed class BlocklistStore(SqliteDatabase database, TimeProvider timeProvider) : RegistryTable(database, timeProvider)
{
    private const string BlocklistColumns =
        "id AS Id, plate AS Plate, reason AS Reason, added_utc AS AddedUtc, added_by AS AddedBy, ends_utc AS EndsUtc, decision_seq AS DecisionSeq";

    /// <summary>Refuses <paramref name="plate"/> at entry from now on, for <paramref name="reason"/>.</summary>
    public Task<Result<BlocklistEntry>> AddToBlocklistAsync(Plate plate, string reason, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plate);
        RequireActor(actor);
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Task.FromResult(Result<BlocklistEntry>.Failure("missing-reason", $"a reason is required to blocklist {plate}", $"把 {plate} 加入黑名单必须填写原因"));
        }

        return InTransactionAsync(
            async (connection, transaction) =>
            {
                var existing = await FindBlocklistEntryAsync(connection, transaction, plate.Text);
                if (existing is not null)
                {
                    return Result<BlocklistEntry>.Failure("already-blocked",
                        $"plate {plate} is already on the blocklist since {existing.AddedUtc:yyyy-MM-dd} ({existing.Reason})", $"{plate} 自 {existing.AddedUtc:yyyy-MM-dd} 起已在黑名单上（{existing.Reason}）");
                }

                return await InsertAsync(connection, transaction, plate.Text, reason.Trim(), null, null, Now(), actor);
            },
            r => r.IsSuccess,
            cancellationToken);
    }

    /// <summary>Takes <paramref name="plate"/> off the blocklist; the entry stays in history with the reason.</summary>
    public Task<Result<BlocklistEntry>> RemoveFromBlocklistAsync(Plate plate, string reason, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plate);
        RequireActor(actor);
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Task.FromResult(Result<BlocklistEntry>.Failure("missing-reason", $"a reason is required to take {plate} off the blocklist", $"把 {plate} 移出黑名单必须填写原因"));
        }

        return InTransactionAsync(
            async (connection, transaction) =>
            {
                var existing = await FindBlocklistEntryAsync(connection, transaction, plate.Text);
                if (existing is null)
                {
                    return Result<BlocklistEntry>.Failure("not-blocked", $"plate {plate} is not on the blocklist", $"{plate} 不在黑名单上");
                }

                var now = Now();
                await connection.ExecuteAsync(
                    """
                    UPDATE blocklist SET removed_utc = @now, removed_by = @actor, removed_reason = @reason
                    WHERE id = @id AND removed_utc IS NULL;
                    """,
                    new { now, actor, reason = reason.Trim(), id = existing.Id },
                    transaction);
                await AuditAsync(connection, transaction, now, actor, "blocklist.remove", "blocklist", existing.Id, existing, new { removedUtc = now, reason = reason.Trim() });
                await Cameras.CameraListStore.PlateChangedAsync(connection, transaction, existing.Plate, now);
                return existing;
            },
            r => r.IsSuccess,
            cancellationToken);
    }

    /// <summary>
    /// Writes a blocklist entry in the caller's transaction, with its audit entry and the change for the cameras' lists;
    /// <paramref name="endsUtc"/> ends it (lifted then by <see cref="LiftEndedAsync"/>), <paramref name="decisionSeq"/> names
    /// the conduct register's decision that made it.
    /// </summary>
    internal static async Task<BlocklistEntry> InsertAsync(
        SqliteConnection connection, SqliteTransaction transaction, string plate, string reason, DateTimeOffset? endsUtc, long? decisionSeq, string now, string actor)
    {
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO blocklist (plate, reason, added_utc, added_by, ends_utc, decision_seq) VALUES (@plate, @reason, @now, @actor, @ends, @decisionSeq)
            RETURNING id;
            """,
            new { plate, reason, now, actor, ends = endsUtc is { } e ? Instants.ToText(e) : null, decisionSeq },
            transaction);
        var entry = new BlocklistEntry(id, plate, reason, Instants.FromText(now), actor) { EndsUtc = endsUtc, DecisionSeq = decisionSeq };
        await AuditAsync(connection, transaction, now, actor, "blocklist.add", "blocklist", id, null, entry);
        await Cameras.CameraListStore.PlateChangedAsync(connection, transaction, plate, now);
        return entry;
    }

    /// <summary>
    /// Lifts every entry whose end has come (a block the committee decided for so many days), each with an audit entry
    /// and the change for the cameras' lists; the entry stays in history. Run every minute by the gate.
    /// </summary>
    public Task<int> LiftEndedAsync(CancellationToken cancellationToken = default) =>
        InTransactionAsync(
            async (connection, transaction) =>
            {
                var now = Now();
                var ended = (await connection.QueryAsync<BlocklistRow>(
                    $"SELECT {BlocklistColumns} FROM blocklist WHERE removed_utc IS NULL AND ends_utc IS NOT NULL AND ends_utc <= @now;",
                    new { now }, transaction)).Select(r => r.ToRecord()).ToList();
                foreach (var entry in ended)
                {
                    const string reason = "到期自动解除 the block ended";
                    await connection.ExecuteAsync(
                        "UPDATE blocklist SET removed_utc = @now, removed_by = 'rules', removed_reason = @reason WHERE id = @id AND removed_utc IS NULL;",
                        new { now, reason, id = entry.Id }, transaction);
                    await AuditAsync(connection, transaction, now, "rules", "blocklist.remove", "blocklist", entry.Id, entry, new { removedUtc = now, reason });
                    await Cameras.CameraListStore.PlateChangedAsync(connection, transaction, entry.Plate, now);
                }

                return ended.Count;
            },
            _ => true,
            cancellationToken);

    /// <summary>The plates currently on the blocklist.</summary>
    public async Task<IReadOnlyList<BlocklistEntry>> ListBlocklistAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<BlocklistRow>(
            $"SELECT {BlocklistColumns} FROM blocklist WHERE removed_utc IS NULL AND (ends_utc IS NULL OR ends_utc > @now) ORDER BY plate;",
            new { now = Now() });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    /// <summary>The blocklist entry refusing <paramref name="plate"/> now (one whose end has come refuses nothing), or null.</summary>
    public async Task<BlocklistEntry?> FindBlocklistEntryAsync(string plate, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        return await FindBlocklistEntryAsync(connection, null, plate) is { } entry && (entry.EndsUtc is null || entry.EndsUtc > Time.GetUtcNow()) ? entry : null;
    }

    private static async Task<BlocklistEntry?> FindBlocklistEntryAsync(SqliteConnection connection, SqliteTransaction? transaction, string plate)
    {
        var row = await connection.QuerySingleOrDefaultAsync<BlocklistRow>(
            $"SELECT {BlocklistColumns} FROM blocklist WHERE plate = @plate AND removed_utc IS NULL;",
            new { plate },
            transaction);
        return row?.ToRecord();
    }

    private sealed class BlocklistRow
    {
        public long Id { get; init; }
        public string Plate { get; init; } = "";
        public string Reason { get; init; } = "";
        public string AddedUtc { get; init; } = "";
        public string AddedBy { get; init; } = "";
        public string? EndsUtc { get; init; }
        public long? DecisionSeq { get; init; }

        public BlocklistEntry ToRecord() => new(Id, Plate, Reason, Instants.FromText(AddedUtc), AddedBy)
        {
            EndsUtc = Instants.FromNullableText(EndsUtc), DecisionSeq = DecisionSeq,
        };
    }
}
