using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using ParkingGate.Devices.LedVoiceBoard;
using ParkingGate.Domain;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Gate;
using ParkingGate.Gate.Configuration;
using ParkingGate.Gate.Lanes;
using ParkingGate.Gate.Settlement;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Service;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Protocols.SerialCamera;
using ParkingGate.Simulator;
using ParkingGate.Simulator.Serial;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Host.Tests.Serial;

/// <summary>
/// The gate with serial devices from the config, on pseudo-terminals: the entry lane entirely on serial (camera
/// lines, a Modbus relay board, an LED board); the exit lane's camera on MQTT, its relay on the same RS-485 bus as
/// the entry's (slave 2), its LED board on a line of its own.
/// </summary>
public sealed class GateOverSerialTests : FolderFixture
{
    private const string Password = "device-secret";
    private readonly ConcurrentQueue<LaneDecision> _decisions = new();
    private readonly CollectingLogger _log = new();
    private GateRuntime _gate = null!;
    private SimulatedModbusBoard _bus = null!;
    private SimulatedSerialCamera _cameraIn = null!;
    private SimulatedLedBoard _ledIn = null!;
    private SimulatedLedBoard _ledOut = null!;
    private SimulatedVzenithCamera _cameraOut = null!;
    private SqliteDatabase _database = null!;

    [SetUp]
    public async Task StartGate()
    {
        _decisions.Clear();
        var ports = Folder.Root;
        SerialCameraLines.TryEncoding("gbk", out var gbk);
        _bus = new SimulatedModbusBoard(Path.Combine(ports, "ttyBus"), 1, 2);
        _cameraIn = new SimulatedSerialCamera(Path.Combine(ports, "ttyCamIn"), gbk);
        _ledIn = new SimulatedLedBoard(Path.Combine(ports, "ttyLedIn"));
        _ledOut = new SimulatedLedBoard(Path.Combine(ports, "ttyLedOut"));

        Folder.UseEmbeddedBroker(Password, "out-1");
        var json = JsonNode.Parse(File.ReadAllText(Folder.Config), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        json["lanes"] = JsonNode.Parse($$"""
            [ { "id": "in-1", "direction": "entry",
                "camera": { "kind": "serial", "serial": { "port": "{{_cameraIn.Path}}" }, "encoding": "gbk" },
                "relay": { "kind": "modbus", "serial": { "port": "{{_bus.Path}}", "baud": 9600 }, "slave": 1, "coil": 0, "pulseMs": 700, "replyTimeoutMs": 500 },
                "display": { "kind": "serial", "serial": { "port": "{{_ledIn.Path}}" }, "volume": 60 } },
              { "id": "out-1", "direction": "exit",
                "camera": { "kind": "vzenith", "id": "sn-out-1" },
                "relay": { "kind": "modbus", "serial": { "port": "{{_bus.Path}}", "baud": 9600 }, "slave": 2, "coil": 0, "pulseMs": 700, "replyTimeoutMs": 500 },
                "display": { "kind": "serial", "serial": { "port": "{{_ledOut.Path}}" }, "speak": false } } ]
            """);
        File.WriteAllText(Folder.Config, json.ToJsonString());
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        _database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        var registry = new ParkingGate.Storage.Registry.RegistryStores(_database, TimeProvider.System, new ParkingGate.Storage.Ledger.LedgerStore(_database, TimeProvider.System, "fenglin-anzhi"));
        await registry.Households.AddHouseholdAsync(new HouseholdDraft(new RoomNumber(3, 2, "501"), "张建国", "13807310001", 2), "li");
        await registry.Vehicles.AddVehicleAsync(new RoomNumber(3, 2, "501"), Plate.Parse("湘A12345"), VehicleClass.Small, "li");
        await registry.Vehicles.AddVehicleAsync(new RoomNumber(3, 2, "501"), Plate.Parse("湘A67890"), VehicleClass.Small, "li");
        await registry.Households.AddHouseholdAsync(new HouseholdDraft(new RoomNumber(1, 1, "101"), "李秀英", "13807310002", 2), "li");
        await registry.Vehicles.AddVehicleAsync(new RoomNumber(1, 1, "101"), Plate.Parse("湘B11111"), VehicleClass.Small, "li");
        await registry.Vehicles.AddVehicleAsync(new RoomNumber(1, 1, "101"), Plate.Parse("湘B22222"), VehicleClass.Small, "li");
        _gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, _database, TimeProvider.System, _log);
        _gate.Decided += _decisions.Enqueue;
        _cameraOut = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", _gate.BrokerPort, "cam-out-1", Password, "sn-out-1", "out-1", TimeProvider.System);
        await WaitAsync(() => _gate.SerialPortStates.GetValueOrDefault(_cameraIn.Path, "not yet") is null, "the serial camera's port is open");
    }

    [TearDown]
    public async Task StopGate()
    {
        await _cameraOut.DisposeAsync();
        await _gate.DisposeAsync();
        _bus.Dispose();
        _cameraIn.Dispose();
        _ledIn.Dispose();
        _ledOut.Dispose();
        SqliteConnection.ClearAllPools();
    }

    [Test]
    public async Task A_resident_read_on_the_serial_camera_opens_through_the_modbus_board_and_the_board_greets_in_chinese()
    {
        Assert.That(_cameraIn.Read("湘A12345", "蓝", 96), Is.True);
        var decision = await DecisionAsync("in-1");
        Assert.That((decision.Outcome, decision.Who), Is.EqualTo((LaneOutcome.Opened, Visitor.Resident)));
        Assert.That(_bus.Flashes, Is.EqualTo(new[] { ((byte)1, 0, 700) }), "slave 1 relay 0 flashed; slave 2 untouched");
        await WaitAsync(() => _ledIn.Lines[1] == "欢迎回家", "the entry board shows the greeting");
        Assert.That(_ledIn.Lines[0], Is.EqualTo("湘A12345"));
        await WaitAsync(() => _ledIn.Spoken.Contains("湘A12345 欢迎回家"), "the entry board says the greeting after showing it");
        Assert.That(_ledIn.Volume, Is.EqualTo(60));
    }

    [Test]
    public async Task A_visitor_leaving_by_the_mqtt_camera_sees_the_fee_in_chinese_on_the_serial_board()
    {
        await _gate.Stays.EnterAsync(new Storage.Stays.StayEntry(Plate.Parse("粤B12345"), VehicleClass.Small, "in-1", DateTimeOffset.UtcNow.AddHours(-3), null, false), "zhou");
        await _cameraOut.ReadAsync("粤B12345", 95);
        var decision = await DecisionAsync("out-1");
        Assert.That(decision.Outcome, Is.EqualTo(LaneOutcome.AwaitingPayment));
        Assert.That(decision.DueFen, Is.GreaterThan(0));
        var fee = $"请缴费{Money.Yuan(decision.DueFen!.Value)}元";
        await WaitAsync(() => _ledOut.Lines[1] == fee, $"the exit board shows '{fee}'");
        Assert.That(_ledOut.Spoken, Is.Empty, "this board is configured not to speak");
        Assert.That(_bus.Flashes, Is.Empty, "nobody opened the exit before paying");

        await new ShiftBook(_database, TimeProvider.System, new LedgerStore(_database, TimeProvider.System, "fenglin-anzhi")).OpenShiftAsync(0, "booth");
        var paid = await _gate.Settlement.PayCashAsync(decision.StayId!.Value, decision.DueFen.Value, "booth");
        Assert.That(paid.IsSuccess, Is.True);
        Assert.That(paid.Value!.Opening, Is.EqualTo(ExitOpening.Opened));
        Assert.That(_bus.Flashes, Is.EqualTo(new[] { ((byte)2, 0, 700) }), "the exit's board, slave 2 on the shared bus");
    }

    [Test]
    public async Task Noise_and_garbled_lines_on_the_camera_line_never_open_the_gate()
    {
        var random = new Random(11);
        for (var i = 0; i < 50; i++)
        {
            var noise = new byte[random.Next(1, 200)];
            random.NextBytes(noise);
            _cameraIn.SendRaw(noise);
        }

        _cameraIn.SendLine("湘A1234?,蓝,96");
        _cameraIn.SendLine("粤B12345,蓝,960");
        _cameraIn.Read("湘A12345", "蓝", 96);
        var decision = await DecisionAsync("in-1");
        Assert.That(decision.Plate, Is.EqualTo("湘A12345"), "the first decision is the real read after all the noise");
        Assert.That(_bus.Flashes, Has.Count.EqualTo(1));
        Assert.That(_gate.Rejected.Keys, Has.Some.Contains("serial camera in-1"));
    }

    [Test]
    public async Task The_relay_bus_pulled_out_and_back_costs_one_logged_outage_and_no_restart()
    {
        Assert.That(_cameraIn.Read("湘A12345", "蓝", 96), Is.True);
        Assert.That((await DecisionAsync("in-1")).Outcome, Is.EqualTo(LaneOutcome.Opened));

        _bus.Unplug();
        _decisions.Clear();
        await _cameraOut.ReadAsync("湘A12345", 95);
        var uncertain = await DecisionAsync("out-1");
        Assert.That(uncertain.Outcome, Is.EqualTo(LaneOutcome.OpenUncertain), "no echo from an unplugged board: uncertain, never retried");

        _bus.PlugIn();
        var back = System.Diagnostics.Stopwatch.StartNew();
        LaneDecision? opened = null;
        string[] residents = ["湘A67890", "湘B11111", "湘B22222"]; // the next cars: the same plate again would be one read
        for (var i = 0; opened is null && back.Elapsed < TimeSpan.FromSeconds(5); i++)
        {
            _decisions.Clear();
            await _cameraOut.ReadAsync(residents[i % residents.Length], 95);
            var decision = await DecisionAsync("out-1");
            opened = decision.Outcome == LaneOutcome.Opened ? decision : null;
        }

        Assert.That(opened, Is.Not.Null, "the lane opened again within 5 s of the adapter coming back");
        Assert.That(_log.Lines.Count(l => l.Contains("is out of service", StringComparison.Ordinal) && l.Contains("ttyBus", StringComparison.Ordinal)), Is.EqualTo(1), string.Join("\n", _log.Lines));
        Assert.That(_log.Lines.Count(l => l.Contains("is back in service", StringComparison.Ordinal) && l.Contains("ttyBus", StringComparison.Ordinal)), Is.EqualTo(1), string.Join("\n", _log.Lines));
    }

    private async Task<LaneDecision> DecisionAsync(string lane)
    {
        LaneDecision? found = null;
        await WaitAsync(() => (found = _decisions.FirstOrDefault(d => d.Lane == lane)) is not null, $"a decision on {lane}");
        return found!;
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (started.Elapsed > TimeSpan.FromSeconds(10))
            {
                Assert.Fail($"timed out waiting for {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }
}
