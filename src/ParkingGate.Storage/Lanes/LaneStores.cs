using ParkingGate.Domain;
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
}

/// <summary>Where a lane records its decisions.</summary>
public interface ILaneLog
{
    /// <summary>Stores one decision.</summary>
    Task<long> AppendAsync(LaneEventRecord record, CancellationToken cancellationToken = default);
}
