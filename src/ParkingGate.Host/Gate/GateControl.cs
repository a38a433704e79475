using ParkingGate.Desk;
using ParkingGate.Lanes;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Host.Gate;

/// <summary>The desk's view of the gate, which the hosted service starts after the desk is built.</summary>
internal sealed class GateControl(GateService service) : IGateControl
{
    private GateRuntime Runtime => service.Runtime ?? throw new InvalidOperationException("the gate is not running (yet)");

    public IReadOnlyList<(string Id, bool IsExit)> Lanes => service.Runtime?.Lanes ?? [];

    public IReadOnlyDictionary<string, DateTimeOffset> LastSeen => service.Runtime?.LastSeen ?? new Dictionary<string, DateTimeOffset>();

    public IReadOnlyDictionary<string, string?> SerialPortStates => service.Runtime?.SerialPortStates ?? new Dictionary<string, string?>();

    public Task<LaneDecision> OpenByHandAsync(string lane, string reason, string? plate, string user, CancellationToken cancellationToken) =>
        Runtime.OpenByHandAsync(lane, reason, plate, user, cancellationToken);

    public void RegistryChanged() => service.Runtime?.Controller.InvalidateRegistry();

    public Task<LaneDecision> OpenAfterPaymentAsync(string lane, Stay stay, CancellationToken cancellationToken) =>
        Runtime.OpenAfterPaymentAsync(lane, stay, cancellationToken);
}
