using System.Security.Cryptography;
using ParkingGate.Gate.Configuration;
using ParkingGate.Simulator;

namespace ParkingGate.Host.Demo;

/// <summary>
/// <c>demo --mixed</c>: the estate with one lane per camera kind (in-1 Vzenith over MQTT, out-1 Vzenith HTTP push,
/// in-2 Hikvision, out-2 Dahua), the simulated HTTP cameras started first so their addresses go in the config, and
/// the device listener on a free loopback port they push to.
/// </summary>
internal sealed class DemoMixed : IAsyncDisposable
{
    private const string User = "gate-operator";

    private DemoMixed(int port, SimulatedVzenithHttpCamera vzenith, SimulatedHikvisionCamera hikvision, SimulatedDahuaCamera dahua, HttpDeviceOptions http)
    {
        Port = port;
        Vzenith = vzenith;
        Hikvision = hikvision;
        Dahua = dahua;
        Http = http;
    }

    /// <summary>The device listener's port.</summary>
    public int Port { get; }

    /// <summary>out-1's camera.</summary>
    public SimulatedVzenithHttpCamera Vzenith { get; }

    /// <summary>in-2's camera.</summary>
    public SimulatedHikvisionCamera Hikvision { get; }

    /// <summary>out-2's camera.</summary>
    public SimulatedDahuaCamera Dahua { get; }

    /// <summary>The simulated camera for a lane whose camera is of <paramref name="kind"/>.</summary>
    public ILaneCamera CameraOf(string kind) => kind switch
    {
        "hikvision" => Hikvision,
        "dahua" => Dahua,
        _ => Vzenith,
    };

    /// <summary>The <c>http</c> section: the listener and the three cameras with their secrets and accounts.</summary>
    public HttpDeviceOptions Http { get; }

    /// <summary>Starts the HTTP cameras and makes their config.</summary>
    public static async Task<DemoMixed> StartAsync(TimeProvider time)
    {
        var port = LoopbackPorts.Free();
        var password = Secret();
        var (vzenithSecret, hikSecret, dahuaSecret) = (Secret(), Secret(), Secret());
        Uri Push(string secret) => new($"http://127.0.0.1:{port}/push/{secret}");
        var vzenith = new SimulatedVzenithHttpCamera(Push(vzenithSecret), "sn-out-1", "out-1", time);
        var hikvision = await SimulatedHikvisionCamera.StartAsync(Push(hikSecret), "hik-in-2", "in-2", User, password, time);
        var dahua = await SimulatedDahuaCamera.StartAsync(Push(dahuaSecret), "dh-out-2", "out-2", User, password, time);
        var http = new HttpDeviceOptions
        {
            Bind = "127.0.0.1", Port = port,
            Devices =
            [
                new HttpDeviceEntry { Kind = "vzenith-http", Id = "sn-out-1", Secret = vzenithSecret },
                new HttpDeviceEntry { Kind = "hikvision", Id = "hik-in-2", Secret = hikSecret, Address = hikvision.Address.GetLeftPart(UriPartial.Authority), User = User, Password = password },
                new HttpDeviceEntry { Kind = "dahua", Id = "dh-out-2", Secret = dahuaSecret, Address = dahua.Address.GetLeftPart(UriPartial.Authority), User = User, Password = password },
            ],
        };
        return new DemoMixed(port, vzenith, hikvision, dahua, http);
    }

    /// <summary>The four lanes: in-1 as the config has it, the others on the HTTP cameras.</summary>
    public static IReadOnlyList<LaneOptions> Lanes(IReadOnlyList<LaneOptions> configured)
    {
        var entry = configured.First(l => l.Way == Gate.Lanes.LaneDirection.Entry);
        LaneOptions Lane(string id, string direction, string kind, string camera, string display) => new()
        {
            Id = id, Direction = direction, Camera = new CameraOptions { Kind = kind, Id = camera },
            Relay = new RelayOptions { Kind = "camera", PulseMs = 1000, ReplyTimeoutMs = 2000 },
            Display = new DisplayOptions { Kind = display },
        };
        return
        [
            new LaneOptions { Id = "in-1", Direction = "entry", Camera = entry.Camera, Relay = entry.Relay, Display = entry.Display },
            Lane("out-1", "exit", "vzenith-http", "sn-out-1", "camera"),
            Lane("in-2", "entry", "hikvision", "hik-in-2", "none"),
            Lane("out-2", "exit", "dahua", "dh-out-2", "none"),
        ];
    }

    private static string Secret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Vzenith.Dispose();
        await Hikvision.DisposeAsync();
        await Dahua.DisposeAsync();
    }
}
