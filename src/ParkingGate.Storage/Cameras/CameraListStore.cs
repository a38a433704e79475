using Dapper;
using Microsoft.Data.Sqlite;

namespace ParkingGate.Storage.Cameras;

/// <summary>One operation of the outbox: bring <see cref="Plate"/> onto a camera's list until <see cref="Until"/>, or off it.</summary>
/// <param name="Id">The operation's id.</param>
/// <param name="Camera">The camera (its serial number or id in the config).</param>
/// <param name="Plate">The plate.</param>
/// <param name="Keep">True to have it on the list, false to remove it.</param>
/// <param name="Until">When the camera stops opening for it (a pass's end and grace); null for a resident's car.</param>
/// <param name="Attempts">How many times it was sent without an answer of success.</param>
public sealed record CameraListOp(long Id, string Camera, string Plate, bool Keep, DateTimeOffset? Until, int Attempts);

/// <summary>A camera's list as the desk shows it.</summary>
/// <param name="Camera">The camera.</param>
/// <param name="Kind">Its family.</param>
/// <param name="Pending">Operations not yet answered.</param>
/// <param name="Failing">Of those, the ones sent at least three times without success.</param>
/// <param name="LastError">The latest failure, if any is pending.</param>
/// <param name="LastDoneUtc">When the camera last confirmed an operation.</param>
/// <param name="LastFullSyncUtc">When a whole list was last confirmed (every plate the camera should hold).</param>
public sealed record CameraListStatus(string Camera, string Kind, int Pending, int Failing, string? LastError, DateTimeOffset? LastDoneUtc, DateTimeOffset? LastFullSyncUtc)
{
    /// <summary>When the list was last read back from the camera and compared with the registry; null when never.</summary>
    public DateTimeOffset? LastCheckUtc { get; init; }

    /// <summary>What that check found (<see cref="CameraListCheck"/>), or why it could not be made.</summary>
    public string? LastCheckResult { get; init; }
}

/// <summary>What reading a camera's list back found: plates it held that it should not, plates it lacked or held with another end.</summary>
/// <param name="Listed">How many entries the camera held.</param>
/// <param name="Extra">Removed: on the camera, not entitled (a blocked plate, a removed car, a pass over).</param>
/// <param name="Missing">Added or corrected: entitled, but missing or with another end on the camera.</param>
public sealed record CameraListCheck(int Listed, int Extra, int Missing)
{
    /// <summary>The result as kept and shown: <c>ok 600</c> or <c>mended 600 -2 +3</c>.</summary>
    public override string ToString() => Extra + Missing == 0 ? $"ok {Listed}" : $"mended {Listed} -{Extra} +{Missing}";
}

/// <summary>
/// The outbox that keeps each camera's own list (the plates it opens for while its link to the gate is down) in step
/// with the registry: residents' cars without an end, pass holders until their pass ends plus its grace, never a
/// blocklisted plate. Registry changes add operations inside their own transaction
/// (<see cref="PlateChangedAsync"/>); the gate takes the due ones, sends them and records the camera's answer.
/// </summary>
public sealed partial class CameraListStore(SqliteDatabase database, TimeProvider time)
{
    /// <summary>How long the wait before the next attempt grows to, at most.</summary>
    public static readonly TimeSpan LongestBackoff = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The cameras that keep a list, as the config names them: a camera not known before gets its whole list queued
    /// (a full sync); returns those.
    /// </summary>
    public Task<IReadOnlyList<string>> RegisterAsync(IEnumerable<(string Camera, string Kind)> cameras, CancellationToken cancellationToken = default) =>
        database.WriteAsync<IReadOnlyList<string>>(async (connection, transaction) =>
        {
            var now = Instants.ToText(time.GetUtcNow());
            var added = new List<string>();
            foreach (var (camera, kind) in cameras)
            {
                if (await connection.ExecuteAsync("INSERT OR IGNORE INTO camera_lists (camera, kind, added_utc) VALUES (@camera, @kind, @now);", new { camera, kind, now }, transaction) == 1)
                {
                    added.Add(camera);
                }
            }

            foreach (var camera in added)
            {
                await FullSyncAsync(connection, transaction, camera, now);
            }

            return added;
        }, _ => true, cancellationToken);

    /// <summary>Queues camera <paramref name="camera"/>'s whole list again (after a camera was replaced or reset).</summary>
    public Task RequestFullSyncAsync(string camera, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await FullSyncAsync(connection, transaction, camera, Instants.ToText(time.GetUtcNow()));
            return true;
        }, _ => true, cancellationToken);

    /// <summary>
    /// A registry change touched <paramref name="plate"/> (a vehicle added or removed, a pass sold, a blocklist entry
    /// added or lifted): one operation per camera, in the caller's transaction, saying what each list should now hold.
    /// </summary>
    public static async Task PlateChangedAsync(SqliteConnection connection, SqliteTransaction transaction, string plate, string now)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var (keep, until) = await EntitlementAsync(connection, transaction, plate, now);
        foreach (var camera in await connection.QueryAsync<string>("SELECT camera FROM camera_lists;", transaction: transaction))
        {
            await EnqueueAsync(connection, transaction, camera, plate, keep, until, now);
        }
    }

    /// <summary>Operations due now, oldest first.</summary>
    public async Task<IReadOnlyList<CameraListOp>> DueAsync(int limit = 500, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string Camera, string Plate, bool Keep, string? Until, int Attempts)>(
            "SELECT id, camera, plate, keep, until_utc, attempts FROM camera_list_ops WHERE state = 'pending' AND next_utc <= @now ORDER BY id LIMIT @limit;",
            new { now = Instants.ToText(time.GetUtcNow()), limit });
        return [.. rows.Select(r => new CameraListOp(r.Id, r.Camera, r.Plate, r.Keep, Instants.FromNullableText(r.Until), r.Attempts))];
    }

    /// <summary>The camera confirmed <paramref name="ids"/>; a camera with nothing left pending after a full sync has its list whole.</summary>
    public Task DoneAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var now = Instants.ToText(time.GetUtcNow());
            await connection.ExecuteAsync("UPDATE camera_list_ops SET state = 'done', done_utc = @now WHERE id IN @ids AND state = 'pending';", new { ids, now }, transaction);
            await connection.ExecuteAsync(
                """
                UPDATE camera_lists SET last_full_sync_utc = @now, sync_requested_utc = NULL
                WHERE sync_requested_utc IS NOT NULL
                  AND camera IN (SELECT camera FROM camera_list_ops WHERE id IN @ids)
                  AND NOT EXISTS (SELECT 1 FROM camera_list_ops o WHERE o.camera = camera_lists.camera AND o.state = 'pending');
                """,
                new { ids, now }, transaction);
            return true;
        }, _ => true, cancellationToken);

    /// <summary>
    /// The camera refused <paramref name="ids"/> or did not answer: each is tried again later, the wait doubling from
    /// one second up to <see cref="LongestBackoff"/>, until the camera confirms it or a newer operation supersedes it.
    /// </summary>
    public Task RetryAsync(IReadOnlyCollection<long> ids, string error, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var now = time.GetUtcNow();
            foreach (var (id, attempts) in await connection.QueryAsync<(long, int)>("SELECT id, attempts FROM camera_list_ops WHERE id IN @ids AND state = 'pending';", new { ids }, transaction))
            {
                var wait = TimeSpan.FromSeconds(Math.Min(Math.Pow(2, attempts), LongestBackoff.TotalSeconds));
                await connection.ExecuteAsync(
                    "UPDATE camera_list_ops SET attempts = attempts + 1, next_utc = @next, last_error = @error WHERE id = @id;",
                    new { id, next = Instants.ToText(now + wait), error }, transaction);
            }

            return true;
        }, _ => true, cancellationToken);

    /// <summary>Each camera's list: what is pending, failing, and when it was last confirmed whole.</summary>
    public async Task<IReadOnlyList<CameraListStatus>> StatusAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Camera, string Kind, int Pending, int Failing, string? LastError, string? LastDone, string? LastFull, string? LastCheck, string? CheckResult)>(
            """
            SELECT c.camera, c.kind,
                   (SELECT count(*) FROM camera_list_ops o WHERE o.camera = c.camera AND o.state = 'pending'),
                   (SELECT count(*) FROM camera_list_ops o WHERE o.camera = c.camera AND o.state = 'pending' AND o.attempts >= 3),
                   (SELECT o.last_error FROM camera_list_ops o WHERE o.camera = c.camera AND o.state = 'pending' AND o.last_error IS NOT NULL ORDER BY o.id DESC LIMIT 1),
                   (SELECT max(o.done_utc) FROM camera_list_ops o WHERE o.camera = c.camera AND o.state = 'done'),
                   c.last_full_sync_utc, c.last_check_utc, c.last_check_result
            FROM camera_lists c ORDER BY c.camera;
            """);
        return [.. rows.Select(r => new CameraListStatus(r.Camera, r.Kind, r.Pending, r.Failing, r.LastError, Instants.FromNullableText(r.LastDone), Instants.FromNullableText(r.LastFull))
        {
            LastCheckUtc = Instants.FromNullableText(r.LastCheck), LastCheckResult = r.CheckResult,
        })];
    }

    /// <summary>What camera <paramref name="camera"/>'s list holds once every confirmed operation is applied: plate → until (null: no end).</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset?>> ConfirmedListAsync(string camera, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Plate, bool Keep, string? Until)>(
            """
            SELECT plate, keep, until_utc FROM camera_list_ops o
            WHERE camera = @camera AND state = 'done'
              AND id = (SELECT max(id) FROM camera_list_ops p WHERE p.camera = o.camera AND p.plate = o.plate AND p.state = 'done');
            """,
            new { camera });
        return rows.Where(r => r.Keep).ToDictionary(r => r.Plate, r => Instants.FromNullableText(r.Until), StringComparer.Ordinal);
    }

    /// <summary>
    /// Compares what camera <paramref name="camera"/>'s list holds (read back from it: plate → end, null for none) with
    /// what the registry entitles now, queues an operation for each difference (an end within a minute is the same), and
    /// records the check; returns what it found.
    /// </summary>
    public Task<CameraListCheck> MendAsync(string camera, IReadOnlyDictionary<string, DateTimeOffset?> listed, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var now = Instants.ToText(time.GetUtcNow());
            var entitled = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
            foreach (var plate in (await EntitledPlatesAsync(connection, transaction, now)).Concat(listed.Keys).Distinct(StringComparer.Ordinal))
            {
                var (keep, until) = await EntitlementAsync(connection, transaction, plate, now);
                if (keep)
                {
                    entitled[plate] = Instants.FromNullableText(until);
                }
            }

            var extra = listed.Keys.Where(p => !entitled.ContainsKey(p)).ToList();
            var missing = entitled.Where(e => !listed.TryGetValue(e.Key, out var held) || !SameEnd(held, e.Value)).ToList();
            foreach (var plate in extra)
            {
                await EnqueueAsync(connection, transaction, camera, plate, false, null, now);
            }

            foreach (var (plate, until) in missing)
            {
                await EnqueueAsync(connection, transaction, camera, plate, true, until is null ? null : Instants.ToText(until.Value), now);
            }

            var check = new CameraListCheck(listed.Count, extra.Count, missing.Count);
            await connection.ExecuteAsync("UPDATE camera_lists SET last_check_utc = @now, last_check_result = @result WHERE camera = @camera;", new { now, result = check.ToString(), camera }, transaction);
            return check;
        }, _ => true, cancellationToken);

    /// <summary>Records a check that could not be made (the camera did not answer), and why.</summary>
    public Task CheckFailedAsync(string camera, string why, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("UPDATE camera_lists SET last_check_utc = @now, last_check_result = @why WHERE camera = @camera;",
                new { now = Instants.ToText(time.GetUtcNow()), why = "failed: " + why, camera }, transaction);
            return true;
        }, _ => true, cancellationToken);

    private static bool SameEnd(DateTimeOffset? held, DateTimeOffset? entitled) =>
        (held, entitled) switch
        {
            (null, null) => true,
            ({ } h, { } e) => (h - e).Duration() < TimeSpan.FromMinutes(1),
            _ => false,
        };

    private static async Task<IEnumerable<string>> EntitledPlatesAsync(SqliteConnection connection, SqliteTransaction transaction, string now) =>
        await connection.QueryAsync<string>(
            """
            SELECT plate FROM vehicles WHERE removed_utc IS NULL
            UNION SELECT plate FROM passes WHERE cancelled_utc IS NULL AND ends_utc > @since;
            """,
            new { since = Instants.ToText(Instants.FromText(now).AddDays(-31)) }, transaction);

    /// <summary>What a camera's list should hold for <paramref name="plate"/> now: a resident's car without an end, a pass until it ends plus grace, a blocked plate never.</summary>
    private static async Task<(bool Keep, string? Until)> EntitlementAsync(SqliteConnection connection, SqliteTransaction transaction, string plate, string now)
    {
        if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM blocklist WHERE plate = @plate AND removed_utc IS NULL;", new { plate }, transaction) > 0)
        {
            return (false, null);
        }

        if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM vehicles WHERE plate = @plate AND removed_utc IS NULL;", new { plate }, transaction) > 0)
        {
            return (true, null);
        }

        var passes = await connection.QueryAsync<(string Ends, int Grace)>(
            "SELECT ends_utc, grace_days FROM passes WHERE plate = @plate AND cancelled_utc IS NULL;", new { plate }, transaction);
        var until = passes.Select(p => Instants.FromText(p.Ends).AddDays(p.Grace)).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        return until > Instants.FromText(now) ? (true, Instants.ToText(until)) : (false, null);
    }

    /// <summary>Every plate the camera should hold, queued; the camera's list counts as whole once they are all confirmed.</summary>
    private static async Task FullSyncAsync(SqliteConnection connection, SqliteTransaction transaction, string camera, string now)
    {
        var plates = await EntitledPlatesAsync(connection, transaction, now);
        var queued = 0;
        foreach (var plate in plates)
        {
            var (keep, until) = await EntitlementAsync(connection, transaction, plate, now);
            if (keep)
            {
                await EnqueueAsync(connection, transaction, camera, plate, keep, until, now);
                queued++;
            }
        }

        await connection.ExecuteAsync(
            queued > 0
                ? "UPDATE camera_lists SET sync_requested_utc = @now WHERE camera = @camera;"
                : "UPDATE camera_lists SET sync_requested_utc = NULL, last_full_sync_utc = @now WHERE camera = @camera;",
            new { camera, now }, transaction);
    }

    private static async Task EnqueueAsync(SqliteConnection connection, SqliteTransaction transaction, string camera, string plate, bool keep, string? until, string now)
    {
        await connection.ExecuteAsync(
            """
            UPDATE camera_list_ops SET state = 'superseded', done_utc = @now WHERE camera = @camera AND plate = @plate AND state = 'pending';
            INSERT INTO camera_list_ops (camera, plate, keep, until_utc, state, next_utc, created_utc) VALUES (@camera, @plate, @keep, @until, 'pending', @now, @now);
            """,
            new { camera, plate, keep, until, now }, transaction);
    }
}
