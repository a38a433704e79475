using Dapper;

namespace ParkingGate.Storage.Registry;

public sealed partial class RegistryStore
{
    /// <summary>The newest audit entries first, optionally of one entity kind (household, vehicle, blocklist, pass).</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAuditAsync(int limit = 100, string? entity = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditRow>(
            """
            SELECT id AS Id, at_utc AS AtUtc, actor AS Actor, action AS Action, entity AS Entity, entity_id AS EntityId,
                   before_json AS BeforeJson, after_json AS AfterJson
            FROM audit_log
            WHERE @entity IS NULL OR entity = @entity
            ORDER BY id DESC
            LIMIT @limit;
            """,
            new { limit, entity });
        return rows.Select(r => new AuditEntry(r.Id, Instants.FromText(r.AtUtc), r.Actor, r.Action, r.Entity, r.EntityId, r.BeforeJson, r.AfterJson)).ToList();
    }

    private sealed class AuditRow
    {
        public long Id { get; init; }
        public string AtUtc { get; init; } = "";
        public string Actor { get; init; } = "";
        public string Action { get; init; } = "";
        public string Entity { get; init; } = "";
        public long? EntityId { get; init; }
        public string? BeforeJson { get; init; }
        public string? AfterJson { get; init; }
    }
}
