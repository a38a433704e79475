using Dapper;
using ParkingGate.Domain;
using ParkingGate.Storage.Audit;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Storage.Users;

/// <summary>A desk user. The role decides which pages they may use.</summary>
/// <param name="Id">Row id.</param>
/// <param name="Name">Sign-in name (case-insensitive).</param>
/// <param name="Role">clerk, cashier, accountant, committee, admin or patroller.</param>
/// <param name="PasswordHash">The hash (never the password).</param>
/// <param name="FailedCount">Wrong passwords since the last good sign-in.</param>
/// <param name="LockedUntilUtc">Locked out until then, after too many wrong passwords.</param>
/// <param name="Disabled">No longer allowed to sign in.</param>
public sealed record DeskUser(long Id, string Name, string Role, string PasswordHash, int FailedCount, DateTimeOffset? LockedUntilUtc, bool Disabled);

/// <summary>
/// The desk's users: added by an admin (the first one from the command line), locked out for a while after
/// repeated wrong passwords. Every change goes to the audit log with who made it.
/// </summary>
public sealed class UserStore
{
    /// <summary>The roles, in the order the desk lists them.</summary>
    public static readonly IReadOnlyList<string> Roles = ["clerk", "cashier", "accountant", "committee", "admin", "patroller"];

    private const string Columns =
        "id AS Id, name AS Name, role AS Role, password_hash AS PasswordHash, failed_count AS FailedCount, locked_until_utc AS LockedUntilUtc, disabled_utc AS DisabledUtc";

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>Creates the store over an opened database.</summary>
    public UserStore(SqliteDatabase database, TimeProvider time)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>How many wrong passwords in a row lock a user out.</summary>
    public int MaxFailures { get; init; } = 5;

    /// <summary>How long a lockout lasts.</summary>
    public TimeSpan LockFor { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Adds a user; the name must be new (case-insensitive) and the role one of <see cref="Roles"/>.</summary>
    public Task<Result<DeskUser>> AddAsync(string name, string role, string passwordHash, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(passwordHash);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        name = name.Trim();
        if (name.Length is < 2 or > 32 || name.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return Task.FromResult(Result<DeskUser>.Failure("invalid-name", $"a user name has 2–32 characters without spaces, not '{name}'", $"用户名应为 2–32 个字符、不含空格，不能是“{name}”"));
        }

        if (!Roles.Contains(role))
        {
            return Task.FromResult(Result<DeskUser>.Failure("invalid-role", $"role '{role}' must be one of {string.Join(", ", Roles)}", $"角色“{role}”应为：{string.Join("、", Roles)}"));
        }

        return _database.WriteAsync(
            async (connection, transaction) =>
            {
                if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM users WHERE name = @name;", new { name }, transaction) > 0)
                {
                    return Result<DeskUser>.Failure("duplicate-user", $"user '{name}' exists already", $"用户“{name}”已经存在");
                }

                var now = Instants.ToText(_time.GetUtcNow());
                var id = await connection.ExecuteScalarAsync<long>(
                    "INSERT INTO users (name, role, password_hash, created_utc, created_by) VALUES (@name, @role, @passwordHash, @now, @actor) RETURNING id;",
                    new { name, role, passwordHash, now, actor },
                    transaction);
                await AuditLog.AppendAsync(connection, transaction, now, actor, "add", "user", id, null, new { name, role });
                return Result<DeskUser>.Success(new DeskUser(id, name, role, passwordHash, 0, null, false));
            },
            r => r.IsSuccess,
            cancellationToken);
    }

    /// <summary>The user called <paramref name="name"/> (case-insensitive), or null.</summary>
    public async Task<DeskUser?> FindAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>($"SELECT {Columns} FROM users WHERE name = @name;", new { name = name.Trim() });
        return row?.ToRecord();
    }

    /// <summary>Every user, by name.</summary>
    public async Task<IReadOnlyList<DeskUser>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return [.. (await connection.QueryAsync<Row>($"SELECT {Columns} FROM users ORDER BY name;")).Select(r => r.ToRecord())];
    }

    /// <summary>
    /// Counts a wrong password for <paramref name="user"/>; the <see cref="MaxFailures"/>th in a row locks the user for
    /// <see cref="LockFor"/>. Returns the user as it is now.
    /// </summary>
    public Task<DeskUser> RecordFailureAsync(DeskUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return _database.WriteAsync(
            async (connection, transaction) =>
            {
                var now = _time.GetUtcNow();
                var failed = await connection.ExecuteScalarAsync<int>(
                    "UPDATE users SET failed_count = failed_count + 1 WHERE id = @id RETURNING failed_count;", new { id = user.Id }, transaction);
                DateTimeOffset? locked = null;
                if (failed >= MaxFailures)
                {
                    locked = now + LockFor;
                    await connection.ExecuteAsync("UPDATE users SET locked_until_utc = @until, failed_count = 0 WHERE id = @id;",
                        new { id = user.Id, until = Instants.ToText(locked.Value) }, transaction);
                    await AuditLog.AppendAsync(connection, transaction, Instants.ToText(now), user.Name, "locked-out", "user", user.Id, null,
                        new { failures = failed, until = Instants.ToText(locked.Value) });
                }

                return user with { FailedCount = locked is null ? failed : 0, LockedUntilUtc = locked ?? user.LockedUntilUtc };
            },
            _ => true,
            cancellationToken);
    }

    /// <summary>A good sign-in: the count of wrong passwords starts again.</summary>
    public Task RecordSuccessAsync(DeskUser user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return _database.WriteAsync(
            async (connection, transaction) =>
            {
                var now = Instants.ToText(_time.GetUtcNow());
                await connection.ExecuteAsync("UPDATE users SET failed_count = 0, locked_until_utc = NULL WHERE id = @id;", new { id = user.Id }, transaction);
                await AuditLog.AppendAsync(connection, transaction, now, user.Name, "sign-in", "user", user.Id, null, null);
                return true;
            },
            _ => true,
            cancellationToken);
    }

    /// <summary>An admin lifts a lockout (after checking who is asking).</summary>
    public Task UnlockAsync(DeskUser user, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        return _database.WriteAsync(
            async (connection, transaction) =>
            {
                await connection.ExecuteAsync("UPDATE users SET failed_count = 0, locked_until_utc = NULL WHERE id = @id;", new { id = user.Id }, transaction);
                await AuditLog.AppendAsync(connection, transaction, Instants.ToText(_time.GetUtcNow()), actor, "unlock", "user", user.Id, null, new { user.Name });
                return true;
            },
            _ => true,
            cancellationToken);
    }

    /// <summary>True while <paramref name="user"/> is locked out.</summary>
    public bool IsLocked(DeskUser user) => user?.LockedUntilUtc is { } until && until > _time.GetUtcNow();

    private sealed class Row
    {
        public long Id { get; init; }
        public string Name { get; init; } = "";
        public string Role { get; init; } = "";
        public string PasswordHash { get; init; } = "";
        public int FailedCount { get; init; }
        public string? LockedUntilUtc { get; init; }
        public string? DisabledUtc { get; init; }

        public DeskUser ToRecord() => new(Id, Name, Role, PasswordHash, FailedCount, LockedUntilUtc is null ? null : Instants.FromText(LockedUntilUtc), DisabledUtc is not null);
    }
}
