using ParkingGate.Gate.Lanes;

namespace ParkingGate.Gate.Outputs;

/// <summary>How a lane's devices are reached over MQTT.</summary>
/// <param name="Lane">The lane.</param>
/// <param name="CameraKind">vzenith, frigate or native.</param>
/// <param name="CameraId">Serial number (vzenith) or camera name (frigate).</param>
/// <param name="RelayKind">camera, tasmota or shelly.</param>
/// <param name="RelayId">Tasmota topic or Shelly prefix.</param>
/// <param name="Io">The camera output that opens the barrier.</param>
/// <param name="PulseMs">How long the relay closes.</param>
/// <param name="ReplyTimeout">How long to wait for the relay to confirm.</param>
/// <param name="SpeakThroughCamera">Send LED/voice frames through the camera's serial passthrough.</param>
public sealed record LaneWiring(
    LaneSettings Lane, string CameraKind, string CameraId, string RelayKind, string RelayId, int Io, int PulseMs, TimeSpan ReplyTimeout, bool SpeakThroughCamera);
