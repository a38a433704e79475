using ParkingGate.Devices.Families;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Protocols.Native;

namespace ParkingGate.Devices.NativeCamera;

/// <summary>Any camera that publishes our native read on <c>parkinggate/{estate}/lanes/{lane}/read</c>; its account may post for its own lane only.</summary>
public sealed class NativeCameraFamily : IMqttDeviceFamily, ILaneCameraFamily
{
    /// <summary>The lane camera kind whose reads this family brings (<c>lanes[].camera.kind</c>).</summary>
    public const string LaneCameraKind = "native";

    /// <inheritdoc />
    public string CameraKind => LaneCameraKind;

    /// <inheritdoc />
    public bool DeviceIsLane => true;

    /// <inheritdoc />
    public string Kind => "native-camera";

    /// <inheritdoc />
    public IReadOnlyList<string> Subscriptions(string estate) => [$"parkinggate/{estate}/lanes/+/read"];

    /// <inheritdoc />
    public BrokerAccount Account(DeviceAccount device, string estate)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new(device.UserName, device.PasswordHash, [$"parkinggate/{estate}/lanes/{device.Id}/read"], []);
    }

    /// <inheritdoc />
    public ValueTask ReceiveAsync(string topic, byte[] payload, string estate, IDeviceSink sink)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(sink);
        if (topic.Split('/') is ["parkinggate", var e, "lanes", var lane, "read"] && e == estate)
        {
            if (NativeReadMessages.TryParseRead(payload, lane, out var read, out var error))
            {
                sink.Read(new CameraAddress(LaneCameraKind, lane), read);
            }
            else
            {
                sink.Refuse($"native read on {lane}: {error}");
            }
        }

        return ValueTask.CompletedTask;
    }
}
