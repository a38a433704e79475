using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ParkingGate.Storage.Registry;

/// <summary>
/// Households, their vehicles, passes and the blocklist. Every change is one IMMEDIATE transaction that
/// checks, writes and appends to the audit log together, so a refused change leaves the file exactly as it was.
/// </summary>
public sealed partial class RegistryStore
{
    private static readonly JsonSerializerOptions AuditJson = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // keep Chinese readable in the audit log
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the store over an opened database.</summary>
    public RegistryStore(SqliteDatabase database, TimeProvider timeProvider)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    private string Now() => Instants.ToText(_timeProvider.GetUtcNow());

    private Task<T> InTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, Func<T, bool> commit, CancellationToken cancellationToken) =>
        _database.WriteAsync(work, commit, cancellationToken);

    internal static async Task AuditAsync(
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

    /// <summary>
    /// Records an action that changes nothing in the registry itself (a sign-in, a lockout, a page's use) in the
    /// audit log, with who did it.
    /// </summary>
    public Task RecordAsync(string actor, string action, string entity, long? entityId, object? detail, CancellationToken cancellationToken = default)
    {
        RequireActor(actor);
        return InTransactionAsync(
            async (connection, transaction) =>
            {
                await AuditAsync(connection, transaction, Now(), actor, action, entity, entityId, null, detail);
                return true;
            },
            _ => true,
            cancellationToken);
    }

    private static void RequireActor(string actor) => ArgumentException.ThrowIfNullOrWhiteSpace(actor);
}
