using System.Text;
using ParkingGate.Devices.LedVoiceBoard;
using ParkingGate.Gate.Configuration;
using ParkingGate.Host.Configuration;
using ParkingGate.Simulator.Serial;

namespace ParkingGate.Host.Demo;

/// <summary>
/// The demo's serial devices (<c>demo --serial</c>): the entry lane entirely on serial lines (a plate unit's output,
/// a Modbus relay board, an LED/voice board), the exit lane's camera on MQTT with its relay as slave 2 on the same
/// RS-485 bus and an LED board of its own. Each line is a pseudo-terminal linked from a folder next to the database,
/// as <c>/dev/serial/by-id/…</c> links a USB adapter.
/// </summary>
internal sealed class DemoSerial : IDisposable
{
    private DemoSerial(string folder)
    {
        Folder = folder;
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        Bus = new SimulatedModbusBoard(Path.Combine(folder, "ttyBus"), 1, 2);
        CameraIn = new SimulatedSerialCamera(Path.Combine(folder, "ttyCamIn"), Encoding.GetEncoding(936));
        Boards = new Dictionary<string, SimulatedLedBoard>(StringComparer.Ordinal)
        {
            ["in-1"] = new SimulatedLedBoard(Path.Combine(folder, "ttyLedIn")),
            ["out-1"] = new SimulatedLedBoard(Path.Combine(folder, "ttyLedOut")),
        };
    }

    /// <summary>Where the lines' links are.</summary>
    public string Folder { get; }

    /// <summary>The Modbus relay boards (slaves 1 and 2) on one bus.</summary>
    public SimulatedModbusBoard Bus { get; }

    /// <summary>The entry lane's plate unit.</summary>
    public SimulatedSerialCamera CameraIn { get; }

    /// <summary>Each lane's LED/voice board.</summary>
    public IReadOnlyDictionary<string, SimulatedLedBoard> Boards { get; }

    /// <summary>Plugs the devices in under <paramref name="folder"/>.</summary>
    public static DemoSerial Start(string folder)
    {
        Directory.CreateDirectory(folder);
        return new DemoSerial(folder);
    }

    /// <summary>The config's lanes rewired to these devices (the config must name lanes in-1 and out-1).</summary>
    public IReadOnlyList<LaneOptions> Lanes(IReadOnlyList<LaneOptions> lanes) => [.. lanes.Select(lane => lane.Id switch
    {
        "in-1" => new LaneOptions
        {
            Id = lane.Id, Direction = lane.Direction, Terminal = lane.Terminal,
            Camera = new CameraOptions { Kind = "serial", Id = "unit-in-1", Serial = new SerialPortOptions { Port = CameraIn.Path }, Encoding = "gbk" },
            Relay = Modbus(1),
            Display = Display("in-1"),
        },
        "out-1" => new LaneOptions
        {
            Id = lane.Id, Direction = lane.Direction, Terminal = lane.Terminal, Camera = lane.Camera, Relay = Modbus(2), Display = Display("out-1"),
        },
        _ => lane,
    })];

    /// <inheritdoc />
    public void Dispose()
    {
        Bus.Dispose();
        CameraIn.Dispose();
        foreach (var board in Boards.Values)
        {
            board.Dispose();
        }
    }

    private RelayOptions Modbus(int slave) => new()
    {
        Kind = "modbus", Serial = new SerialPortOptions { Port = Bus.Path }, Slave = slave, Coil = 0, PulseMs = 700, ReplyTimeoutMs = 500,
    };

    private DisplayOptions Display(string lane) => new() { Kind = "serial", Serial = new SerialPortOptions { Port = Boards[lane].Path }, Volume = 80 };
}
