using Microsoft.Data.Sqlite;
using ParkingGate.Storage.Migrations;

namespace ParkingGate.Storage;

/// <summary>
/// The estate's SQLite file. Opening it checks that the file is ours and brings its schema up to date,
/// so every caller sees the current schema or a clear refusal.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The writer semaphore's wait handle is never used, so it holds nothing to dispose; the database lives as long as the process.")]
public sealed class SqliteDatabase
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _writer = new(1, 1);

    private SqliteDatabase(string path, string connectionString)
    {
        Path = path;
        _connectionString = connectionString;
    }

    /// <summary>The database file path as given.</summary>
    public string Path { get; }

    /// <summary>The schema version the file is at after opening.</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>
    /// Opens (creating if needed) the database at <paramref name="path"/> and applies pending migrations.
    /// </summary>
    /// <exception cref="StorageException">The file is not ours, is newer than this program, or cannot be read.</exception>
    public static async Task<SqliteDatabase> OpenAsync(string path, TimeProvider timeProvider, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            // Microsoft.Data.Sqlite retries a busy database for this long (its own loop, beside PRAGMA busy_timeout):
            // a lane must not wait half a minute behind another program's lock, so it gives up after 5 s.
            DefaultTimeout = 5,
        };
        var database = new SqliteDatabase(path, builder.ToString());
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            database.SchemaVersion = await Migrator.MigrateAsync(connection, path, timeProvider, cancellationToken);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 26 /* SQLITE_NOTADB */ or 11 /* SQLITE_CORRUPT */)
        {
            throw new StorageException($"database '{path}' is not a SQLite database (or is damaged): {e.Message}", e);
        }
        catch (SqliteException e)
        {
            throw new StorageException($"database '{path}' cannot be opened: {e.Message}", e);
        }

        return database;
    }

    /// <summary>
    /// Begins the process's one write transaction (BEGIN IMMEDIATE), waiting its turn without touching the file:
    /// lanes that write at once queue here instead of colliding on SQLite's lock and sleeping in its busy handler.
    /// </summary>
    public async Task<WriteTransaction> BeginWriteAsync(CancellationToken cancellationToken = default)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            var connection = OpenConnection();
            try
            {
                return new WriteTransaction(connection, connection.BeginTransaction(deferred: false), _writer);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        catch
        {
            _writer.Release();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction and commits only when <paramref name="commit"/> says so;
    /// otherwise nothing it wrote stays. The shape every store's change takes.
    /// </summary>
    public async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<T>> work, Func<T, bool> commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        ArgumentNullException.ThrowIfNull(commit);
        await using var write = await BeginWriteAsync(cancellationToken);
        var result = await work(write.Connection, write.Transaction);
        if (commit(result))
        {
            await write.CommitAsync(cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Copies the database to <paramref name="destination"/> with SQLite's online backup while the service keeps
    /// running (readers and writers are not stopped), then checks the copy (integrity check, same schema version).
    /// The copy is written to a temporary name and renamed when complete; an existing file is never overwritten.
    /// </summary>
    /// <returns>The copy's size in bytes.</returns>
    public async Task<long> BackupAsync(string destination, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(destination);
        if (File.Exists(destination))
        {
            throw new IOException($"'{destination}' exists already; a backup never overwrites a file");
        }

        var temporary = destination + ".part";
        File.Delete(temporary);
        try
        {
            await using (var source = await OpenConnectionAsync(cancellationToken))
            await using (var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = temporary, Pooling = false }.ToString()))
            {
                copy.Open();
                source.BackupDatabase(copy);
                using var check = copy.CreateCommand();
                check.CommandText = "PRAGMA integrity_check;";
                var verdict = (string?)await check.ExecuteScalarAsync(cancellationToken);
                check.CommandText = "PRAGMA user_version;";
                var version = Convert.ToInt32(await check.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
                if (verdict != "ok" || version != SchemaVersion)
                {
                    throw new IOException($"the backup in '{temporary}' failed its check: integrity {verdict}, schema version {version} (expected {SchemaVersion})");
                }
            }

            File.Move(temporary, destination);
            return new FileInfo(destination).Length;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// An open connection with the settings every writer needs: foreign keys on, write-ahead log, full sync,
    /// and a busy timeout so a second process waits instead of failing.
    /// </summary>
    public Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(OpenConnection()); // SQLite opens synchronously; the async form is for callers' symmetry
    }

    /// <inheritdoc cref="OpenConnectionAsync"/>
    public SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA foreign_keys = ON;
                PRAGMA busy_timeout = 5000;
                PRAGMA synchronous = FULL;
                """;
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

}

/// <summary>A write transaction and its connection; disposing rolls back what was not committed and lets the next writer in.</summary>
public sealed class WriteTransaction : IAsyncDisposable
{
    private readonly SemaphoreSlim _writer;
    private bool _released;

    internal WriteTransaction(SqliteConnection connection, SqliteTransaction transaction, SemaphoreSlim writer)
    {
        Connection = connection;
        Transaction = transaction;
        _writer = writer;
    }

    /// <summary>The connection.</summary>
    public SqliteConnection Connection { get; }

    /// <summary>The transaction.</summary>
    public SqliteTransaction Transaction { get; }

    /// <summary>Commits (synchronous=FULL: on disk when this returns).</summary>
    public Task CommitAsync(CancellationToken cancellationToken = default) => Transaction.CommitAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        try
        {
            await Transaction.DisposeAsync();
            await Connection.DisposeAsync();
        }
        finally
        {
            _writer.Release();
        }
    }
}
