using ParkingGate.Protocols.Cameras;

namespace ParkingGate.Devices.Families;

/// <summary>What a device family hands the gate when a message of its arrives.</summary>
public interface IDeviceSink
{
    /// <summary>A plate read from the camera the family addresses as <paramref name="camera"/>.</summary>
    void Read(CameraAddress camera, CameraRead read);

    /// <summary>The camera reported its barrier (up, down) or an input (the ground loop after the barrier).</summary>
    void Signal(CameraAddress camera, LaneSignal signal);

    /// <summary>A device was heard from (a read, a keep-alive): for the desk's list of devices.</summary>
    void Heard(string device);

    /// <summary>A message was refused; <paramref name="reason"/> names the device and what was wrong.</summary>
    void Refuse(string reason);

    /// <summary>A device answered the command sent with <paramref name="key"/> (see <see cref="BarrierPulse.Key"/>).</summary>
    void Answered(string key, bool success);

    /// <summary>A camera answered a read of its list (the command sent with <paramref name="key"/>) with these entries.</summary>
    void ListPage(string key, IReadOnlyList<CameraListed> entries);

    /// <summary>A lane's payment terminal reported a result.</summary>
    ValueTask PaymentResultAsync(string lane, byte[] payload);
}

/// <summary>Which camera a read came from: its family and what the family calls it (a serial number, a name, a lane).</summary>
/// <param name="Kind">The family's config name.</param>
/// <param name="Id">The camera's id within the family.</param>
public readonly record struct CameraAddress(string Kind, string Id);
