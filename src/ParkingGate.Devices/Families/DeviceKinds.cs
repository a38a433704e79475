namespace ParkingGate.Devices.Families;

/// <summary>How a lane's camera, relay or display is reached.</summary>
public enum DeviceLink
{
    /// <summary>Over the broker, through a device family.</summary>
    Mqtt,

    /// <summary>On a serial line of the gate PC (a plate unit, a Modbus board, an LED board).</summary>
    Serial,

    /// <summary>Through the lane's own camera (its relay output, or its port to the board).</summary>
    CameraOutput,

    /// <summary>A camera that pushes to the device HTTP listener.</summary>
    Http,

    /// <summary>No device (a lane without a board).</summary>
    None,
}

/// <summary>A lane device's kind as the config names it, read once: how it is reached and, over MQTT, its family.</summary>
/// <param name="Name">The config's name, e.g. <c>modbus</c>.</param>
/// <param name="Link">How it is reached.</param>
/// <param name="Family">The MQTT family, for <see cref="DeviceLink.Mqtt"/>.</param>
/// <param name="HttpFamily">The HTTP family, for <see cref="DeviceLink.Http"/>.</param>
public sealed record LaneDeviceKind(string Name, DeviceLink Link, IMqttDeviceFamily? Family, Http.IHttpDeviceFamily? HttpFamily = null);

/// <summary>
/// The kinds a lane's devices may have: the MQTT families that declare the role, and the few the gate drives itself
/// (serial plate units, Modbus boards, LED boards, the camera's own output). Names appear here and in the families only.
/// </summary>
public static class DeviceKinds
{
    /// <summary>A plate unit, or an LED/voice board, on a serial line.</summary>
    public const string Serial = "serial";

    /// <summary>A relay on a Modbus RTU board.</summary>
    public const string Modbus = "modbus";

    /// <summary>No display.</summary>
    public const string None = "none";

    /// <summary>The camera kinds, in the order messages list them.</summary>
    public static IReadOnlyList<string> CameraNames { get; } =
        [.. DeviceFamilies.Mqtt.OfType<ILaneCameraFamily>().Select(f => f.CameraKind), .. DeviceFamilies.Http.OfType<ILaneCameraFamily>().Select(f => f.CameraKind), Serial];

    /// <summary>The relay kinds, in the order messages list them.</summary>
    public static IReadOnlyList<string> RelayNames { get; } =
        [DeviceFamilies.CameraOutput, .. DeviceFamilies.Mqtt.OfType<IMqttBarrier>().Select(b => b.RelayKind).Where(k => k != DeviceFamilies.CameraOutput), Modbus];

    /// <summary>The display kinds.</summary>
    public static IReadOnlyList<string> DisplayNames { get; } = [DeviceFamilies.CameraOutput, Serial, None];

    /// <summary>A camera kind, or null when no family reads plates under that name.</summary>
    public static LaneDeviceKind? Camera(string? kind) =>
        kind == Serial ? new(kind, DeviceLink.Serial, null)
        : DeviceFamilies.Mqtt.FirstOrDefault(f => f is ILaneCameraFamily c && c.CameraKind == kind) is { } family ? new(kind!, DeviceLink.Mqtt, family)
        : DeviceFamilies.Http.FirstOrDefault(f => f is ILaneCameraFamily c && c.CameraKind == kind) is { } pushing ? new(kind!, DeviceLink.Http, null, pushing)
        : null;

    /// <summary>A relay kind, or null when nothing lifts a barrier under that name.</summary>
    public static LaneDeviceKind? Relay(string? kind) =>
        kind == DeviceFamilies.CameraOutput ? new(kind, DeviceLink.CameraOutput, null)
        : kind == Modbus ? new(kind, DeviceLink.Serial, null)
        : DeviceFamilies.Mqtt.FirstOrDefault(f => f is IMqttBarrier b && b.RelayKind == kind && kind != DeviceFamilies.CameraOutput) is { } family
            ? new(family.Kind, DeviceLink.Mqtt, family)
            : null;

    /// <summary>A display kind, or null.</summary>
    public static LaneDeviceKind? Display(string? kind) => kind switch
    {
        DeviceFamilies.CameraOutput => new(kind, DeviceLink.CameraOutput, null),
        Serial => new(kind, DeviceLink.Serial, null),
        None => new(kind, DeviceLink.None, null),
        _ => null,
    };

    /// <summary>"a, b, c or d", for messages.</summary>
    public static string List(IReadOnlyList<string> names) =>
        names.Count < 2 ? string.Join("", names) : $"{string.Join(", ", names.Take(names.Count - 1))} or {names[^1]}";
}
