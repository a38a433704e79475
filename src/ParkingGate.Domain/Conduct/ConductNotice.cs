using System.Globalization;

namespace ParkingGate.Domain.Conduct;

/// <summary>One line of the black list as the notice prints it.</summary>
/// <param name="Seq">The violation's record.</param>
/// <param name="OccurredUtc">When.</param>
/// <param name="Plate">The plate, masked as the rules say.</param>
/// <param name="Room">The household, masked; null for a car of no household.</param>
/// <param name="Offence">The kind's code.</param>
/// <param name="Place">Where.</param>
public sealed record BlackListLine(long Seq, DateTimeOffset OccurredUtc, string Plate, string? Room, string Offence, string? Place);

/// <summary>One line of the red list: who the committee commends, and for what.</summary>
/// <param name="Seq">The commendation's record.</param>
/// <param name="Who">The household or person.</param>
/// <param name="Room">The household's room, if one was named.</param>
/// <param name="Words">What for.</param>
public sealed record RedListLine(long Seq, string Who, string? Room, string Words);

/// <summary>A decision the committee took in the month.</summary>
/// <param name="Seq">The decision's record.</param>
/// <param name="Plate">The plate, masked.</param>
/// <param name="Accepted">True when accepted (blocked), false when declined.</param>
/// <param name="Words">The proposal and the reason.</param>
public sealed record DecisionLine(long Seq, string Plate, bool Accepted, string Words);

/// <summary>
/// The monthly notice (红黑榜) for the notice board, computed from the register as it stood at a record (its sign-off):
/// the red list, the black list masked, counts by kind and by building, the decisions taken, and the register's digest
/// line at that record. Pure: the same records give the same notice, which is how a printed one is checked.
/// </summary>
public sealed record ConductNotice(
    DateOnly Month, long AtSeq, string DigestLine, IReadOnlyList<RedListLine> RedList, IReadOnlyList<BlackListLine> BlackList,
    IReadOnlyDictionary<string, int> ByKind, IReadOnlyDictionary<string, int> ByBuilding, IReadOnlyList<DecisionLine> Decisions)
{
    /// <summary>The building key of cars of no household in <see cref="ByBuilding"/>.</summary>
    public const string NoHousehold = "-";

    /// <summary>The month's violations, all kinds together.</summary>
    public int Total => ByKind.Values.Sum();

    /// <summary>
    /// Builds the notice of <paramref name="month"/> from <paramref name="records"/> up to and including
    /// <paramref name="atSeq"/> (the sign-off, or the register's head for a draft). Violations seen in the month count,
    /// as corrected, withdrawn ones left out; the commendations for the month and the decisions written in it are listed.
    /// </summary>
    public static ConductNotice Build(string estate, DateOnly month, long atSeq, IEnumerable<ConductRecord> records, ConductRules rules, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(zone);
        var upTo = records.Where(r => r.Seq <= atSeq).ToList();
        var head = upTo.Count == 0 ? ConductHash.Genesis(estate) : upTo[^1].Hash;
        var from = LocalDays.StartOf(month, zone);
        var until = LocalDays.StartOf(month.AddMonths(1), zone);
        bool InMonth(DateTimeOffset at) => at >= from && at < until;

        var violations = ConductView.Violations(upTo).Where(v => !v.Withdrawn && InMonth(v.OccurredUtc)).OrderBy(v => v.OccurredUtc).ToList();
        var black = violations.Select(v => new BlackListLine(v.Seq, v.OccurredUtc, NoticeMask.Plate(v.Plate, rules.MaskPlates),
            v.Room is null ? null : NoticeMask.Room(v.Room, rules.MaskRooms), v.Offence, v.Place)).ToList();
        var byKind = rules.Offences.ToDictionary(o => o.Code, o => violations.Count(v => v.Offence == o.Code), StringComparer.Ordinal);
        foreach (var other in violations.Where(v => !byKind.ContainsKey(v.Offence)).Select(v => v.Offence).Distinct())
        {
            byKind[other] = violations.Count(v => v.Offence == other);
        }

        var byBuilding = violations.GroupBy(v => Building(v.Room)).OrderBy(g => g.Key == NoHousehold ? int.MaxValue : int.Parse(g.Key, CultureInfo.InvariantCulture))
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var withdrawnCommendations = upTo.Where(r => r is { Kind: ConductKind.Correction, Detail: ConductView.Withdraw }).Select(r => r.RefersTo).ToHashSet();
        var red = upTo.Where(r => r.Kind == ConductKind.Commendation && InMonth(r.OccurredUtc ?? r.AtUtc) && !withdrawnCommendations.Contains(r.Seq))
            .Select(r => new RedListLine(r.Seq, r.Detail ?? r.Room ?? "", r.Room, r.Reason ?? "")).ToList();
        var proposals = upTo.Where(r => r.Kind == ConductKind.Proposal).ToDictionary(r => r.Seq);
        var decisions = upTo.Where(r => r.Kind == ConductKind.Decision && InMonth(r.AtUtc))
            .Select(r => new DecisionLine(r.Seq, NoticeMask.Plate(r.Plate ?? "", rules.MaskPlates), r.Detail?.StartsWith("accept", StringComparison.Ordinal) == true,
                $"{(r.RefersTo is { } p && proposals.TryGetValue(p, out var proposal) ? proposal.Reason : "")}；{r.Reason}")).ToList();
        return new ConductNotice(month, atSeq, ConductVerifier.DigestLine(estate, upTo.Count == 0 ? 0 : upTo[^1].Seq, head), red, black, byKind, byBuilding, decisions);
    }

    /// <summary>The building of a room (<c>3-2-501</c> → <c>3</c>), or <see cref="NoHousehold"/>.</summary>
    public static string Building(string? room) =>
        room is not null && room.IndexOf('-', StringComparison.Ordinal) is > 0 and var cut && int.TryParse(room[..cut], NumberStyles.None, CultureInfo.InvariantCulture, out var b)
            ? b.ToString(CultureInfo.InvariantCulture)
            : NoHousehold;

    /// <summary>The sign-off record's detail: the month, its count and the digest line that was signed.</summary>
    public string SignOffDetail() =>
        string.Create(CultureInfo.InvariantCulture, $"month={Month:yyyy-MM} violations={Total} {DigestLine}");
}
