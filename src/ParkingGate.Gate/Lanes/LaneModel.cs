using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Tariffs;

namespace ParkingGate.Gate.Lanes;

/// <summary>Which way a lane's cars go.</summary>
public enum LaneDirection
{
    /// <summary>Cars come in.</summary>
    Entry,

    /// <summary>Cars go out.</summary>
    Exit,
}

/// <summary>A lane as the controller sees it.</summary>
/// <param name="Id">Lane id, e.g. <c>in-1</c>.</param>
/// <param name="Direction">Entry or exit.</param>
public sealed record LaneSettings(string Id, LaneDirection Direction)
{
    /// <summary>The camera input wired to the ground loop after the barrier (0 = the first), or null when there is none.</summary>
    public int? LoopInput { get; init; }
}

/// <summary>The rules every lane applies (from the config).</summary>
/// <param name="VisitorSpaces">Spaces visitors may use: all spaces less those reserved for residents.</param>
/// <param name="StaleAfter">A read captured longer ago than this is ignored.</param>
/// <param name="DedupeWindow">The same plate on the same lane within this is one read.</param>
/// <param name="MinConfidence">A read less sure than this (0–100) is held for the booth.</param>
/// <param name="FuzzyBudget">Confusable substitutions a fuzzy match may use.</param>
public sealed record LaneRules(int VisitorSpaces, TimeSpan StaleAfter, TimeSpan DedupeWindow, int MinConfidence, int FuzzyBudget)
{
    /// <summary>On a lane with a ground loop: an opening no car crossed the loop for within this is taken as not passed.</summary>
    public TimeSpan PassTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The vehicles that pass free as a recorded special passage.</summary>
    public SpecialVehicles Specials { get; init; } = SpecialVehicles.Default;

    /// <summary>During a pass's last this many days (and its grace days) the board tells the driver; 0 never.</summary>
    public int PassReminderDays { get; init; } = 7;

    /// <summary>What happens to a household's car when its cars inside already fill its spaces (一位多车).</summary>
    public ExtraCarRule ExtraCars { get; init; } = ExtraCarRule.Allow;
}

/// <summary>The estate's rule for a household's car when its cars inside already fill its spaces (一位多车).</summary>
public enum ExtraCarRule
{
    /// <summary>Let in like any resident's car (the default).</summary>
    Allow,

    /// <summary>Let in, charged as a visitor from entry for the whole stay.</summary>
    Visitor,

    /// <summary>Refused at the entry.</summary>
    Refuse,
}

/// <summary>One decision, as published on <c>parkinggate/{estate}/lanes/{lane}/events</c> and stored.</summary>
public sealed record LaneDecision(
    string Lane, DateTimeOffset At, string? ReadId, string? PlateRead, string? Plate, LaneOutcome Outcome, Visitor Who,
    LocalizedText Reason, long? StayId, long? DueFen)
{
    /// <summary>The picture sent with the read, relative to the pictures folder, or null.</summary>
    public string? Picture { get; init; }

    /// <summary>For a special passage, the kind of vehicle (e.g. 警车); else null.</summary>
    public string? Special { get; init; }
}
