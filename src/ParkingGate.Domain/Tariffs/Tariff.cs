using ParkingGate.Domain.Plates;

namespace ParkingGate.Domain.Tariffs;

/// <summary>What the gate does with an exit that has no entry record.</summary>
/// <param name="SendToBooth">True: a person decides (default). False: charge <paramref name="FlatFen"/>.</param>
/// <param name="FlatFen">The flat fee when not sent to the booth.</param>
public sealed record NoEntryRule(bool SendToBooth, long FlatFen);

/// <summary>
/// A versioned fee rule set, as approved by the residents' meeting or a price bureau, loaded from a file whose
/// exact bytes are hashed into <see cref="Hash"/> so that every fee can name the rules it used.
/// </summary>
public sealed record Tariff
{
    /// <summary>Stable id, e.g. <c>fenglin-visitor</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Version, from 1; a changed tariff gets a new version.</summary>
    public required int Version { get; init; }

    /// <summary>Human name.</summary>
    public required LocalizedText Name { get; init; }

    /// <summary>The meeting or resolution that approved it.</summary>
    public required string Approval { get; init; }

    /// <summary>First local day it applies to stays entering on or after.</summary>
    public required DateOnly EffectiveFrom { get; init; }

    /// <summary>The zone bands, calendar days and effective dates are read in.</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>Rules for small vehicles and any class without its own.</summary>
    public required RuleSet Rules { get; init; }

    /// <summary>Per-class pricing; a class not listed is priced by <see cref="Rules"/>.</summary>
    public required IReadOnlyDictionary<VehicleClass, ClassRule> Classes { get; init; }

    /// <summary>Exit without an entry record.</summary>
    public required NoEntryRule NoEntry { get; init; }

    /// <summary>Minutes a car has to leave after paying before the fee is recomputed.</summary>
    public required int PaidExitGraceMinutes { get; init; }

    /// <summary>A quote above this is flagged for review; null means three days of cap (or of fees, without a cap).</summary>
    public required long? ReviewAboveFen { get; init; }

    /// <summary>
    /// The most one plate pays per calendar day (the tariff's zone) across all its stays entering that day, for
    /// visitors who go in and out several times; null for no such cap.
    /// </summary>
    public long? PlateDailyCapFen { get; init; }

    /// <summary>SHA-256 of the tariff file's exact bytes, lower-case hex.</summary>
    public required string Hash { get; init; }

    /// <summary>The pricing of <paramref name="vehicleClass"/>.</summary>
    public ClassRule For(VehicleClass vehicleClass) => Classes.TryGetValue(vehicleClass, out var rule) ? rule : ClassRule.Same;
}
