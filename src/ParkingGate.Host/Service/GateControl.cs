using ParkingGate.Desk;
using ParkingGate.Gate;
using ParkingGate.Gate.Lanes;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Host.Service;

/// <summary>The desk's view of the gate, which the hosted service starts after the desk is built.</summary>
internal sealed class GateControl(GateService service, Health.HealthMonitor health) : IGateControl
{
    public IReadOnlyList<Alert> Alerts => health.Current;

    private GateRuntime Runtime => service.Runtime ?? throw new InvalidOperationException("the gate is not running (yet)");

    public IReadOnlyList<(string Id, bool IsExit)> Lanes => service.Runtime?.Lanes ?? [];

    public IReadOnlyDictionary<string, DateTimeOffset> LastSeen => service.Runtime?.LastSeen ?? new Dictionary<string, DateTimeOffset>();

    public IReadOnlyDictionary<string, string?> SerialPortStates => service.Runtime?.SerialPortStates ?? new Dictionary<string, string?>();

    public IReadOnlyCollection<string> CamerasOfflineOnly => service.Runtime?.Lists?.OfflineOnly ?? [];

    public bool HasLane(string lane) => service.Runtime?.HasLane(lane) ?? false;

    public bool IsEntryLane(string lane) => service.Runtime?.IsEntryLane(lane) ?? false;

    public Task<LaneDecision> PulseByHandAsync(string lane, string? plate, string reason, string user, CancellationToken cancellationToken) =>
        Runtime.PulseByHandAsync(lane, plate, reason, user, cancellationToken);

    /// <inheritdoc />
    public Task<LaneDecision> DecideByHandAsync(string lane, string plate, string? picture, string user, CancellationToken cancellationToken) =>
        Runtime.DecideByHandAsync(lane, plate, picture, user, cancellationToken);

    public void RegistryChanged() => service.Runtime?.RegistryChanged();

    public IReadOnlyCollection<string> HoldUnconfirmed => service.Runtime?.HoldUnconfirmed ?? [];

    public void HoldsChanged() => service.Runtime?.HoldsChanged();

    public Task<LaneDecision> OpenAfterPaymentAsync(string lane, Stay stay, CancellationToken cancellationToken) =>
        Runtime.OpenAfterPaymentAsync(lane, stay, cancellationToken);
}
