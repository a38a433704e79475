namespace ParkingGate.Devices.Families;

/// <summary>A family whose devices are a lane's plate camera (<c>lanes[].camera.kind</c>).</summary>
public interface ILaneCameraFamily
{
    /// <summary>The camera's kind in <c>lanes[].camera.kind</c> (usually the family's own name).</summary>
    string CameraKind { get; }

    /// <summary>
    /// True when a read names its lane rather than a device (the camera needs no <c>camera.id</c>); false when the
    /// camera has its own id (serial number, camera name) that the config must give.
    /// </summary>
    bool DeviceIsLane { get; }

    /// <summary>The camera reports its IO inputs, so a lane may name the one wired to its ground loop (<c>lanes[].loopInput</c>).</summary>
    bool ReportsInputs => false;
}
