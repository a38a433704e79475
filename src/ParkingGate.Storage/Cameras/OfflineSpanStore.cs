using Dapper;
using ParkingGate.Storage.Lanes;

namespace ParkingGate.Storage.Cameras;

/// <summary>
/// One span a camera spent offline, as its records tell it: the first and last record it kept, how many were passages
/// (opened by its own list), reads it did not open for, and records set aside for a person.
/// </summary>
public sealed record OfflineSpan(
    long Id, string Camera, string Lane, DateTimeOffset FromUtc, DateTimeOffset UntilUtc, int Passages, int NotOpened, int SetAside, DateTimeOffset LastImportedUtc);

/// <summary>
/// The spans cameras spent offline, summed as their records are imported: records arriving within
/// <see cref="SameReplay"/> of the camera's previous one belong to the same replay, hence the same span.
/// </summary>
public sealed class OfflineSpanStore(SqliteDatabase database, TimeProvider time) : IOfflineLog
{
    /// <summary>How long after a camera's last imported record a new one still belongs to the same replay.</summary>
    public static readonly TimeSpan SameReplay = TimeSpan.FromMinutes(10);

    /// <inheritdoc />
    public async Task<DateTimeOffset?> ListSinceAsync(string camera, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var added = await connection.ExecuteScalarAsync<string?>("SELECT added_utc FROM camera_lists WHERE camera = @camera;", new { camera });
        return added is null ? null : Instants.FromText(added);
    }

    /// <inheritdoc />
    public Task NoteAsync(string camera, string lane, DateTimeOffset madeAt, OfflineTally tally, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            var now = time.GetUtcNow();
            var column = tally switch { OfflineTally.Passage => "passages", OfflineTally.NotOpened => "not_opened", _ => "set_aside" };
            var span = await connection.QueryFirstOrDefaultAsync<(long Id, string From, string Until)>(
                "SELECT id, from_utc, until_utc FROM offline_spans WHERE camera = @camera AND last_imported_utc >= @since ORDER BY id DESC LIMIT 1;",
                new { camera, since = Instants.ToText(now - SameReplay) }, transaction);
            var made = Instants.ToText(madeAt);
            if (span is { Id: > 0 } open)
            {
                // A set-aside record may be dated anywhere (that is why it was set aside): it does not stretch the span.
                var (from, until) = tally == OfflineTally.SetAside
                    ? (open.From, open.Until)
                    : (Min(open.From, madeAt), Max(open.Until, madeAt));
                await connection.ExecuteAsync(
                    $"UPDATE offline_spans SET {column} = {column} + 1, from_utc = @from, until_utc = @until, last_imported_utc = @now WHERE id = @id;",
                    new { from, until, now = Instants.ToText(now), id = open.Id }, transaction);
            }
            else
            {
                await connection.ExecuteAsync(
                    $"""
                    INSERT INTO offline_spans (camera, lane, from_utc, until_utc, {column}, first_imported_utc, last_imported_utc)
                    VALUES (@camera, @lane, @made, @made, 1, @now, @now);
                    """,
                    new { camera, lane, made, now = Instants.ToText(now) }, transaction);
            }

            return true;
        }, _ => true, cancellationToken);

    /// <summary>The spans whose records were imported since <paramref name="sinceUtc"/>, newest first.</summary>
    public async Task<IReadOnlyList<OfflineSpan>> RecentAsync(DateTimeOffset sinceUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string Camera, string Lane, string From, string Until, int Passages, int NotOpened, int SetAside, string Last)>(
            """
            SELECT id, camera, lane, from_utc, until_utc, passages, not_opened, set_aside, last_imported_utc
            FROM offline_spans WHERE last_imported_utc >= @since ORDER BY id DESC LIMIT 50;
            """,
            new { since = Instants.ToText(sinceUtc) });
        return [.. rows.Select(r => new OfflineSpan(r.Id, r.Camera, r.Lane, Instants.FromText(r.From), Instants.FromText(r.Until), r.Passages, r.NotOpened, r.SetAside, Instants.FromText(r.Last)))];
    }

    private static string Min(string text, DateTimeOffset at) => Instants.FromText(text) <= at ? text : Instants.ToText(at);

    private static string Max(string text, DateTimeOffset at) => Instants.FromText(text) >= at ? text : Instants.ToText(at);
}
