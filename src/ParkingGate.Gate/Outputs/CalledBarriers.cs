using ParkingGate.Devices;
using ParkingGate.Devices.Http;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Gate.Lanes;
using ParkingGate.Protocols.Cameras;

namespace ParkingGate.Gate.Outputs;

/// <summary>A lane whose barrier is lifted by calling its camera (Hikvision ISAPI, Dahua CGI).</summary>
/// <param name="Device">The camera's id in <c>http.devices</c>.</param>
/// <param name="Barrier">How its family asks for an action and reads the answer.</param>
/// <param name="Timeout">How long the camera has to answer (the lane's <c>relay.replyTimeoutMs</c>).</param>
public sealed record CalledLane(string Device, IHttpBarrier Barrier, TimeSpan Timeout);

/// <summary>
/// The barrier of lanes whose camera is called to lift it: the call made with the camera's account (HTTP Digest),
/// confirmed only by the camera's own answer; a refusal (401), an error (500) or silence is an unconfirmed opening,
/// never retried, and said once per kind to <c>problem</c>. Everything else passes through.
/// </summary>
public sealed class CalledBarriers(ILaneOutputs inner, CameraCalls calls, IReadOnlyDictionary<string, CalledLane> lanes, Action<string> problem) : ILaneOutputs
{
    /// <inheritdoc />
    public Task<RelayResult> OpenGateAsync(string lane, CancellationToken cancellationToken) =>
        lanes.TryGetValue(lane, out var called) ? CallAsync(lane, called, BarrierAction.Open, cancellationToken) : inner.OpenGateAsync(lane, cancellationToken);

    /// <inheritdoc />
    public Task<RelayResult> HoldGateAsync(string lane, bool held, CancellationToken cancellationToken) =>
        lanes.TryGetValue(lane, out var called) ? CallAsync(lane, called, held ? BarrierAction.Hold : BarrierAction.Release, cancellationToken) : inner.HoldGateAsync(lane, held, cancellationToken);

    /// <inheritdoc />
    public Task ShowAsync(string lane, LocalizedText message, CancellationToken cancellationToken) => inner.ShowAsync(lane, message, cancellationToken);

    /// <inheritdoc />
    public Task ShowIdleAsync(string lane, LocalizedText message, CancellationToken cancellationToken) => inner.ShowIdleAsync(lane, message, cancellationToken);

    /// <inheritdoc />
    public Task PublishAsync(LaneDecision decision, CancellationToken cancellationToken) => inner.PublishAsync(decision, cancellationToken);

    private async Task<RelayResult> CallAsync(string lane, CalledLane called, BarrierAction action, CancellationToken cancellationToken)
    {
        if (action != BarrierAction.Open && !called.Barrier.Holds)
        {
            problem($"lane {lane} barrier through camera {called.Device}: this camera can only lift its barrier, not hold it up; wire a relay for holding it open");
            return RelayResult.NoReply;
        }

        var failed = await calls.CallAsync(called.Device, camera => called.Barrier.BarrierRequest(camera, action), called.Barrier.Confirms, called.Timeout, cancellationToken);
        if (failed is null)
        {
            return RelayResult.Confirmed;
        }

        problem($"lane {lane} barrier through camera {called.Device} ({action.ToString().ToLowerInvariant()}): {failed}");
        return RelayResult.NoReply;
    }
}
