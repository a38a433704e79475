using ParkingGate.Devices.Frigate;
using ParkingGate.Devices.Http;
using ParkingGate.Devices.NativeCamera;
using ParkingGate.Devices.PaymentTerminal;
using ParkingGate.Devices.Shelly;
using ParkingGate.Devices.Tasmota;
using ParkingGate.Devices.Vzenith;

namespace ParkingGate.Devices.Families;

/// <summary>
/// The MQTT device families the gate knows. Adding a vendor is a folder of its own beside the others with a class implementing
/// <see cref="IMqttDeviceFamily"/> (and <see cref="IMqttBarrier"/> if it lifts a barrier), and one line here.
/// </summary>
public static class DeviceFamilies
{
    /// <summary>Every MQTT family, in the order their subscriptions are made.</summary>
    public static IReadOnlyList<IMqttDeviceFamily> Mqtt { get; } =
    [
        new VzenithFamily(),
        new FrigateFamily(),
        new NativeCameraFamily(),
        new TasmotaFamily(),
        new ShellyFamily(),
        new PaymentTerminalFamily(),
    ];

    /// <summary>Every family of cameras that push over HTTP to the device listener.</summary>
    public static IReadOnlyList<IHttpDeviceFamily> Http { get; } =
    [
        new VzenithHttpFamily(),
        new Hikvision.HikvisionFamily(),
        new Dahua.DahuaFamily(),
    ];

    /// <summary>The family whose config name is <paramref name="kind"/>, or null.</summary>
    public static IMqttDeviceFamily? Find(string kind) => Mqtt.FirstOrDefault(f => string.Equals(f.Kind, kind, StringComparison.Ordinal));

    /// <summary>The HTTP family whose config name is <paramref name="kind"/>, or null.</summary>
    public static IHttpDeviceFamily? FindHttp(string kind) => Http.FirstOrDefault(f => string.Equals(f.Kind, kind, StringComparison.Ordinal));

    /// <summary>
    /// The barrier family of a lane: <paramref name="relayKind"/> names it, or is <c>camera</c> for the output of the
    /// lane's own camera (family <paramref name="cameraKind"/>). Null when neither lifts a barrier over MQTT.
    /// </summary>
    public static IMqttBarrier? Barrier(string relayKind, string cameraKind) =>
        (relayKind == CameraOutput ? DeviceKinds.Camera(cameraKind) : DeviceKinds.Relay(relayKind))?.Family as IMqttBarrier;

    /// <summary>The relay kind that means "the output of the lane's own camera".</summary>
    public const string CameraOutput = "camera";
}
