using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Storage.Registry;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Storage.Lanes;

/// <summary>What a lane reads of the registry to decide a read.</summary>
public interface IRegistryLookup
{
    /// <summary>The plate's blocklist entry, or null.</summary>
    Task<BlocklistEntry?> FindBlocklistEntryAsync(string plate, CancellationToken cancellationToken = default);

    /// <summary>The resident vehicle with this plate, or null.</summary>
    Task<Vehicle?> FindVehicleAsync(string plate, CancellationToken cancellationToken = default);

    /// <summary>Every plate that enters free at <paramref name="at"/>: resident vehicles and valid passes.</summary>
    Task<IReadOnlyList<RegisteredPlate>> RegisteredPlatesAsync(DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Every blocklisted plate.</summary>
    Task<IReadOnlyList<BlocklistEntry>> ListBlocklistAsync(CancellationToken cancellationToken = default);
}

/// <summary>What the entry board reminds a plate of: its recent parking violation (红黑榜), by the conduct rules.</summary>
public interface IConductReminders
{
    /// <summary>The reminder for <paramref name="plate"/> entering at <paramref name="at"/>, or null when it has no recent violation.</summary>
    Task<LocalizedText?> ReminderAsync(string plate, DateTimeOffset at, CancellationToken cancellationToken = default);
}

/// <summary>What a lane writes and reads of the stays: entries, exits and who is inside.</summary>
public interface IStayBook
{
    /// <summary>Plates of the cars inside.</summary>
    Task<IReadOnlyList<string>> OpenPlatesAsync(CancellationToken cancellationToken = default);

    /// <summary>Opens a stay for a car let in.</summary>
    Task<Result<Stay>> EnterAsync(StayEntry entry, string actor, CancellationToken cancellationToken = default);

    /// <summary>Prices a car at the exit and closes its stay when nothing is owed.</summary>
    Task<Result<ExitOutcome>> ExitAsync(StayExit car, TariffBook tariffs, string actor, CancellationToken cancellationToken = default);

    /// <summary>What a plate still owes for earlier stays that left without settling (欠费); 0 when nothing.</summary>
    Task<long> OwedFenAsync(string plate, CancellationToken cancellationToken = default);

    /// <summary>The stay that read <paramref name="readId"/> entered or left, or null.</summary>
    Task<Stay?> FindByReadAsync(string readId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Closes a stay priced at an exit the car has already gone through (a camera let it out by its own list while the
    /// gate was down): what is due stays owed by the plate (欠费), or the stay closes free with its reason.
    /// </summary>
    Task<Result<LedgerEntry>> LeftUnsettledAsync(long stayId, string reason, string actor, CancellationToken cancellationToken = default);

    /// <summary>Voids an entry whose car never passed (turned back, no ground loop in time): closed with no fee, its space free.</summary>
    Task<Result<Stay>> VoidEntryAsync(long stayId, string reason, string actor, CancellationToken cancellationToken = default);

    /// <summary>Lets a stay waiting at the exit out free, with the reason in the ledger (a lane held open).</summary>
    Task<Result<LedgerEntry>> GrantFreeExitAsync(long stayId, string reason, string actor, CancellationToken cancellationToken = default);
}

/// <summary>Where a lane records its decisions.</summary>
public interface ILaneLog
{
    /// <summary>Stores one decision; 0 when it carries a camera record imported before (nothing written).</summary>
    Task<long> AppendAsync(LaneEventRecord record, CancellationToken cancellationToken = default);

    /// <summary>Whether a camera's offline record (its key) was imported already.</summary>
    Task<bool> HasCameraRecordAsync(string cameraRecord, CancellationToken cancellationToken = default);
}

/// <summary>How one offline record of a camera was taken in.</summary>
public enum OfflineTally
{
    /// <summary>A passage the camera made by its own list: recorded, its stay opened or closed.</summary>
    Passage,

    /// <summary>A read the camera did not open for (a visitor, a blocked plate): kept, not a passage.</summary>
    NotOpened,

    /// <summary>A record that cannot be trusted as it is (dated in the future, before the camera had a list): for a person.</summary>
    SetAside,
}

/// <summary>A household's spaces and which of its cars are inside now (other than the one asking).</summary>
/// <param name="Spaces">The household's spaces.</param>
/// <param name="Inside">Its cars inside: residents' cars that came in, and its cars inside on a stay (charged as visitors).</param>
public sealed record HouseholdPresence(int Spaces, IReadOnlyList<string> Inside);

/// <summary>Which residents' cars are inside (their passages have no stay), for the rule on more cars than spaces.</summary>
public interface IResidentPresence
{
    /// <summary>Household <paramref name="householdId"/>'s spaces and its cars inside, <paramref name="exceptPlate"/> left out.</summary>
    Task<HouseholdPresence> HouseholdAsync(long householdId, string exceptPlate, CancellationToken cancellationToken = default);

    /// <summary>A resident's car came in on <paramref name="lane"/> at <paramref name="at"/>.</summary>
    Task InsideAsync(string plate, long householdId, string lane, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>A resident's car left.</summary>
    Task OutsideAsync(string plate, CancellationToken cancellationToken = default);
}

/// <summary>What the gate keeps of the spans cameras spent offline, for the desk.</summary>
public interface IOfflineLog
{
    /// <summary>When <paramref name="camera"/> was first given a list; no record before it can be a passage by that list. Null when never.</summary>
    Task<DateTimeOffset?> ListSinceAsync(string camera, CancellationToken cancellationToken = default);

    /// <summary>Counts one imported record of <paramref name="camera"/> on <paramref name="lane"/>, made at <paramref name="madeAt"/>, into its current span.</summary>
    Task NoteAsync(string camera, string lane, DateTimeOffset madeAt, OfflineTally tally, CancellationToken cancellationToken = default);
}
