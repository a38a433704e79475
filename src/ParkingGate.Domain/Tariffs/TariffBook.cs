namespace ParkingGate.Domain.Tariffs;

/// <summary>
/// The versions of one estate's tariff over time, and which one prices a stay.
/// </summary>
/// <remarks>
/// Decision: the tariff in force on the local day of <b>entry</b> prices the whole stay, even when a new tariff
/// takes effect while the car is inside. The visitor entered under the old price; one tariff per stay keeps every
/// fee explainable with one set of rules and one hash.
/// </remarks>
public sealed class TariffBook
{
    private readonly Tariff[] _byEffectiveDate;

    /// <summary>Creates the book; tariffs may come in any order.</summary>
    public TariffBook(IEnumerable<Tariff> tariffs)
    {
        ArgumentNullException.ThrowIfNull(tariffs);
        _byEffectiveDate = [.. tariffs.OrderBy(t => t.EffectiveFrom).ThenBy(t => t.Version)];
    }

    /// <summary>The tariff for a stay that entered at <paramref name="entry"/>, or null if none was in force yet.</summary>
    public Tariff? For(DateTimeOffset entry)
    {
        Tariff? chosen = null;
        foreach (var tariff in _byEffectiveDate)
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(entry, tariff.TimeZone).DateTime);
            if (tariff.EffectiveFrom <= day)
            {
                chosen = tariff;
            }
        }

        return chosen;
    }
}
