namespace ParkingGate.Domain.Conduct;

/// <summary>What a record of the conduct register (红黑榜) says.</summary>
public enum ConductKind
{
    /// <summary>A violation seen: plate, kind, place, time, photos, who reported it.</summary>
    Violation,

    /// <summary>A correction of an earlier record (it points at it), with the reason; the earlier one stays as it was.</summary>
    Correction,

    /// <summary>The rules proposed a plate for the blocklist (it points at the violations that made it).</summary>
    Proposal,

    /// <summary>The committee's decision on a proposal (accepted with the block's end, or declined), with the reason.</summary>
    Decision,

    /// <summary>A household or a person the committee commends (the red list).</summary>
    Commendation,

    /// <summary>A notice posted for a long-parked car: date, photo, deadline.</summary>
    Notice,

    /// <summary>What came of a notice (moved, removed, still there).</summary>
    NoticeOutcome,

    /// <summary>The committee signed off a month's notice (红黑榜) for printing.</summary>
    SignOff,
}

/// <summary>The stored names of <see cref="ConductKind"/>, as the canonical form writes them.</summary>
public static class ConductKinds
{
    private static readonly (ConductKind Kind, string Name)[] Names =
    [
        (ConductKind.Violation, "violation"), (ConductKind.Correction, "correction"), (ConductKind.Proposal, "proposal"),
        (ConductKind.Decision, "decision"), (ConductKind.Commendation, "commendation"), (ConductKind.Notice, "notice"),
        (ConductKind.NoticeOutcome, "notice-outcome"), (ConductKind.SignOff, "sign-off"),
    ];

    /// <summary>The stored name.</summary>
    public static string ToName(this ConductKind kind) => Names.First(n => n.Kind == kind).Name;

    /// <summary>The kind of a stored name, or null.</summary>
    public static ConductKind? Parse(string? name) => Names.FirstOrDefault(n => n.Name == name) is { Name: not null } found ? found.Kind : null;
}

/// <summary>
/// One record of the append-only conduct register, exactly as stored and chained. A mistake is never edited: a later
/// <see cref="ConductKind.Correction"/> points at it. Empty text fields are null.
/// </summary>
/// <param name="Seq">1, 2, 3 … without gaps.</param>
/// <param name="AtUtc">When it was written.</param>
/// <param name="Kind">What it records.</param>
/// <param name="Plate">The plate concerned.</param>
/// <param name="Room">The household concerned (matched from the plate, or named for a commendation).</param>
/// <param name="Offence">The violation's kind, by its code in the rule file (e.g. <c>fire-lane</c>).</param>
/// <param name="Place">Where.</param>
/// <param name="OccurredUtc">When it was seen (a violation) or the deadline (a notice).</param>
/// <param name="Photos">SHA-256 of each photo, space-separated: the photo files may be deleted after the retention period, the record still verifies.</param>
/// <param name="Operator">Who wrote it (the patroller, the clerk, the committee member).</param>
/// <param name="RefersTo">The record it points at (a correction, a decision, an outcome), or the last violation a proposal counts.</param>
/// <param name="Reason">Why (a correction, a decision), or the words of a commendation.</param>
/// <param name="Detail">Structured detail, e.g. <c>accept until=2026-04-30 blocklist=12</c>.</param>
/// <param name="PrevHash">The hash of the record before (the genesis value for the first).</param>
/// <param name="Hash">SHA-256 over the canonical form of this record, lower-case hex.</param>
public sealed record ConductRecord(
    long Seq, DateTimeOffset AtUtc, ConductKind Kind, string? Plate, string? Room, string? Offence, string? Place,
    DateTimeOffset? OccurredUtc, string? Photos, string Operator, long? RefersTo, string? Reason, string? Detail,
    string PrevHash, string Hash);
