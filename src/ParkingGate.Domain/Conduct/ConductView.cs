using System.Globalization;

namespace ParkingGate.Domain.Conduct;

/// <summary>A violation as it stands after the corrections that point at it.</summary>
/// <param name="Seq">The violation's record.</param>
/// <param name="Plate">The plate, as last corrected.</param>
/// <param name="Room">The household, as last corrected; null for a car of no household.</param>
/// <param name="Offence">The kind's code, as last corrected.</param>
/// <param name="Place">Where, as last corrected.</param>
/// <param name="OccurredUtc">When, as last corrected.</param>
/// <param name="Photos">The photos' SHA-256, in order.</param>
/// <param name="Reporter">Who reported it.</param>
/// <param name="Withdrawn">True when a correction withdrew it: it counts for nothing.</param>
/// <param name="Corrections">The corrections' records, oldest first.</param>
public sealed record Violation(
    long Seq, string Plate, string? Room, string Offence, string? Place, DateTimeOffset OccurredUtc, IReadOnlyList<string> Photos,
    string Reporter, bool Withdrawn, IReadOnlyList<long> Corrections);

/// <summary>
/// What the register says once read in order: violations with their corrections applied, and the proposals the rules
/// make. Pure: the same records always give the same answer, which is how the notice's counts are checked.
/// </summary>
public static class ConductView
{
    /// <summary>The detail a correction carries when it withdraws a violation.</summary>
    public const string Withdraw = "withdraw";

    /// <summary>Every violation with its corrections applied, in register order.</summary>
    public static IReadOnlyList<Violation> Violations(IEnumerable<ConductRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var violations = new Dictionary<long, Violation>();
        var order = new List<long>();
        foreach (var r in records)
        {
            if (r is { Kind: ConductKind.Violation, Plate: { } plate, Offence: { } offence, OccurredUtc: { } occurred })
            {
                violations[r.Seq] = new Violation(r.Seq, plate, r.Room, offence, r.Place, occurred, Split(r.Photos), r.Operator, false, []);
                order.Add(r.Seq);
            }
            else if (r is { Kind: ConductKind.Correction, RefersTo: { } target } && violations.TryGetValue(target, out var v))
            {
                violations[target] = r.Detail == Withdraw
                    ? v with { Withdrawn = true, Corrections = [.. v.Corrections, r.Seq] }
                    : v with
                    {
                        Plate = r.Plate ?? v.Plate, Room = r.Plate is not null ? r.Room : v.Room, Offence = r.Offence ?? v.Offence,
                        Place = r.Place ?? v.Place, OccurredUtc = r.OccurredUtc ?? v.OccurredUtc, Corrections = [.. v.Corrections, r.Seq],
                    };
            }
        }

        return [.. order.Select(s => violations[s])];
    }

    /// <summary>
    /// The proposals the rules make once <paramref name="latest"/> is recorded: for each rule on its kind, when the plate's
    /// violations of that kind within the rule's days (ending at this one) reach its count, and no proposal for the plate
    /// and kind already counted a violation in that window.
    /// </summary>
    /// <param name="rules">The rules in force.</param>
    /// <param name="violations">Every violation of the register, the new one included.</param>
    /// <param name="proposals">The proposals already in the register.</param>
    /// <param name="latest">The violation just recorded.</param>
    public static IReadOnlyList<(ProposalRule Rule, IReadOnlyList<Violation> Counted)> ProposalsDue(
        ConductRules rules, IReadOnlyList<Violation> violations, IReadOnlyList<ConductRecord> proposals, Violation latest)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(violations);
        ArgumentNullException.ThrowIfNull(proposals);
        ArgumentNullException.ThrowIfNull(latest);
        var due = new List<(ProposalRule, IReadOnlyList<Violation>)>();
        if (latest.Withdrawn)
        {
            return due;
        }

        foreach (var rule in rules.Proposals.Where(p => p.Offence == latest.Offence))
        {
            var since = latest.OccurredUtc.AddDays(-rule.WithinDays);
            var counted = violations
                .Where(v => !v.Withdrawn && v.Plate == latest.Plate && v.Offence == rule.Offence && v.OccurredUtc > since && v.OccurredUtc <= latest.OccurredUtc)
                .ToList();
            var byViolation = violations.ToDictionary(v => v.Seq);
            var already = proposals.Any(p => p.Plate == latest.Plate && p.Offence == rule.Offence && p.RefersTo is { } last
                && byViolation.TryGetValue(last, out var v) && v.OccurredUtc > since);
            if (counted.Count >= rule.Count && !already)
            {
                due.Add((rule, counted));
            }
        }

        return due;
    }

    /// <summary>The proposal's detail: what it counted and the rules that made it.</summary>
    public static string ProposalDetail(ConductRules rules, ProposalRule rule, IReadOnlyList<Violation> counted)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(counted);
        return string.Create(CultureInfo.InvariantCulture,
            $"count={rule.Count} withinDays={rule.WithinDays} blockDays={rule.BlockDays} violations={string.Join(',', counted.Select(c => c.Seq))} rules={rules.Id} v{rules.Version} sha256={rules.Hash}");
    }

    private static string[] Split(string? photos) => (photos ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
