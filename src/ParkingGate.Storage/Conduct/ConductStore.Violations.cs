using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain;
using ParkingGate.Domain.Conduct;
using ParkingGate.Domain.Plates;

namespace ParkingGate.Storage.Conduct;

/// <summary>A violation as a clerk or a patroller reports it.</summary>
/// <param name="Plate">The plate seen.</param>
/// <param name="Offence">The kind's code in the rule file.</param>
/// <param name="Place">Where (e.g. 3栋东侧消防通道).</param>
/// <param name="OccurredUtc">When it was seen.</param>
public sealed record ViolationDraft(Plate Plate, string Offence, string Place, DateTimeOffset OccurredUtc)
{
    /// <summary>
    /// When the plate is one confusable character from a registered one: the registered plate the reporter confirmed
    /// it is, or the plate as reported to say it is not that one. Null until asked.
    /// </summary>
    public string? ConfirmedPlate { get; init; }
}

/// <summary>A photo as uploaded.</summary>
/// <param name="Bytes">The file's content.</param>
public sealed record ConductPhoto(byte[] Bytes);

/// <summary>A violation recorded, and the proposals the rules made from it.</summary>
/// <param name="Violation">Its record.</param>
/// <param name="Proposals">Proposal records appended with it (a plate that reached a rule's count).</param>
public sealed record RecordedViolation(ConductRecord Violation, IReadOnlyList<ConductRecord> Proposals);

public sealed partial class ConductStore
{
    /// <summary>At most this many photos per violation.</summary>
    public const int MaxPhotos = 4;

    /// <summary>A photo larger than this is refused (a phone's photo is 2–4 MB).</summary>
    public const int MaxPhotoBytes = 8 * 1024 * 1024;

    /// <summary>A violation dated later than now by more than this (a phone's clock a little ahead) is refused.</summary>
    public static readonly TimeSpan FutureSlack = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Records a violation with its photos: checked first (a known kind, a place, not in the future, photos that are
    /// images of a sane size, a plate near a registered one confirmed), then the plate matched to its household, the
    /// record appended and the photos kept, and the proposals the rules make appended with it. A refusal writes nothing.
    /// </summary>
    public async Task<Result<RecordedViolation>> RecordViolationAsync(
        ViolationDraft draft, IReadOnlyList<ConductPhoto> photos, ConductRules rules, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(photos);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (Check(draft, photos, rules) is { } refused)
        {
            return refused;
        }

        var kept = new List<string>();
        try
        {
            var recorded = await _database.WriteAsync(
                async (connection, transaction) =>
                {
                    var matched = await MatchAsync(connection, transaction, draft);
                    if (!matched.IsSuccess)
                    {
                        return Result<RecordedViolation>.Failure(matched.Problem);
                    }

                    var hashes = new List<string>();
                    foreach (var photo in photos)
                    {
                        hashes.Add(await KeepPhotoAsync(connection, transaction, photo, kept));
                    }

                    var (plate, room, reported) = matched.Value;
                    var violation = await AppendAsync(connection, transaction, new NewConductRecord(ConductKind.Violation, actor)
                    {
                        Plate = plate, Room = room, Offence = draft.Offence, Place = draft.Place, OccurredUtc = draft.OccurredUtc,
                        Photos = string.Join(' ', hashes), Detail = reported is null ? null : $"reported={reported}",
                    });
                    var proposals = await ProposeAsync(connection, transaction, rules, violation);
                    return new RecordedViolation(violation, proposals);
                },
                r => r.IsSuccess,
                cancellationToken);
            if (!recorded.IsSuccess)
            {
                DeleteFiles(kept);
            }

            return recorded;
        }
        catch
        {
            DeleteFiles(kept);
            throw;
        }
    }

    private Problem? Check(ViolationDraft draft, IReadOnlyList<ConductPhoto> photos, ConductRules rules)
    {
        if (rules.Find(draft.Offence) is null)
        {
            return new Problem("unknown-offence",
                $"'{draft.Offence}' is not a kind of violation in the rules ({string.Join(", ", rules.Offences.Select(o => o.Code))})",
                $"“{draft.Offence}”不是规则中的违停类型（{string.Join("、", rules.Offences.Select(o => o.Name.Zh))}）");
        }

        if (string.IsNullOrWhiteSpace(draft.Place) || draft.Place.Trim().Length > 60)
        {
            return new Problem("bad-place", "the place is required, at most 60 characters", "请填写地点（不超过 60 个字）");
        }

        var now = _time.GetUtcNow();
        if (draft.OccurredUtc > now + FutureSlack)
        {
            return new Problem("in-future",
                $"the violation is dated {draft.OccurredUtc:yyyy-MM-dd HH:mm} UTC, later than now",
                $"违停时间 {draft.OccurredUtc.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm} 晚于现在，不能登记将来的事");
        }

        if (photos.Count > MaxPhotos)
        {
            return new Problem("too-many-photos", $"at most {MaxPhotos} photos, not {photos.Count}", $"最多 {MaxPhotos} 张照片，不是 {photos.Count} 张");
        }

        for (var i = 0; i < photos.Count; i++)
        {
            if (photos[i].Bytes.Length > MaxPhotoBytes)
            {
                return new Problem("photo-too-large",
                    $"photo {i + 1} is {photos[i].Bytes.Length / 1024 / 1024} MB, more than {MaxPhotoBytes / 1024 / 1024} MB",
                    $"第 {i + 1} 张照片 {photos[i].Bytes.Length / 1024 / 1024} MB，超过 {MaxPhotoBytes / 1024 / 1024} MB");
            }

            if (MediaType(photos[i].Bytes) is null)
            {
                return new Problem("not-an-image", $"photo {i + 1} is not a JPEG, PNG or WebP image", $"第 {i + 1} 个文件不是照片（须为 JPEG、PNG 或 WebP 图片）");
            }
        }

        return null;
    }

    /// <summary>The registered plates <paramref name="plate"/> is one confusable character from, with their rooms (to ask the reporter which).</summary>
    public async Task<IReadOnlyList<(string Plate, string Room)>> NearRegisteredAsync(string plate, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var (residents, near) = await NearAsync(connection, null, plate);
        return [.. near.Select(p => (p, residents[p]))];
    }

    /// <summary>The residents' plates with their rooms, and those <paramref name="typed"/> is one confusable character from.</summary>
    private static async Task<(Dictionary<string, string> Residents, List<string> Near)> NearAsync(SqliteConnection connection, SqliteTransaction? transaction, string typed)
    {
        var residents = (await connection.QueryAsync<(string Plate, string Room)>(
            "SELECT v.plate, h.room FROM vehicles v JOIN households h ON h.id = v.household_id WHERE v.removed_utc IS NULL;",
            transaction: transaction)).ToDictionary(r => r.Plate, r => r.Room, StringComparer.Ordinal);
        var near = residents.ContainsKey(typed) ? [] : new PlateMatcher(residents.Keys, 1).Match(typed).Candidates.Where(c => c.Substitutions > 0).Select(c => c.Plate).ToList();
        return (residents, near);
    }

    /// <summary>The plate to record and its household: exact, or a near plate as the reporter confirmed it.</summary>
    private static async Task<Result<(string Plate, string? Room, string? Reported)>> MatchAsync(SqliteConnection connection, SqliteTransaction transaction, ViolationDraft draft)
    {
        var typed = draft.Plate.Text;
        var (residents, near) = await NearAsync(connection, transaction, typed);
        if (residents.TryGetValue(typed, out var room))
        {
            return (typed, room, null);
        }

        if (near.Count == 0 || draft.ConfirmedPlate == typed)
        {
            return (typed, null, null);
        }

        if (draft.ConfirmedPlate is { } confirmed && near.Contains(confirmed))
        {
            return (confirmed, residents[confirmed], typed);
        }

        var listed = string.Join(", ", near.Select(p => $"{p} ({residents[p]})"));
        return Result<(string, string?, string?)>.Failure("near-plate",
            $"{typed} is one confusable character from {listed}: confirm which car it is, or that it is none of them",
            $"{typed} 与已登记的 {string.Join("、", near.Select(p => $"{p}（{residents[p]}）"))} 只差一个易混字符：请确认是哪一辆，或确认都不是");
    }

    private async Task<List<ConductRecord>> ProposeAsync(SqliteConnection connection, SqliteTransaction transaction, ConductRules rules, ConductRecord violation)
    {
        var records = await QueryAsync(connection, transaction, "plate = @plate OR kind = 'correction'", new { plate = violation.Plate });
        var violations = ConductView.Violations(records);
        var latest = violations.First(v => v.Seq == violation.Seq);
        var made = new List<ConductRecord>();
        foreach (var (rule, counted) in ConductView.ProposalsDue(rules, violations, [.. records.Where(r => r.Kind == ConductKind.Proposal)], latest))
        {
            var name = rules.Find(rule.Offence)!.Name;
            made.Add(await AppendAsync(connection, transaction, new NewConductRecord(ConductKind.Proposal, "rules")
            {
                Plate = violation.Plate, Room = violation.Room, Offence = rule.Offence, RefersTo = violation.Seq,
                Reason = $"{rule.WithinDays}天内{counted.Count}次{name.Zh}，按规则提议列入黑名单{rule.BlockDays}天",
                Detail = ConductView.ProposalDetail(rules, rule, counted),
            }));
        }

        return made;
    }
}
