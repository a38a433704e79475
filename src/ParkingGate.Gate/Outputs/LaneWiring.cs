using ParkingGate.Devices.Families;
using ParkingGate.Gate.Configuration;
using ParkingGate.Gate.Lanes;

namespace ParkingGate.Gate.Outputs;

/// <summary>How a lane's devices are reached over MQTT, resolved from the config once at start.</summary>
/// <param name="Lane">The lane.</param>
/// <param name="Camera">The camera whose reads are this lane's.</param>
/// <param name="Barrier">The family that lifts the barrier over MQTT (null when the relay is on a serial line).</param>
/// <param name="Relay">The relay as that family addresses it.</param>
/// <param name="ReplyTimeout">How long to wait for the relay to confirm.</param>
/// <param name="Display">The camera family that passes LED/voice frames to the board, or null when the board is elsewhere.</param>
public sealed record LaneWiring(LaneSettings Lane, CameraAddress Camera, IMqttBarrier? Barrier, RelayAddress Relay, TimeSpan ReplyTimeout, IPassthroughDisplay? Display)
{
    /// <summary>The wiring a lane's config describes: its camera's address, its barrier and board.</summary>
    public static LaneWiring From(LaneOptions lane)
    {
        var camera = new CameraAddress(lane.Camera.Kind, lane.Camera.Device?.Family is ILaneCameraFamily { DeviceIsLane: true } ? lane.Id : lane.Camera.Id);
        var relayDevice = lane.Relay.Device?.Link == DeviceLink.CameraOutput ? lane.Camera.Id : lane.Relay.Id;
        return new LaneWiring(
            new LaneSettings(lane.Id, lane.Way) { LoopInput = lane.LoopInput }, camera,
            DeviceFamilies.Barrier(lane.Relay.Kind, lane.Camera.Kind), new RelayAddress(lane.Id, relayDevice, lane.Relay.Io, lane.Relay.PulseMs),
            TimeSpan.FromMilliseconds(lane.Relay.ReplyTimeoutMs),
            lane.Display.Device?.Link == DeviceLink.CameraOutput ? lane.Camera.Device?.Family as IPassthroughDisplay : null);
    }
}
