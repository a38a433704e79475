namespace ParkingGate.Domain.Tariffs;

/// <summary>
/// A time-of-day band such as day 07:00–20:00 or night 20:00–07:00, with its own price ladder and an optional cap
/// on what one occurrence of the band (one day, one night) may cost.
/// </summary>
/// <param name="Label">What the explanation calls it.</param>
/// <param name="From">Start, local time of day (inclusive).</param>
/// <param name="To">End, local time of day (exclusive); before <paramref name="From"/> when the band crosses midnight.</param>
/// <param name="Steps">The price ladder.</param>
/// <param name="CapFen">Most one occurrence of the band costs, or null.</param>
public sealed record Band(LocalizedText Label, TimeOnly From, TimeOnly To, IReadOnlyList<PriceStep> Steps, long? CapFen)
{
    /// <summary>True when <paramref name="time"/> falls inside the band.</summary>
    public bool Contains(TimeOnly time) => From < To ? time >= From && time < To : time >= From || time < To;
}
