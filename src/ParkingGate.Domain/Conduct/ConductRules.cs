using ParkingGate.Domain.Tariffs;

namespace ParkingGate.Domain.Conduct;

/// <summary>A kind of violation the estate records, by its code in the rule file.</summary>
/// <param name="Code">Stable code, e.g. <c>fire-lane</c>.</param>
/// <param name="Name">Its name, e.g. 堵塞消防通道.</param>
/// <param name="Reminder">What the entry board tells a plate with a recent violation of this kind, e.g. 请勿占用消防通道.</param>
public sealed record Offence(string Code, LocalizedText Name, LocalizedText Reminder);

/// <summary>When the rules propose a plate for the blocklist: so many violations of a kind within so many days.</summary>
/// <param name="Offence">The kind counted.</param>
/// <param name="Count">How many.</param>
/// <param name="WithinDays">Within how many days (the last one included).</param>
/// <param name="BlockDays">How long the proposed blocklist entry lasts.</param>
public sealed record ProposalRule(string Offence, int Count, int WithinDays, int BlockDays);

/// <summary>
/// The conduct rules the residents' meeting approved (红黑榜): the kinds of violation, when a plate is proposed for the
/// blocklist, how long a violation is reminded of at the gate, how long photos are kept, when a car counts as
/// long-parked, and what a notice masks. Read from a rule file like a tariff (<see cref="ConductRulesParser"/>).
/// </summary>
public sealed record ConductRules
{
    /// <summary>The file's id.</summary>
    public required string Id { get; init; }

    /// <summary>Its version.</summary>
    public required int Version { get; init; }

    /// <summary>The meeting or resolution that approved it.</summary>
    public required string Approval { get; init; }

    /// <summary>The first local day it applies to.</summary>
    public required DateOnly EffectiveFrom { get; init; }

    /// <summary>SHA-256 of the file's exact bytes.</summary>
    public required string Hash { get; init; }

    /// <summary>The kinds of violation, in the order the file lists them.</summary>
    public required IReadOnlyList<Offence> Offences { get; init; }

    /// <summary>When a plate is proposed for the blocklist.</summary>
    public IReadOnlyList<ProposalRule> Proposals { get; init; } = [];

    /// <summary>A plate with a violation within this many days is reminded at the entry board.</summary>
    public int ReminderDays { get; init; } = 30;

    /// <summary>Photos are kept this many days, then only the record (and the photo's hash) remains.</summary>
    public int PhotoDays { get; init; } = 180;

    /// <summary>A car inside longer than this many days is listed as long-parked.</summary>
    public int LongParkedDays { get; init; } = 15;

    /// <summary>Days a posted notice gives before its deadline.</summary>
    public int NoticeDays { get; init; } = 7;

    /// <summary>True when the notice masks plates (<c>湘A·1**45</c>).</summary>
    public bool MaskPlates { get; init; } = true;

    /// <summary>True when the notice masks rooms (<c>3-2-5**</c>).</summary>
    public bool MaskRooms { get; init; } = true;

    /// <summary>The kind with <paramref name="code"/>, or null.</summary>
    public Offence? Find(string? code) => Offences.FirstOrDefault(o => o.Code == code);

    /// <summary>The rules' reference as proposals and decisions record it.</summary>
    public string Reference => $"{Id} v{Version} sha256={Hash}";
}
