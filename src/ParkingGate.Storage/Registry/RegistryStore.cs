using Microsoft.Data.Sqlite;
using ParkingGate.Storage.Audit;

namespace ParkingGate.Storage.Registry;

/// <summary>
/// Households, their vehicles, passes and the blocklist. Every change is one IMMEDIATE transaction that
/// checks, writes and appends to the audit log together, so a refused change leaves the file exactly as it was.
/// </summary>
public sealed partial class RegistryStore : Lanes.IRegistryLookup
{
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

    private static Task AuditAsync(
        SqliteConnection connection, SqliteTransaction transaction, string at, string actor, string action,
        string entity, long? entityId, object? before, object? after) =>
        AuditLog.AppendAsync(connection, transaction, at, actor, action, entity, entityId, before, after);

    private static void RequireActor(string actor) => ArgumentException.ThrowIfNullOrWhiteSpace(actor);
}
