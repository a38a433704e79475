using Dapper;
using ParkingGate.Domain;
using ParkingGate.Domain.Conduct;

namespace ParkingGate.Storage.Conduct;

/// <summary>A car that has stood too long: inside longer than the rules' days, or reported by a patrol as not moved.</summary>
/// <param name="Plate">The plate.</param>
/// <param name="Room">Its household, if any.</param>
/// <param name="SinceUtc">Inside since (its stay's entry), or the patrol's report.</param>
/// <param name="Photos">The patrol's photos (SHA-256), if any.</param>
/// <param name="Notice">The notice posted on it, if any.</param>
/// <param name="Outcome">What came of the notice, if recorded.</param>
public sealed record LongParked(string Plate, string? Room, DateTimeOffset SinceUtc, IReadOnlyList<string> Photos, ConductRecord? Notice, ConductRecord? Outcome);

public sealed partial class ConductStore
{
    /// <summary>The outcomes a notice may have.</summary>
    public static readonly IReadOnlyList<string> NoticeOutcomes = ["moved", "removed", "still-there"];

    /// <summary>
    /// Cars standing too long: open stays entered more than the rules' <see cref="ConductRules.LongParkedDays"/> ago, and
    /// plates reported as long-parked (the kind <c>abandoned</c>, or any kind whose code says so) not withdrawn; each with
    /// its household, the patrol's photos, and the latest notice posted on it with its outcome. Oldest first.
    /// </summary>
    public async Task<IReadOnlyList<LongParked>> LongParkedAsync(ConductRules rules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var cutoff = Instants.ToText(_time.GetUtcNow().AddDays(-rules.LongParkedDays));
        var stays = await connection.QueryAsync<(string Plate, string? Room, string Since)>(
            """
            SELECT s.plate, h.room, s.entry_utc FROM stays s
            LEFT JOIN vehicles v ON v.plate = s.plate AND v.removed_utc IS NULL LEFT JOIN households h ON h.id = v.household_id
            WHERE s.status = 'inside' AND s.voided_utc IS NULL AND s.entry_utc < @cutoff
            UNION ALL
            SELECT r.plate, h.room, r.since_utc FROM resident_inside r JOIN households h ON h.id = r.household_id WHERE r.since_utc < @cutoff;
            """,
            new { cutoff });
        var records = await QueryAsync(connection, null, "kind IN ('violation', 'correction', 'notice', 'notice-outcome')", null);
        var reported = ConductView.Violations(records).Where(v => !v.Withdrawn && v.Offence == AbandonedKind).ToList();
        var notices = records.Where(r => r.Kind == ConductKind.Notice).ToList();
        var outcomes = records.Where(r => r.Kind == ConductKind.NoticeOutcome).ToList();
        var cars = new Dictionary<string, LongParked>(StringComparer.Ordinal);
        foreach (var (plate, room, since) in stays)
        {
            cars.TryAdd(plate, new LongParked(plate, room, Instants.FromText(since), [], null, null));
        }

        foreach (var v in reported)
        {
            cars[v.Plate] = cars.TryGetValue(v.Plate, out var car)
                ? car with { Photos = [.. car.Photos, .. v.Photos] }
                : new LongParked(v.Plate, v.Room, v.OccurredUtc, v.Photos, null, null);
        }

        return [.. cars.Values.Select(c =>
        {
            var notice = notices.LastOrDefault(n => n.Plate == c.Plate);
            return c with { Notice = notice, Outcome = notice is null ? null : outcomes.LastOrDefault(o => o.RefersTo == notice.Seq) };
        }).OrderBy(c => c.SinceUtc)];
    }

    /// <summary>The kind a patrol uses to report a car not moved (长期停放/僵尸车).</summary>
    public const string AbandonedKind = "abandoned";

    /// <summary>
    /// A notice posted on a long-parked car (date, photo), with its deadline the rules' <see cref="ConductRules.NoticeDays"/>
    /// from now. Refused, nothing written, without a plate that is a plate or a photo that is an image.
    /// </summary>
    public async Task<Result<ConductRecord>> PostNoticeAsync(Domain.Plates.Plate plate, string? place, IReadOnlyList<ConductPhoto> photos, ConductRules rules, TimeZoneInfo zone, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plate);
        ArgumentNullException.ThrowIfNull(photos);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (photos.Count > MaxPhotos || photos.Any(p => p.Bytes.Length > MaxPhotoBytes || MediaType(p.Bytes) is null))
        {
            return Result<ConductRecord>.Failure("not-an-image", $"a notice's photos are at most {MaxPhotos} JPEG, PNG or WebP images of {MaxPhotoBytes / 1024 / 1024} MB", $"告知照片最多 {MaxPhotos} 张，须为不超过 {MaxPhotoBytes / 1024 / 1024} MB 的 JPEG、PNG 或 WebP 图片");
        }

        var kept = new List<string>();
        var deadline = LocalDays.StartOf(LocalDays.DayOf(_time.GetUtcNow(), zone).AddDays(rules.NoticeDays + 1), zone);
        var posted = await _database.WriteAsync(
            async (connection, transaction) =>
            {
                var room = await connection.ExecuteScalarAsync<string?>(
                    "SELECT h.room FROM vehicles v JOIN households h ON h.id = v.household_id WHERE v.plate = @plate AND v.removed_utc IS NULL;", new { plate = plate.Text }, transaction);
                var hashes = new List<string>();
                foreach (var photo in photos)
                {
                    hashes.Add(await KeepPhotoAsync(connection, transaction, photo, kept));
                }

                return Result<ConductRecord>.Success(await AppendAsync(connection, transaction, new NewConductRecord(ConductKind.Notice, actor)
                {
                    Plate = plate.Text, Room = room, Place = place, OccurredUtc = deadline, Photos = string.Join(' ', hashes),
                    Reason = $"长期停放告知：请于 {deadline.ToOffset(zone.GetUtcOffset(deadline)).AddDays(-1):yyyy-MM-dd} 前挪走车辆",
                }));
            },
            r => r.IsSuccess,
            cancellationToken);
        if (!posted.IsSuccess)
        {
            DeleteFiles(kept);
        }

        return posted;
    }

    /// <summary>What came of a notice: <c>moved</c>, <c>removed</c> or <c>still-there</c>, with a note. Refused for a record that is not a notice.</summary>
    public Task<Result<ConductRecord>> NoticeOutcomeAsync(long noticeSeq, string outcome, string? note, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (!NoticeOutcomes.Contains(outcome))
        {
            return Task.FromResult(Result<ConductRecord>.Failure("bad-outcome", $"the outcome '{outcome}' must be moved, removed or still-there", $"处理结果“{outcome}”应为已挪走、已拖移或仍未挪走"));
        }

        return _database.WriteAsync(
            async (connection, transaction) =>
            {
                var found = await QueryAsync(connection, transaction, "seq = @seq", new { seq = noticeSeq });
                if (found is not [{ Kind: ConductKind.Notice } notice])
                {
                    return Result<ConductRecord>.Failure("not-a-notice", $"record {noticeSeq} is not a notice", $"第 {noticeSeq} 条不是长期停放告知");
                }

                return await AppendAsync(connection, transaction, new NewConductRecord(ConductKind.NoticeOutcome, actor)
                {
                    Plate = notice.Plate, Room = notice.Room, RefersTo = noticeSeq, Detail = outcome, Reason = note,
                });
            },
            r => r.IsSuccess,
            cancellationToken);
    }
}
