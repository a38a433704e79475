using ParkingGate.Gate.Outputs;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Protocols.Frigate;
using ParkingGate.Protocols.Native;
using ParkingGate.Protocols.Vzenith;

namespace ParkingGate.Gate;

public sealed partial class GateRuntime
{
    /// <summary>Routes one message: reads to their lane's queue, replies to the waiting relay command, payments to the ledger.</summary>
    private async Task OnMessageAsync(string topic, byte[] payload)
    {
        var parts = topic.Split('/');
        var estate = _settings.Estate;
        if (parts is ["device", var sn, "message", "up", "ivs_result"])
        {
            Seen(sn);
            if (!VzenithMessages.TryParseRead(payload, out var read, out var error))
            {
                Count($"vzenith {sn}: {error}");
            }
            else if (read.Device != sn)
            {
                Count($"vzenith {sn}: the message says it is from {read.Device}");
            }
            else
            {
                Enqueue(l => l.CameraKind == "vzenith" && l.CameraId == sn, read, $"vzenith {sn}");
            }
        }
        else if (parts is ["device", var alive, "message", "up", "keep_alive"])
        {
            Seen(alive);
        }
        else if (parts is ["device", _, "message", "down", _, "reply"])
        {
            _outputs!.OnVzenithReply(payload);
        }
        else if (topic == "frigate/tracked_object_update")
        {
            if (FrigateMessages.TryParseRead(payload, out var read, out var error))
            {
                Enqueue(l => l.CameraKind == "frigate" && l.CameraId == read.Device, read, $"frigate {read.Device}");
            }
            else if (!error.Contains("is not lpr", StringComparison.Ordinal))
            {
                Count($"frigate: {error}");
            }
        }
        else if (parts is ["parkinggate", var e, "lanes", var lane, "read"] && e == estate)
        {
            if (NativeReadMessages.TryParseRead(payload, lane, out var read, out var error))
            {
                Enqueue(l => l.CameraKind == "native" && l.Lane.Id == lane, read, $"lane {lane}");
            }
            else
            {
                Count($"native read on {lane}: {error}");
            }
        }
        else if (parts is ["stat", var tasmota, "RESULT"])
        {
            _outputs!.OnTasmotaResult(tasmota, payload);
        }
        else if (topic == $"{MqttLaneOutputs.ShellySource}/rpc")
        {
            _outputs!.OnShellyReply(payload);
        }
        else if (parts is ["parkinggate", var pe, "lanes", var payLane, "pay", "result"] && pe == estate && _terminals.Contains(payLane))
        {
            // Not here: opening the gate waits for the relay's reply, which arrives through this same receive loop.
            await _payments.Writer.WriteAsync((payLane, payload));
        }
    }

    private void Enqueue(Func<LaneWiring, bool> isLane, CameraRead read, string source)
    {
        var lane = _lanes.Values.FirstOrDefault(l => isLane(l.Wiring));
        if (lane.Queue is null)
        {
            Count($"{source}: no lane is configured for this camera");
            return;
        }

        lane.Queue.Writer.TryWrite(read);
    }
}
