using System.Collections.Concurrent;
using ParkingGate.Devices;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Gate.Lanes;

namespace ParkingGate.Gate.Tests;

/// <summary>
/// The lane's outputs as the controller sees them, recorded for assertions. The MQTT relays and boards behind
/// this interface are exercised end to end with a real broker; here the decisions themselves are under test.
/// </summary>
internal sealed class RecordingOutputs : ILaneOutputs
{
    public RelayResult Relay { get; set; } = RelayResult.Confirmed;

    public ConcurrentQueue<string> Openings { get; } = new();

    public ConcurrentQueue<(string Lane, LocalizedText Message)> Shown { get; } = new();

    public ConcurrentQueue<LaneDecision> Published { get; } = new();

    public Task<RelayResult> OpenGateAsync(string lane, CancellationToken cancellationToken)
    {
        Openings.Enqueue(lane);
        return Task.FromResult(Relay);
    }

    public ConcurrentQueue<(string Lane, bool Held)> Holds { get; } = new();

    public Task<RelayResult> HoldGateAsync(string lane, bool held, CancellationToken cancellationToken)
    {
        Holds.Enqueue((lane, held));
        return Task.FromResult(Relay);
    }

    public Task ShowAsync(string lane, LocalizedText message, CancellationToken cancellationToken)
    {
        Shown.Enqueue((lane, message));
        return Task.CompletedTask;
    }

    public ConcurrentQueue<(string Lane, LocalizedText Message)> Idle { get; } = new();

    public Task ShowIdleAsync(string lane, LocalizedText message, CancellationToken cancellationToken)
    {
        Idle.Enqueue((lane, message));
        return Task.CompletedTask;
    }

    public Task PublishAsync(LaneDecision decision, CancellationToken cancellationToken)
    {
        Published.Enqueue(decision);
        return Task.CompletedTask;
    }
}
