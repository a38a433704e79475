using ParkingGate.Gate.Lanes;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Gate;

/// <summary>The gate as the settlement and the desk ask it: open an exit, open by hand, decide a held read again; every decision logged once.</summary>
public sealed partial class GateRuntime
{
    /// <inheritdoc />
    public bool HasLane(string lane) => _lanes.ContainsKey(lane);

    /// <inheritdoc />
    public Task<LaneDecision> PulseByHandAsync(string lane, string? plate, string reason, string user, CancellationToken cancellationToken = default) =>
        AnnouncedAsync(Controller.OpenByHandAsync(_lanes[lane].Wiring.Lane, plate, reason, user, cancellationToken));

    /// <inheritdoc />
    public Task<LaneDecision> DecideByHandAsync(string lane, string plate, string? picture, string user, CancellationToken cancellationToken = default) =>
        AnnouncedAsync(Controller.DecideByHandAsync(_lanes[lane].Wiring.Lane, plate, picture, user, cancellationToken));

    /// <summary>Tells the lanes the registry changed, so the next read sees it.</summary>
    public void RegistryChanged() => Controller.InvalidateRegistry();

    /// <inheritdoc />
    public Task<LaneDecision> OpenAfterPaymentAsync(string lane, Stay stay, CancellationToken cancellationToken = default) =>
        AnnouncedAsync(Controller.OpenAfterPaymentAsync(_lanes[lane].Wiring.Lane, stay, cancellationToken));

    private async Task<LaneDecision> AnnouncedAsync(Task<LaneDecision> deciding)
    {
        var decision = await deciding;
        Announce(decision);
        return decision;
    }

    /// <summary>One log line per decision, then the event.</summary>
    private void Announce(LaneDecision decision)
    {
        Log.Decision(_log, decision);
        Decided?.Invoke(decision);
    }
}
