using ParkingGate.Gate.Configuration;
namespace ParkingGate.Host.Configuration;

/// <summary>The estate's config file (<c>config/parkinggate.json</c>). Keys are camelCase in the file.</summary>
public sealed class ParkingGateOptions
{
    /// <summary>The estate: identity, buildings and spaces.</summary>
    public EstateOptions Estate { get; init; } = new();

    /// <summary>Where the SQLite file lives.</summary>
    public DatabaseOptions Database { get; init; } = new();

    /// <summary>How plates are matched.</summary>
    public PlateOptions Plates { get; init; } = new();

    /// <summary>Registration rules.</summary>
    public RegistryOptions Registry { get; init; } = new();

    /// <summary>The estate's visitor tariffs.</summary>
    public TariffOptions Tariffs { get; init; } = new();

    /// <summary>The broker and device accounts.</summary>
    public MqttOptions Mqtt { get; init; } = new();

    /// <summary>The device HTTP listener cameras push to, and those cameras.</summary>
    public HttpDeviceOptions Http { get; init; } = new();

    /// <summary>The lanes.</summary>
    public IReadOnlyList<LaneOptions> Lanes { get; init; } = [];

    /// <summary>How lanes treat reads.</summary>
    public GateRuleOptions Gate { get; init; } = new();

    /// <summary>The desk web UI.</summary>
    public DeskOptions Desk { get; init; } = new();

    /// <summary>The conduct register (红黑榜).</summary>
public sealed class ConductOptions
{
    /// <summary>The conduct rule file the meeting approved, relative to the config file; absent: no conduct register.</summary>
    public string? Rules { get; init; }
}

/// <summary>Reports and exports.</summary>
    public ReportOptions Reports { get; init; } = new();

    /// <summary>Unattended running: scheduled backups and the alerts.</summary>
    public HealthOptions Health { get; init; } = new();

    /// <summary>The conduct register (红黑榜): its rule file.</summary>
    public ConductOptions Conduct { get; init; } = new();
}

/// <summary>The tariff files whose versions price visitors' stays.</summary>
public sealed class TariffOptions
{
    /// <summary>Tariff files, relative to the config file's folder; each stay uses the one in force at its entry.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];
}

/// <summary>The estate itself.</summary>
public sealed class EstateOptions
{
    /// <summary>A short stable id (lower-case letters, digits, dashes); it binds the ledger to this estate.</summary>
    public string Id { get; init; } = "";

    /// <summary>The estate's name as residents know it.</summary>
    public string Name { get; init; } = "";

    /// <summary>IANA time zone of the estate; days and months are counted in it.</summary>
    public string TimeZone { get; init; } = "Asia/Shanghai";

    /// <summary>Number of households in the estate; must equal the sum over the buildings.</summary>
    public int Households { get; init; }

    /// <summary>The buildings.</summary>
    public IReadOnlyList<BuildingOptions> Buildings { get; init; } = [];

    /// <summary>Parking spaces.</summary>
    public SpaceOptions Spaces { get; init; } = new();
}

/// <summary>One building.</summary>
public sealed class BuildingOptions
{
    /// <summary>The building number, as in room <c>3-2-501</c>'s 3.</summary>
    public int Number { get; init; }

    /// <summary>How many stairwell units it has.</summary>
    public int Units { get; init; }

    /// <summary>How many households live in it.</summary>
    public int Households { get; init; }
}

/// <summary>Parking spaces and how many are kept for residents.</summary>
public sealed class SpaceOptions
{
    /// <summary>All marked spaces.</summary>
    public int Total { get; init; }

    /// <summary>Spaces never given to visitors.</summary>
    public int ResidentReserved { get; init; }
}

/// <summary>The database.</summary>
public sealed class DatabaseOptions
{
    /// <summary>The SQLite file; a relative path is taken from the working directory.</summary>
    public string Path { get; init; } = "data/parkinggate.db";
}

/// <summary>Plate matching.</summary>
public sealed class PlateOptions
{
    /// <summary>Confusable substitutions a fuzzy match may use (1 or 2).</summary>
    public int FuzzyBudget { get; init; } = 1;
}

/// <summary>Registration rules.</summary>
public sealed class RegistryOptions
{
    /// <summary>Vehicles a household may register when the clerk gives no quota.</summary>
    public int DefaultVehicleQuota { get; init; } = 2;

    /// <summary>The largest quota a clerk may grant one household.</summary>
    public int MaxVehicleQuota { get; init; } = 5;

    /// <summary>Visitor invitations (访客预约): the free visitor hours per household per month the meeting approved; off when absent.</summary>
    public InvitationOptions? Invitations { get; init; }
}

/// <summary><c>registry.invitations</c>: free visitor hours a household may give its visitors, and the meeting that approved them.</summary>
public sealed class InvitationOptions
{
    /// <summary>Free visitor hours per household per calendar month (the month the invitation's window starts in).</summary>
    public int FreeHoursPerMonth { get; init; }

    /// <summary>The meeting or resolution that approved the rule, e.g. <c>户主代表大会决议（2026-02-15）</c>.</summary>
    public string? Approval { get; init; }

    /// <summary>The longest window one invitation may cover, in days.</summary>
    public int LongestDays { get; init; } = 3;

    /// <summary>How many days ahead an invitation may start.</summary>
    public int DaysAhead { get; init; } = 30;
}

/// <summary>The desk web UI served by <c>parkinggate run</c>.</summary>
public sealed class DeskOptions
{
    /// <summary>Where the desk listens (overridden by <c>run --urls</c>); loopback by default.</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <summary>Cars inside longer than this many days are highlighted (long-stay, "zombie" cars).</summary>
    public int LongStayDays { get; init; } = 7;
}

/// <summary>Reports and exports.</summary>
public sealed class ReportOptions
{
    /// <summary>The only folder exports are written to (relative to the working directory); a path outside it is refused.</summary>
    public string ExportFolder { get; init; } = "exports";
}

/// <summary>
/// Unattended running: the database copied on a schedule to a second disk or a USB stick, and what is watched so
/// that nobody has to look (cameras silent in busy hours, camera lists out of step, a full disk, an overdue backup,
/// a broker certificate about to expire, a lane held open too long).
/// </summary>
public sealed class HealthOptions
{
    /// <summary>
    /// Where backups go: a second disk or a USB stick. A relative folder is taken beside the database (the same disk:
    /// better than nothing, but it does not survive the disk).
    /// </summary>
    public string BackupFolder { get; init; } = "backups";

    /// <summary>Hours between backups (24: daily).</summary>
    public int BackupEveryHours { get; init; } = 24;

    /// <summary>How many backups are kept; older ones are deleted after a new one is checked.</summary>
    public int BackupKeep { get; init; } = 14;

    /// <summary>A disk (the database's or the backups') with less free space than this many megabytes is an alert.</summary>
    public long MinFreeMegabytes { get; init; } = 1024;

    /// <summary>A camera with no read for this many minutes, in an hour of the day its lane usually has reads, is an alert.</summary>
    public int SilentMinutes { get; init; } = 30;

    /// <summary>An hour of the day is "busy" for a lane when it had at least this many reads on average over the last two weeks.</summary>
    public int BusyHourReads { get; init; } = 4;

    /// <summary>The broker's certificate expiring within this many days is an alert.</summary>
    public int CertificateDays { get; init; } = 30;
}
