using ParkingGate.Domain.Registry;
using ParkingGate.Domain.Tariffs;

namespace ParkingGate.Desk;

/// <summary>
/// The estate's settings every page shares, and the gate. The stores are services of their own: each page takes the
/// ones it uses.
/// </summary>
/// <param name="EstateId">The estate's id (ledger genesis).</param>
/// <param name="EstateName">Shown in the header.</param>
/// <param name="Zone">The estate's time zone: every time on a page is local.</param>
/// <param name="Rules">Household rules (rooms, quotas).</param>
/// <param name="Tariffs">The visitor tariffs.</param>
/// <param name="FuzzyBudget">Confusable characters a fuzzy plate search may use.</param>
/// <param name="Time">The clock.</param>
/// <param name="Gate">The running gate.</param>
/// <param name="PictureFolder">Where lane pictures are kept.</param>
/// <param name="LongStayDays">Stays longer than this are highlighted.</param>
/// <param name="HeldMinutes">A read held for the booth that nobody settles leaves the booth's list after this, with a record.</param>
public sealed record DeskContext(
    string EstateId, string EstateName, TimeZoneInfo Zone, RegistryRules Rules, TariffBook Tariffs, int FuzzyBudget,
    TimeProvider Time, IGateControl Gate, string PictureFolder, int LongStayDays = 7, int HeldMinutes = 30)
{
    /// <summary>The parking conduct rules (红黑榜); null when the config names none (the conduct pages say so).</summary>
    public ParkingGate.Domain.Conduct.ConductRules? Conduct { get; init; }

    /// <summary>A UTC instant as the estate's local time.</summary>
    public string Local(DateTimeOffset? at, string format = "yyyy-MM-dd HH:mm") =>
        at is { } t ? TimeZoneInfo.ConvertTime(t, Zone).ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "";
}
