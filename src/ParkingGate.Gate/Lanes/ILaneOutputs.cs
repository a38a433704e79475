using ParkingGate.Devices;
using ParkingGate.Domain.Tariffs;

namespace ParkingGate.Gate.Lanes;

/// <summary>The devices and channels a lane drives: its relay, its LED/voice board, the events topic.</summary>
public interface ILaneOutputs
{
    /// <summary>Pulses the lane's barrier relay once (never retried) and says whether it was confirmed.</summary>
    Task<RelayResult> OpenGateAsync(string lane, CancellationToken cancellationToken);

    /// <summary>Holds the lane's barrier up (常开) or lets it go: the relay held on (<paramref name="held"/>) or off, confirmed as a pulse is.</summary>
    Task<RelayResult> HoldGateAsync(string lane, bool held, CancellationToken cancellationToken);

    /// <summary>Shows and speaks a message on the lane's board.</summary>
    Task ShowAsync(string lane, LocalizedText message, CancellationToken cancellationToken);

    /// <summary>Shows what the board says while the lane is idle (the free spaces), without speaking it.</summary>
    Task ShowIdleAsync(string lane, LocalizedText message, CancellationToken cancellationToken);

    /// <summary>Publishes a decision for the desk and anyone monitoring.</summary>
    Task PublishAsync(LaneDecision decision, CancellationToken cancellationToken);
}
