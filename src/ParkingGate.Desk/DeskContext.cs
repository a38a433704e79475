using ParkingGate.Domain.Registry;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Gate.Settlement;
using ParkingGate.Storage;
using ParkingGate.Storage.Audit;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;
using ParkingGate.Storage.Stays;
using ParkingGate.Storage.Users;

namespace ParkingGate.Desk;

/// <summary>Everything the pages work with: the estate's settings, the stores and the gate.</summary>
/// <param name="EstateId">The estate's id (ledger genesis).</param>
/// <param name="EstateName">Shown in the header.</param>
/// <param name="Zone">The estate's time zone: every time on a page is local.</param>
/// <param name="Rules">Household rules (rooms, quotas).</param>
/// <param name="Tariffs">The visitor tariffs.</param>
/// <param name="FuzzyBudget">Confusable characters a fuzzy plate search may use.</param>
/// <param name="Database">The database.</param>
/// <param name="Time">The clock.</param>
/// <param name="Gate">The running gate.</param>
/// <param name="PictureFolder">Where lane pictures are kept.</param>
/// <param name="LongStayDays">Stays longer than this are highlighted.</param>
public sealed record DeskContext(
    string EstateId, string EstateName, TimeZoneInfo Zone, RegistryRules Rules, TariffBook Tariffs, int FuzzyBudget,
    SqliteDatabase Database, TimeProvider Time, IGateControl Gate, string PictureFolder, int LongStayDays = 7)
{
    /// <summary>The registry.</summary>
    public RegistryStore Registry { get; } = new(Database, Time);

    /// <summary>Who did what.</summary>
    public AuditLog Audit { get; } = new(Database, Time);

    /// <summary>The ledger.</summary>
    public LedgerStore Ledger { get; } = new(Database, Time, EstateId);

    /// <summary>Stays and payments.</summary>
    public StayStore Stays => _stays ??= new StayStore(Database, Time, Ledger);

    /// <summary>Settles stays and opens lanes by hand: ledger, then the barrier, then the audit log.</summary>
    public StaySettlement Settlement => _settlement ??= new StaySettlement(Stays, Ledger, Audit, Tariffs, Gate);

    /// <summary>Lane decisions.</summary>
    public LaneEventStore LaneEvents { get; } = new(Database);

    /// <summary>Desk users.</summary>
    public UserStore Users { get; } = new(Database, Time);

    private StayStore? _stays;
    private StaySettlement? _settlement;

    /// <summary>A UTC instant as the estate's local time.</summary>
    public string Local(DateTimeOffset? at, string format = "yyyy-MM-dd HH:mm") =>
        at is { } t ? TimeZoneInfo.ConvertTime(t, Zone).ToString(format, System.Globalization.CultureInfo.InvariantCulture) : "";
}
