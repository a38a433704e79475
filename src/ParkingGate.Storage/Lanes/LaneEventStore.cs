using Dapper;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Tariffs;

namespace ParkingGate.Storage.Lanes;

/// <summary>A lane decision as stored and published.</summary>
public sealed record LaneEventRecord(
    long Id, DateTimeOffset AtUtc, string Lane, string? ReadId, string? PlateRead, string? Plate, LaneOutcome Outcome, Visitor Who,
    LocalizedText Reason, long? StayId, long? DueFen, string? Picture)
{
    /// <summary>
    /// For a passage a camera made by itself while the gate was down: the key of the camera's record
    /// (<c>kind:camera:record id</c>), which makes the event unique. Null for every decision the gate took.
    /// </summary>
    public string? CameraRecord { get; init; }

    /// <summary>For a special passage (police, emergency…), the kind of vehicle; else null.</summary>
    public string? Special { get; init; }
}

/// <summary>Every decision a lane takes, kept for the booth and the accountant.</summary>
public sealed class LaneEventStore(SqliteDatabase database) : ILaneLog
{
    /// <summary>
    /// Stores one decision; returns its id, or 0 when it carries a camera record imported before (nothing is written
    /// then).
    /// </summary>
    public async Task<long> AppendAsync(LaneEventRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(record);
        await using var write = await database.BeginWriteAsync(cancellationToken);
        var id = await write.Connection.ExecuteScalarAsync<long?>(
            """
            INSERT OR IGNORE INTO lane_events (at_utc, lane, read_id, plate_read, plate, outcome, who, reason, reason_en, stay_id, due_fen, picture, camera_record, special)
            VALUES (@at, @Lane, @ReadId, @PlateRead, @Plate, @Outcome, @Who, @Reason, @ReasonEn, @StayId, @DueFen, @Picture, @CameraRecord, @Special) RETURNING id;
            """,
            new
            {
                at = Instants.ToText(record.AtUtc), record.Lane, record.ReadId, record.PlateRead, record.Plate, Outcome = StoredNames.Outcome[record.Outcome],
                Who = StoredNames.Who[record.Who], Reason = record.Reason.Zh, ReasonEn = record.Reason.En, record.StayId, record.DueFen, record.Picture, record.CameraRecord, record.Special,
            },
            write.Transaction);
        await write.CommitAsync(cancellationToken);
        return id ?? 0;
    }

    /// <summary>When <paramref name="lane"/> last decided a live read (records imported from a camera's offline time left out), or null.</summary>
    public async Task<DateTimeOffset?> LastLiveAsync(string lane, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var last = await connection.ExecuteScalarAsync<string?>("SELECT max(at_utc) FROM lane_events WHERE lane = @lane AND camera_record IS NULL;", new { lane });
        return last is null ? null : Instants.FromText(last);
    }

    /// <summary>How many live decisions each lane took in [<paramref name="fromUtc"/>, <paramref name="untilUtc"/>).</summary>
    public async Task<IReadOnlyDictionary<string, long>> CountByLaneAsync(DateTimeOffset fromUtc, DateTimeOffset untilUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(string Lane, long Count)>(
            "SELECT lane, count(*) FROM lane_events WHERE at_utc >= @from AND at_utc < @until AND camera_record IS NULL GROUP BY lane;",
            new { from = Instants.ToText(fromUtc), until = Instants.ToText(untilUtc) });
        return rows.ToDictionary(r => r.Lane, r => r.Count, StringComparer.Ordinal);
    }

    /// <summary>Whether the camera record <paramref name="cameraRecord"/> was imported already.</summary>
    public async Task<bool> HasCameraRecordAsync(string cameraRecord, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM lane_events WHERE camera_record = @cameraRecord;", new { cameraRecord }) > 0;
    }

    /// <summary>The latest decisions, newest first, of one lane or all.</summary>
    public Task<IReadOnlyList<LaneEventRecord>> LatestAsync(string? lane = null, int limit = 50, CancellationToken cancellationToken = default) =>
        QueryAsync("WHERE @lane IS NULL OR lane = @lane ORDER BY id DESC LIMIT @limit", new { lane, limit }, cancellationToken);

    /// <summary>
    /// Every decision about one stay (its entry and its exits), and about the stays found at the booth to be the same
    /// car (an entry under a misread plate), oldest first: the booth's pictures come from here.
    /// </summary>
    public Task<IReadOnlyList<LaneEventRecord>> ForStayAsync(long stayId, CancellationToken cancellationToken = default) =>
        QueryAsync("WHERE stay_id = @stayId OR stay_id IN (SELECT id FROM stays WHERE merged_into = @stayId) ORDER BY id", new { stayId }, cancellationToken);

    /// <summary>The first picture of each of <paramref name="stayIds"/> (its entry picture), by stay; stays without one are left out.</summary>
    public async Task<IReadOnlyDictionary<long, string>> FirstPicturesAsync(IReadOnlyCollection<long> stayIds, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long StayId, string Picture)>(
            "SELECT stay_id, picture FROM lane_events WHERE stay_id IN @stayIds AND picture IS NOT NULL ORDER BY id DESC;", new { stayIds });
        var first = new Dictionary<long, string>();
        foreach (var (stayId, picture) in rows)
        {
            first[stayId] = picture; // newest first, so the oldest is written last
        }

        return first;
    }

    /// <summary>Reads held for the booth with no stay, since <paramref name="sinceUtc"/>, that nobody has settled yet; newest first.</summary>
    public Task<IReadOnlyList<LaneEventRecord>> HeldAsync(DateTimeOffset sinceUtc, int limit = 50, CancellationToken cancellationToken = default) =>
        QueryAsync(
            """
            WHERE outcome = 'held' AND stay_id IS NULL AND at_utc >= @since
              AND NOT EXISTS (SELECT 1 FROM held_reads_settled s WHERE s.event_id = lane_events.id)
            ORDER BY id DESC LIMIT @limit
            """,
            new { since = Instants.ToText(sinceUtc), limit },
            cancellationToken);

    /// <summary>The read held on <paramref name="lane"/> for camera message <paramref name="readId"/>, or null.</summary>
    public async Task<LaneEventRecord?> HeldByReadAsync(string lane, string readId, CancellationToken cancellationToken = default) =>
        (await QueryAsync("WHERE lane = @lane AND read_id = @readId AND outcome = 'held' AND stay_id IS NULL ORDER BY id DESC LIMIT 1", new { lane, readId }, cancellationToken)).SingleOrDefault();

    /// <summary>One decision by id, or null.</summary>
    public async Task<LaneEventRecord?> FindAsync(long id, CancellationToken cancellationToken = default) =>
        (await QueryAsync("WHERE id = @id", new { id }, cancellationToken)).SingleOrDefault();

    /// <summary>
    /// Records what became of held read <paramref name="eventId"/>; false when it was settled before (by someone
    /// else, a second tab): nothing is written then.
    /// </summary>
    public async Task<bool> SettleHeldAsync(long eventId, DateTimeOffset atUtc, string actor, string? plate, bool expired, CancellationToken cancellationToken = default)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken);
        var written = await write.Connection.ExecuteAsync(
            """
            INSERT OR IGNORE INTO held_reads_settled (event_id, at_utc, actor, plate, how)
            SELECT id, @at, @actor, @plate, @how FROM lane_events WHERE id = @eventId AND outcome = 'held';
            """,
            new { eventId, at = Instants.ToText(atUtc), actor, plate, how = expired ? "expired" : "decided" },
            write.Transaction);
        await write.CommitAsync(cancellationToken);
        return written == 1;
    }

    /// <summary>Puts a held read back on the booth's list: the decision it was settled for could not be taken.</summary>
    public async Task ReopenHeldAsync(long eventId, CancellationToken cancellationToken = default)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken);
        await write.Connection.ExecuteAsync("DELETE FROM held_reads_settled WHERE event_id = @eventId AND how = 'decided';", new { eventId }, write.Transaction);
        await write.CommitAsync(cancellationToken);
    }

    /// <summary>Records every held read older than <paramref name="beforeUtc"/> that nobody settled as expired; returns how many.</summary>
    public async Task<int> ExpireHeldAsync(DateTimeOffset beforeUtc, DateTimeOffset nowUtc, CancellationToken cancellationToken = default)
    {
        await using var write = await database.BeginWriteAsync(cancellationToken);
        var expired = await write.Connection.ExecuteAsync(
            """
            INSERT OR IGNORE INTO held_reads_settled (event_id, at_utc, actor, plate, how)
            SELECT id, @now, 'booth', NULL, 'expired' FROM lane_events
            WHERE outcome = 'held' AND stay_id IS NULL AND at_utc < @before;
            """,
            new { before = Instants.ToText(beforeUtc), now = Instants.ToText(nowUtc) },
            write.Transaction);
        await write.CommitAsync(cancellationToken);
        return expired;
    }

    private async Task<IReadOnlyList<LaneEventRecord>> QueryAsync(string where, object parameters, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string At, string Lane, string? ReadId, string? PlateRead, string? Plate, string Outcome, string Who, string Reason, string? ReasonEn, long? StayId, long? DueFen, string? Picture, string? CameraRecord, string? Special)>(
            $"SELECT id, at_utc, lane, read_id, plate_read, plate, outcome, who, reason, reason_en, stay_id, due_fen, picture, camera_record, special FROM lane_events {where};",
            parameters);
        return [.. rows.Select(r => new LaneEventRecord(r.Id, Instants.FromText(r.At), r.Lane, r.ReadId, r.PlateRead, r.Plate, StoredNames.Outcome.Parse(r.Outcome), StoredNames.Who.Parse(r.Who), new LocalizedText(r.Reason, r.ReasonEn ?? r.Reason), r.StayId, r.DueFen, r.Picture) { CameraRecord = r.CameraRecord, Special = r.Special })];
    }
}
