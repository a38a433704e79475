using ParkingGate.Devices.Families;
using ParkingGate.Devices.Http;
using ParkingGate.Protocols.Cameras;

namespace ParkingGate.Gate;

/// <summary>The gate as the device families' sink: reads to their lane's queue, answers to the waiting command, payments to the ledger.</summary>
public sealed partial class GateRuntime : IHttpDeviceSink
{
    /// <summary>Routes one message to the family whose topic filter it matches.</summary>
    private async Task OnMessageAsync(string topic, byte[] payload) => await _router!.RouteAsync(topic, payload, this);

    /// <inheritdoc />
    void IDeviceSink.Read(CameraAddress camera, CameraRead read)
    {
        if (!_byCamera.TryGetValue(camera, out var lane))
        {
            Count($"{camera.Kind} {camera.Id}: no lane is configured for this camera");
            return;
        }

        if (read.Offline is null)
        {
            _lanes[lane].Queue.Writer.TryWrite(read);
        }
        else if (!_lanes[lane].Offline.Writer.TryWrite(read))
        {
            Count($"{camera.Kind} {camera.Id}: an offline record was refused: {OfflineQueue} records already wait to be taken in");
        }
    }

    /// <inheritdoc />
    async Task<PushAnswer> IHttpDeviceSink.DecideAsync(CameraAddress camera, CameraRead read, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (_push is null || !_byCamera.TryGetValue(camera, out var lane))
        {
            Count($"{camera.Kind} {camera.Id}: no lane is configured for this camera");
            return new PushAnswer(false, false, [], null);
        }

        if (read.Offline is null && _push.Answered(lane, read.MessageId) is { } again)
        {
            return again; // the camera did not get the answer: the same one again, not a second decision
        }

        var answer = _push.AwaitAsync(lane, read, wait, cancellationToken); // registered before the read is queued
        ((IDeviceSink)this).Read(camera, read);
        return await answer;
    }

    /// <inheritdoc />
    WaitingCommands? IHttpDeviceSink.TakeWaiting(CameraAddress camera) => _push?.TakeWaiting(camera);

    /// <inheritdoc />
    void IDeviceSink.Signal(CameraAddress camera, LaneSignal signal)
    {
        if (_byCamera.TryGetValue(camera, out var lane))
        {
            _ = SignalAsync(_lanes[lane].Wiring.Lane, signal);
        }
    }

    private async Task SignalAsync(Lanes.LaneSettings lane, LaneSignal signal)
    {
        try
        {
            if (await Controller.SignalAsync(lane, signal, _stop.Token) is { } decision)
            {
                Announce(decision);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LaneError(_log, lane.Id, $"({signal.Kind})", e);
        }
    }

    /// <inheritdoc />
    void IDeviceSink.ListPage(string key, IReadOnlyList<CameraListed> entries) => _lists?.ListPage(key, entries);

    /// <inheritdoc />
    void IDeviceSink.Heard(string device) => Seen(device);

    /// <inheritdoc />
    void IDeviceSink.Refuse(string reason) => Count(reason);

    /// <inheritdoc />
    void IDeviceSink.Answered(string key, bool success)
    {
        _outputs!.Answered(key, success);
        _lists?.Answered(key, success);
    }

    /// <inheritdoc />
    async ValueTask IDeviceSink.PaymentResultAsync(string lane, byte[] payload)
    {
        if (_terminals.Contains(lane))
        {
            // Not here: opening the gate waits for the relay's reply, which arrives through this same receive loop.
            await _payments.Writer.WriteAsync((lane, payload));
        }
    }
}
