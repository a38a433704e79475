using ParkingGate.Protocols;

namespace ParkingGate.Devices.Families;

/// <summary>A camera family that forwards bytes to the LED/voice board on its RS-485 port.</summary>
public interface IPassthroughDisplay
{
    /// <summary>The command that sends <paramref name="frame"/> through camera <paramref name="camera"/>'s serial port.</summary>
    MqttCommand Passthrough(string camera, string id, byte[] frame, long nowUnixSeconds);
}
