using ParkingGate.Gate.Lanes;

namespace ParkingGate.Gate.Configuration;

/// <summary>Lane behaviour.</summary>
public sealed class GateRuleOptions
{
    /// <summary>A read captured longer ago than this is ignored.</summary>
    public int StaleAfterSeconds { get; init; } = 10;

    /// <summary>The same plate on the same lane within this is one read.</summary>
    public int DedupeSeconds { get; init; } = 10;

    /// <summary>Reads less sure than this (0–100) are held for the booth.</summary>
    public int MinConfidence { get; init; } = 60;

    /// <summary>How many days pictures sent with reads are kept.</summary>
    public int PictureDays { get; init; } = 90;

    /// <summary>A read held for the booth that nobody settles within this many minutes leaves the booth's list, with a record.</summary>
    public int HeldMinutes { get; init; } = 30;

    /// <summary>On a lane with a ground loop, seconds after an opening within which a car must cross it (else the entry is voided).</summary>
    public int PassSeconds { get; init; } = 60;

    /// <summary>During a pass's last this many days (and its grace days), the board at the gate shows the days left; 0 for never.</summary>
    public int PassReminderDays { get; init; } = 7;

    /// <summary>
    /// The rule the residents' meeting chose for a household's car when its cars inside already fill its spaces
    /// (一位多车): <c>allow</c> (default), <c>visitor</c> (charged as a visitor from entry) or <c>refuse</c>, with the approval.
    /// </summary>
    public ExtraCarOptions ExtraCars { get; init; } = new();

    /// <summary>The local hour (0–23) each camera's own list is read back and compared with the registry, each night.</summary>
    public int ListCheckHour { get; init; } = 3;

    /// <summary>A lane held open (常开) longer than this many hours is warned of.</summary>
    public int HoldAlertHours { get; init; } = 4;

    /// <summary>
    /// The kinds of vehicle that pass free as a recorded special passage; when absent, police (…警), armed police (WJ…)
    /// and emergency rescue (…应急). A list given replaces those: list every kind the estate lets through.
    /// </summary>
    public IReadOnlyList<SpecialVehicleOptions>? SpecialVehicles { get; init; }
}

/// <summary>One kind of special vehicle in the config: a name, and the plates it covers by prefix, suffix or exactly.</summary>
public sealed class SpecialVehicleOptions
{
    /// <summary>Its name (Chinese), on the board, the booth and the reports.</summary>
    public string Name { get; init; } = "";

    /// <summary>Its name in English; the Chinese one when absent.</summary>
    public string? NameEn { get; init; }

    /// <summary>Plates starting with this (e.g. <c>WJ</c>).</summary>
    public string? Prefix { get; init; }

    /// <summary>Plates ending with this (e.g. <c>警</c>).</summary>
    public string? Suffix { get; init; }

    /// <summary>These plates exactly (an ambulance station's cars).</summary>
    public IReadOnlyList<string> Plates { get; init; } = [];
}

/// <summary><c>gate.extraCars</c>: the rule for more cars than spaces, and the meeting that approved it.</summary>
public sealed class ExtraCarOptions
{
    /// <summary><c>allow</c>, <c>visitor</c> or <c>refuse</c>.</summary>
    public string Rule { get; init; } = "allow";

    /// <summary>The meeting or resolution that approved a rule other than <c>allow</c>, e.g. <c>户主代表大会决议（2026-02-15）</c>.</summary>
    public string? Approval { get; init; }

    /// <summary><see cref="Rule"/> read, or null when it is none of the three.</summary>
    public ExtraCarRule? Parsed => Rule switch
    {
        "allow" => ExtraCarRule.Allow,
        "visitor" => ExtraCarRule.Visitor,
        "refuse" => ExtraCarRule.Refuse,
        _ => null,
    };
}
