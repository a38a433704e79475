using Microsoft.Data.Sqlite;
using ParkingGate.Storage.Audit;

namespace ParkingGate.Storage.Registry;

/// <summary>
/// What every registry store shares: each change is one IMMEDIATE transaction that checks, writes and appends to the
/// audit log together, so a refused change leaves the file exactly as it was.
/// </summary>
public abstract class RegistryTable
{
    /// <summary>Creates the store over an opened database.</summary>
    protected RegistryTable(SqliteDatabase database, TimeProvider timeProvider)
    {
        Database = database ?? throw new ArgumentNullException(nameof(database));
        Time = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    private protected SqliteDatabase Database { get; }

    private protected TimeProvider Time { get; }

    private protected string Now() => Instants.ToText(Time.GetUtcNow());

    private protected Task<T> InTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, Func<T, bool> commit, CancellationToken cancellationToken) =>
        Database.WriteAsync(work, commit, cancellationToken);

    private protected static Task AuditAsync(
        SqliteConnection connection, SqliteTransaction transaction, string at, string actor, string action,
        string entity, long? entityId, object? before, object? after) =>
        AuditLog.AppendAsync(connection, transaction, at, actor, action, entity, entityId, before, after);

    private protected static void RequireActor(string actor) => ArgumentException.ThrowIfNullOrWhiteSpace(actor);
}
