using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ParkingGate.Storage.Audit;

/// <summary>
/// Who did what, when: registry changes write their row in their own transaction; actions that change nothing in the
/// registry (a cash payment, a shift, an export, a sign-in) are recorded here after the fact. Rows are only appended.
/// </summary>
public sealed class AuditLog
{
    private static readonly JsonSerializerOptions AuditJson = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep Chinese readable in the audit log
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the log over an opened database.</summary>
    public AuditLog(SqliteDatabase database, TimeProvider timeProvider)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>Records an action, with who did it and what it was about.</summary>
    public Task RecordAsync(string actor, string action, string entity, long? entityId, object? detail, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return _database.WriteAsync(
            async (connection, transaction) =>
            {
                await AppendAsync(connection, transaction, Instants.ToText(_timeProvider.GetUtcNow()), actor, action, entity, entityId, null, detail);
                return true;
            },
            _ => true,
            cancellationToken);
    }

    /// <summary>
    /// The newest entries first, optionally of one entity kind (household, vehicle, blocklist, pass, stay, shift…) and
    /// older than entry <paramref name="beforeId"/> (the next page).
    /// </summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(int limit = 100, string? entity = null, long? beforeId = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<AuditRow>(
            """
            SELECT id AS Id, at_utc AS AtUtc, actor AS Actor, action AS Action, entity AS Entity, entity_id AS EntityId,
                   before_json AS BeforeJson, after_json AS AfterJson
            FROM audit_log
            WHERE (@entity IS NULL OR entity = @entity) AND (@beforeId IS NULL OR id < @beforeId)
            ORDER BY id DESC
            LIMIT @limit;
            """,
            new { limit, entity, beforeId });
        return rows.Select(r => new AuditEntry(r.Id, Instants.FromText(r.AtUtc), r.Actor, r.Action, r.Entity, r.EntityId, r.BeforeJson, r.AfterJson)).ToList();
    }

    /// <summary>Appends a row in the caller's transaction, so the change and its record commit together.</summary>
    internal static async Task AppendAsync(
        SqliteConnection connection, SqliteTransaction transaction, string at, string actor, string action,
        string entity, long? entityId, object? before, object? after) =>
        await connection.ExecuteAsync(
            """
            INSERT INTO audit_log (at_utc, actor, action, entity, entity_id, before_json, after_json)
            VALUES (@at, @actor, @action, @entity, @entityId, @before, @after);
            """,
            new
            {
                at, actor, action, entity, entityId,
                before = before is null ? null : JsonSerializer.Serialize(before, AuditJson),
                after = after is null ? null : JsonSerializer.Serialize(after, AuditJson),
            },
            transaction);

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
