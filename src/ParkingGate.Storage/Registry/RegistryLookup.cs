using ParkingGate.Storage.Lanes;

namespace ParkingGate.Storage.Registry;

/// <summary>What a lane reads of the registry: resident vehicles, the plates that park free and the blocklist.</summary>
public sealed class RegistryLookup(VehicleStore vehicles, BlocklistStore blocklist) : IRegistryLookup
{
    private readonly VehicleStore _vehicles = vehicles ?? throw new ArgumentNullException(nameof(vehicles));
    private readonly BlocklistStore _blocklist = blocklist ?? throw new ArgumentNullException(nameof(blocklist));

    /// <inheritdoc />
    public Task<BlocklistEntry?> FindBlocklistEntryAsync(string plate, CancellationToken cancellationToken = default) =>
        _blocklist.FindBlocklistEntryAsync(plate, cancellationToken);

    /// <inheritdoc />
    public Task<Vehicle?> FindVehicleAsync(string plate, CancellationToken cancellationToken = default) =>
        _vehicles.FindVehicleAsync(plate, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RegisteredPlate>> RegisteredPlatesAsync(DateTimeOffset at, CancellationToken cancellationToken = default) =>
        _vehicles.RegisteredPlatesAsync(at, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<BlocklistEntry>> ListBlocklistAsync(CancellationToken cancellationToken = default) =>
        _blocklist.ListBlocklistAsync(cancellationToken);
}
