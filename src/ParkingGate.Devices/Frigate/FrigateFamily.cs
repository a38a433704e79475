using ParkingGate.Devices.Families;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Protocols.Frigate;

namespace ParkingGate.Devices.Frigate;

/// <summary>A Frigate NVR: its licence-plate events on <c>frigate/tracked_object_update</c>, one camera name per lane.</summary>
public sealed class FrigateFamily : IMqttDeviceFamily, ILaneCameraFamily
{
    /// <inheritdoc />
    public string Kind => "frigate";

    /// <inheritdoc />
    public bool DeviceIsLane => false;

    /// <inheritdoc />
    public string CameraKind => Kind;

    /// <inheritdoc />
    public IReadOnlyList<string> Subscriptions(string estate) => ["frigate/tracked_object_update"];

    /// <inheritdoc />
    public BrokerAccount Account(DeviceAccount device, string estate)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new(device.UserName, device.PasswordHash, ["frigate/#"], []);
    }

    /// <inheritdoc />
    public ValueTask ReceiveAsync(string topic, byte[] payload, string estate, IDeviceSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (FrigateMessages.TryParseRead(payload, out var read, out var error))
        {
            sink.Read(new CameraAddress(Kind, read.Device), read);
        }
        else if (!error.Contains("is not lpr", StringComparison.Ordinal))
        {
            sink.Refuse($"frigate: {error}"); // other tracked objects (people, cats) are not ours to count
        }

        return ValueTask.CompletedTask;
    }
}
