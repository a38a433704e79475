using Dapper;
using Microsoft.Data.Sqlite;

namespace ParkingGate.Storage.Migrations;

/// <summary>
/// Brings a database to the newest schema this program knows, after checking that the file is ours.
/// </summary>
/// <remarks>
/// Our files carry <c>PRAGMA application_id</c> = <see cref="ApplicationId"/> and the schema version in
/// <c>PRAGMA user_version</c>. A file with another application id, or with tables but no id, is refused, and
/// so is a file whose version is newer than <see cref="LatestVersion"/>: an older program must not write to it.
/// Each migration runs in one IMMEDIATE transaction together with its version bump, so a crash leaves the
/// file at the previous version, never in between.
/// </remarks>
internal static class Migrator
{
    /// <summary>"PGTE" in ASCII: marks a ParkingGate database.</summary>
    public const int ApplicationId = 0x50475445;

    public static IReadOnlyList<Migration> All { get; } = [Schema.V1Registry, Schema.V2LedgerAndStays, Schema.V3LaneEvents, Schema.V4Users, Schema.V5LaneReasonEn, Schema.V6HeldReads, Schema.V7StayCorrections, Schema.V8CameraLists, Schema.V9OfflineRecords, Schema.V10LaneHolds, Schema.V11VoidedEntries, Schema.V12ListChecks, Schema.V13ListRecords, Schema.V14HouseholdSpaces, Schema.V15Invitations, Schema.V16ConductRegister];

    public static int LatestVersion => All[^1].Version;

    public static async Task<int> MigrateAsync(SqliteConnection connection, string path, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        await CheckOwnershipAsync(connection, path);
        var version = await connection.ExecuteScalarAsync<int>("PRAGMA user_version;");
        if (version > LatestVersion)
        {
            throw new StorageException(
                $"database '{path}' has schema version {version}, newer than this program supports ({LatestVersion}); " +
                "install the newer ParkingGate that wrote it instead of using this one");
        }

        if (version < LatestVersion)
        {
            // WAL survives in the file, so this is set once per database.
            await connection.ExecuteAsync("PRAGMA journal_mode = WAL;");
        }

        foreach (var migration in All.Where(m => m.Version > version))
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var current = await connection.ExecuteScalarAsync<int>("PRAGMA user_version;", transaction: transaction);
            if (current >= migration.Version)
            {
                version = current; // another process applied it while we waited for the lock
                continue;
            }

            await connection.ExecuteAsync(migration.Sql, transaction: transaction);
            await connection.ExecuteAsync(
                "INSERT INTO schema_migrations (version, name, applied_utc) VALUES (@Version, @Name, @At);",
                new { migration.Version, migration.Name, At = Instants.ToText(timeProvider.GetUtcNow()) },
                transaction);
            await connection.ExecuteAsync($"PRAGMA application_id = {ApplicationId}; PRAGMA user_version = {migration.Version};", transaction: transaction);
            await transaction.CommitAsync(cancellationToken);
            version = migration.Version;
        }

        return version;
    }

    private static async Task CheckOwnershipAsync(SqliteConnection connection, string path)
    {
        var applicationId = await connection.ExecuteScalarAsync<int>("PRAGMA application_id;");
        if (applicationId == ApplicationId)
        {
            return;
        }

        if (applicationId != 0)
        {
            throw new StorageException(
                $"database '{path}' belongs to another program (application id 0x{applicationId:X8}); refusing to change it");
        }

        var objects = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_master;");
        if (objects > 0)
        {
            throw new StorageException(
                $"database '{path}' already holds {objects} table(s) or index(es) that are not ParkingGate's; refusing to change it");
        }
    }
}
