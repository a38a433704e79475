namespace ParkingGate.Domain.Tariffs;

/// <summary>How a vehicle class other than the default is priced.</summary>
/// <param name="Rules">Its own rule set, or null to use the tariff's.</param>
/// <param name="MultiplierPercent">The fee times this percentage (200 = double), applied to the final amount.</param>
/// <param name="DiscountFreeMinutes">Extra free minutes at the start before charging begins (e.g. first hour free).</param>
/// <param name="DiscountPercent">What share of the fee after the free minutes is charged (50 = half).</param>
public sealed record ClassRule(RuleSet? Rules, int MultiplierPercent, int DiscountFreeMinutes, int DiscountPercent)
{
    /// <summary>The rule for a class priced exactly like the default.</summary>
    public static ClassRule Same { get; } = new(null, 100, 0, 100);
}
