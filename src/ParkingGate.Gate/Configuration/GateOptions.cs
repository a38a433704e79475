using ParkingGate.Devices.Families;
using ParkingGate.Gate.Lanes;

namespace ParkingGate.Gate.Configuration;

/// <summary>The MQTT side: the embedded broker (or an external one) and the devices' accounts.</summary>
public sealed class MqttOptions
{
    /// <summary>Run the broker inside the service (default) instead of connecting to an external one.</summary>
    public bool Embedded { get; init; } = true;

    /// <summary>The address the embedded broker binds (default loopback only).</summary>
    public string Bind { get; init; } = "127.0.0.1";

    /// <summary>The embedded broker's port, or the external broker's.</summary>
    public int Port { get; init; } = 1883;

    /// <summary>Accept clients without credentials (off).</summary>
    public bool AllowAnonymous { get; init; }

    /// <summary>The external broker's host when <see cref="Embedded"/> is false.</summary>
    public string? Host { get; init; }

    /// <summary>The service's user name on an external broker.</summary>
    public string? UserName { get; init; }

    /// <summary>The service's password on an external broker.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// TLS. With the embedded broker: its port speaks TLS only (1.2 or 1.3), with <see cref="Certificate"/> and
    /// <see cref="CertificateKey"/>; with an external broker: the service connects with TLS.
    /// </summary>
    public bool Tls { get; init; }

    /// <summary>The embedded broker's certificate, a PEM file (relative paths are beside the config file).</summary>
    public string? Certificate { get; init; }

    /// <summary>The private key of <see cref="Certificate"/>, a PEM file; readable only by the service's user.</summary>
    public string? CertificateKey { get; init; }

    /// <summary>The certificate and key loaded from <see cref="Certificate"/> and <see cref="CertificateKey"/> by the config loader.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public System.Security.Cryptography.X509Certificates.X509Certificate2? BrokerCertificate { get; internal set; }

    /// <summary>One account per device, password stored hashed.</summary>
    public IReadOnlyList<DeviceOptions> Devices { get; init; } = [];
}

/// <summary>A device's broker account; its kind and id decide which topics it may use.</summary>
public sealed class DeviceOptions
{
    /// <summary>MQTT user name.</summary>
    public string UserName { get; init; } = "";

    /// <summary>From <c>parkinggate device hash-password</c>.</summary>
    public string PasswordHash { get; init; } = "";

    /// <summary>vzenith, tasmota, shelly, native-camera, frigate or payment-terminal.</summary>
    public string Kind { get; init; } = "";

    /// <summary>The camera's serial number, the Tasmota topic, the Shelly prefix, or the lane id.</summary>
    public string Id { get; init; } = "";

    /// <summary>This device's broker account, as its family defines it (what it may publish and read).</summary>
    public Devices.Mqtt.BrokerAccount Account(string estate) =>
        (DeviceFamilies.Find(Kind) ?? throw new InvalidOperationException($"mqtt.devices: no device family is called '{Kind}'"))
            .Account(new DeviceAccount(UserName, PasswordHash, Kind, Id), estate);
}

/// <summary>One lane: its direction and the devices that serve it.</summary>
public sealed class LaneOptions
{
    /// <summary>Lane id, e.g. <c>in-1</c>.</summary>
    public string Id { get; init; } = "";

    /// <summary>entry or exit.</summary>
    public string Direction { get; init; } = "";

    /// <summary>
    /// <see cref="Direction"/> as the gate uses it. The config check refuses anything but <c>entry</c> and
    /// <c>exit</c> before a lane runs, so this is the one place the text is read.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public LaneDirection Way => TryParseDirection(Direction, out var way) ? way : LaneDirection.Entry;

    /// <summary>Reads a lane direction as the config spells it: <c>entry</c> or <c>exit</c>.</summary>
    public static bool TryParseDirection(string? text, out LaneDirection direction)
    {
        (var known, direction) = text switch
        {
            "entry" => (true, LaneDirection.Entry),
            "exit" => (true, LaneDirection.Exit),
            _ => (false, LaneDirection.Entry),
        };
        return known;
    }

    /// <summary>The camera that reads plates for this lane.</summary>
    public CameraOptions Camera { get; init; } = new();

    /// <summary>The barrier relay.</summary>
    public RelayOptions Relay { get; init; } = new();

    /// <summary>
    /// The LED/voice board: <c>"camera"</c> (through the camera's serial passthrough), <c>"none"</c>, or an object
    /// <c>{ "kind": "serial", "serial": { "port": … }, "volume": 80 }</c> for a board on its own line.
    /// </summary>
    public DisplayOptions Display { get; init; } = new();

    /// <summary>The lane has a payment terminal (a <c>payment-terminal</c> device whose id is the lane id).</summary>
    public bool Terminal { get; init; }

    /// <summary>
    /// The camera input (0–3: IO input 1–4) wired to the ground loop after the barrier, or null when the lane has
    /// none. With it, an entry no car crossed the loop for is voided and a second car through one opening is reported.
    /// </summary>
    public int? LoopInput { get; init; }
}

/// <summary>A lane's camera.</summary>
public sealed class CameraOptions
{
    /// <summary>vzenith, frigate, native or serial.</summary>
    public string Kind { get; init; } = "vzenith";

    /// <summary><see cref="Kind"/> as the gate uses it, read once; null for a kind the config check refuses.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public LaneDeviceKind? Device => field ??= DeviceKinds.Camera(Kind);

    /// <summary>The camera's serial number (vzenith) or name (frigate); for serial, its name in logs (default the lane id).</summary>
    public string Id { get; init; } = "";

    /// <summary>The port a serial camera sends its lines on.</summary>
    public SerialPortOptions? Serial { get; init; }

    /// <summary>The encoding of a serial camera's lines: gbk (default) or utf-8.</summary>
    public string Encoding { get; init; } = "gbk";

    /// <summary>A regular expression with a named group <c>plate</c> (optional <c>color</c>, <c>confidence</c>, <c>id</c>); null for the default.</summary>
    public string? Pattern { get; init; }
}

/// <summary>A serial port's settings (always 8 data bits).</summary>
public sealed class SerialPortOptions
{
    /// <summary>The device, e.g. <c>/dev/ttyUSB0</c> or better <c>/dev/serial/by-id/…</c>.</summary>
    public string Port { get; init; } = "";

    /// <summary>Line speed.</summary>
    public int Baud { get; init; } = 9600;

    /// <summary>none, even or odd.</summary>
    public string Parity { get; init; } = "none";

    /// <summary>1 or 2.</summary>
    public int StopBits { get; init; } = 1;
}

/// <summary>A lane's LED/voice board.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(DisplayOptionsConverter))]
public class DisplayOptions
{
    /// <summary>camera (through the camera's passthrough), serial (own line) or none.</summary>
    public string Kind { get; init; } = "camera";

    /// <summary><see cref="Kind"/> as the gate uses it, read once; null for a kind the config check refuses.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public LaneDeviceKind? Device => field ??= DeviceKinds.Display(Kind);

    /// <summary>The board's port when <see cref="Kind"/> is serial.</summary>
    public SerialPortOptions? Serial { get; init; }

    /// <summary>Voice volume 0–100, set whenever the board's line comes up.</summary>
    public int Volume { get; init; } = 80;

    /// <summary>Say each message as well as showing it.</summary>
    public bool Speak { get; init; } = true;

    /// <summary>The board's text lines.</summary>
    public int Lines { get; init; } = 2;

    /// <summary>How many GBK bytes fit on a line (a Chinese character takes two; 16 for a 64-pixel-wide board).</summary>
    public int LineWidth { get; init; } = 16;

    /// <summary>How long to wait for the board's acknowledgement of each frame.</summary>
    public int ReplyTimeoutMs { get; init; } = 500;
}

/// <summary>A lane's barrier relay.</summary>
public sealed class RelayOptions
{
    /// <summary>camera (the camera's own output), tasmota, shelly or modbus (an RS-485 relay board).</summary>
    public string Kind { get; init; } = "camera";

    /// <summary><see cref="Kind"/> as the gate uses it, read once; null for a kind the config check refuses.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public LaneDeviceKind? Device => field ??= DeviceKinds.Relay(Kind);

    /// <summary>The Tasmota topic or Shelly prefix; unused for the camera's output and Modbus.</summary>
    public string Id { get; init; } = "";

    /// <summary>The bus a Modbus relay board is on; lanes whose boards share a bus name the same port.</summary>
    public SerialPortOptions? Serial { get; init; }

    /// <summary>The Modbus board's address (1–247).</summary>
    public int Slave { get; init; } = 1;

    /// <summary>The relay on the Modbus board (0–7).</summary>
    public int Coil { get; init; }

    /// <summary>The camera output that opens the barrier.</summary>
    public int Io { get; init; }

    /// <summary>How long the relay closes.</summary>
    public int PulseMs { get; init; } = 1000;

    /// <summary>
    /// For a Modbus relay: <c>flash</c> (the self-timed command of the common 8-channel boards) or <c>on-off</c>
    /// (standard Modbus: the coil on, then off after <see cref="PulseMs"/>, for a PLC or a generic coil module).
    /// </summary>
    public string Mode { get; init; } = "flash";

    /// <summary>How long to wait for the relay to confirm before the opening is uncertain.</summary>
    public int ReplyTimeoutMs { get; init; } = 2000;
}
