using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using MQTTnet;
using MQTTnet.Protocol;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Gate;
using ParkingGate.Gate.Configuration;
using ParkingGate.Gate.Lanes;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Service;
using ParkingGate.Simulator;
using ParkingGate.Storage;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Host.Tests.Gate;

/// <summary>Lanes wired with our native read and Frigate cameras, and Tasmota and Shelly relays.</summary>
public sealed class GateDeviceKindsTests : FolderFixture
{
    private const string Password = "device-secret";
    private readonly ConcurrentQueue<LaneDecision> _decisions = new();
    private GateRuntime _gate = null!;
    private SimulatedTasmota _tasmota = null!;
    private SimulatedShelly _shelly = null!;
    private IMqttClient _native = null!;
    private IMqttClient _frigate = null!;
    private SimulatedPaymentTerminal _terminal = null!;
    private SqliteDatabase _database = null!;

    [SetUp]
    public async Task StartGate()
    {
        _decisions.Clear(); // NUnit keeps one fixture instance for all its tests
        var json = JsonNode.Parse(File.ReadAllText(Folder.Config), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        var hash = DevicePassword.Hash(Password);
        json["mqtt"] = JsonNode.Parse($$"""
            { "embedded": true, "bind": "127.0.0.1", "port": 0, "devices": [
              { "userName": "cam-in-2", "passwordHash": "{{hash}}", "kind": "native-camera", "id": "in-2" },
              { "userName": "relay-in-2", "passwordHash": "{{hash}}", "kind": "tasmota", "id": "gate-in-2" },
              { "userName": "nvr", "passwordHash": "{{hash}}", "kind": "frigate", "id": "nvr" },
              { "userName": "relay-out-2", "passwordHash": "{{hash}}", "kind": "shelly", "id": "shelly-out-2" },
              { "userName": "term-out-2", "passwordHash": "{{hash}}", "kind": "payment-terminal", "id": "out-2" } ] }
            """);
        json["lanes"] = JsonNode.Parse("""
            [ { "id": "in-2", "direction": "entry", "camera": { "kind": "native" }, "relay": { "kind": "tasmota", "id": "gate-in-2", "pulseMs": 1000 }, "display": "none" },
              { "id": "out-2", "direction": "exit", "camera": { "kind": "frigate", "id": "driveway_cam" }, "relay": { "kind": "shelly", "id": "shelly-out-2", "pulseMs": 1500 }, "display": "none", "terminal": true } ]
            """);
        File.WriteAllText(Folder.Config, json.ToJsonString());
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        var database = _database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        var registry = new ParkingGate.Storage.Registry.RegistryStores(database, TimeProvider.System, new ParkingGate.Storage.Ledger.LedgerStore(database, TimeProvider.System, "fenglin-anzhi"));
        await registry.Households.AddHouseholdAsync(new HouseholdDraft(new RoomNumber(3, 2, "501"), "张建国", "13807310001", 2), "li");
        await registry.Vehicles.AddVehicleAsync(new RoomNumber(3, 2, "501"), Plate.Parse("湘A12345"), VehicleClass.Small, "li");
        _gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, database, TimeProvider.System, NullLogger.Instance);
        _gate.Decided += _decisions.Enqueue;
        _tasmota = await SimulatedTasmota.ConnectAsync("127.0.0.1", _gate.BrokerPort, "relay-in-2", Password, "gate-in-2");
        _shelly = await SimulatedShelly.ConnectAsync("127.0.0.1", _gate.BrokerPort, "relay-out-2", Password, "shelly-out-2");
        _native = await ConnectAsync("cam-in-2");
        _frigate = await ConnectAsync("nvr");
        _terminal = await SimulatedPaymentTerminal.ConnectAsync("127.0.0.1", _gate.BrokerPort, "term-out-2", Password, "fenglin-anzhi", "out-2", TimeProvider.System);
        _terminal.PayAfter = TimeSpan.FromMilliseconds(200);
    }

    [TearDown]
    public async Task StopGate()
    {
        _native.Dispose();
        _frigate.Dispose();
        await _tasmota.DisposeAsync();
        await _shelly.DisposeAsync();
        await _terminal.DisposeAsync();
        await _gate.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    private async Task<IMqttClient> ConnectAsync(string user)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _gate.BrokerPort).WithClientId(user).WithCredentials(user, Password).Build());
        return client;
    }

    private static async Task PublishAsync(IMqttClient client, string topic, string payload) =>
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    private async Task<LaneDecision> DecisionAsync(string lane)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (_decisions.FirstOrDefault(d => d.Lane == lane) is { } found)
            {
                return found;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, deadline.Token);
        }
    }

    [Test]
    public async Task A_native_read_opens_through_a_tasmota_relay_with_its_pulse_time()
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        await PublishAsync(_native, "parkinggate/fenglin-anzhi/lanes/in-2/read",
            $$"""{"id":"n-1","plate":"湘A12345","color":"blue","confidence":97,"ts":{{ts.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""");
        var decision = await DecisionAsync("in-2");
        Assert.That((decision.Outcome, decision.Who), Is.EqualTo((LaneOutcome.Opened, Visitor.Resident)));
        Assert.That(_tasmota.Pulses, Has.Count.EqualTo(1));
        Assert.That(_tasmota.PulseUnits, Is.EqualTo(10));
    }

    [Test]
    public async Task A_frigate_read_opens_through_a_shelly_relay()
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        await PublishAsync(_frigate, "frigate/tracked_object_update",
            $$"""{"type":"lpr","id":"f-1","name":null,"plate":"湘A12345","score":0.93,"camera":"driveway_cam","timestamp":{{ts.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}""");
        var decision = await DecisionAsync("out-2");
        Assert.That((decision.Outcome, decision.Who), Is.EqualTo((LaneOutcome.Opened, Visitor.Resident)));
        Assert.That(_shelly.Pulses, Is.EqualTo(new[] { 1.5 }));
    }

    private async Task ExitThroughFrigateAsync(string plate, string id)
    {
        var ts = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await PublishAsync(_frigate, "frigate/tracked_object_update",
            "{\"type\":\"lpr\",\"id\":\"" + id + "\",\"plate\":\"" + plate + "\",\"score\":0.95,\"camera\":\"driveway_cam\",\"timestamp\":" + ts + "}");
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task A_visitor_pays_at_the_terminal_and_the_gate_opens_once_even_when_the_result_is_replayed(bool replay)
    {
        _terminal.Replay = replay;
        var stay = await _gate.Stays.EnterAsync(new Storage.Stays.StayEntry(Plate.Parse("粤B12345"), VehicleClass.Small, "in-2", DateTimeOffset.UtcNow.AddHours(-3), null, false), "zhou");
        await ExitThroughFrigateAsync("粤B12345", "f-9");
        var atExit = await DecisionAsync("out-2");
        Assert.That(atExit.Outcome, Is.EqualTo(LaneOutcome.AwaitingPayment));
        var due = atExit.DueFen!.Value; // 3 h on the real clock: 3.00 yuan by day, more when the stay crosses into the night band
        Assert.That(due, Is.GreaterThanOrEqualTo(300));

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!_decisions.Any(d => d.Outcome == LaneOutcome.Opened))
        {
            Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)), () => string.Join("; ", _gate.Rejected.Keys));
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System);
        Assert.That(_terminal.Requests.Single().AmountFen, Is.EqualTo(due));
        Assert.That(_shelly.Pulses, Has.Count.EqualTo(1), "one opening");
        var fees = new Storage.Ledger.LedgerStore(_database, TimeProvider.System, "fenglin-anzhi").ReadAll().Where(e => e.Kind == Domain.Ledger.LedgerKind.VisitorFee).ToList();
        Assert.That(fees, Has.Count.EqualTo(1), "one fee in the ledger");
        Assert.That((fees[0].Channel, fees[0].AmountFen, fees[0].StayId), Is.EqualTo(("wechat", due, (long?)stay.Value!.Id)));
        Assert.That(fees[0].ChannelRef, Does.StartWith("4200"));
    }

    [Test]
    public async Task A_declined_payment_keeps_the_gate_closed()
    {
        _terminal.Decline = true;
        await _gate.Stays.EnterAsync(new Storage.Stays.StayEntry(Plate.Parse("粤B12345"), VehicleClass.Small, "in-2", DateTimeOffset.UtcNow.AddHours(-3), null, false), "zhou");
        await ExitThroughFrigateAsync("粤B12345", "f-10");
        await DecisionAsync("out-2");
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!_gate.Rejected.Keys.Any(k => k.Contains("failed", StringComparison.Ordinal)))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, deadline.Token);
        }

        Assert.That(_shelly.Pulses, Is.Empty);
    }

    [Test]
    public async Task A_native_camera_cannot_post_reads_for_another_lane()
    {
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await PublishAsync(_native, "parkinggate/fenglin-anzhi/lanes/out-2/read", $$"""{"id":"n-2","plate":"湘A12345","confidence":97,"ts":{{ts}}}""");
        await Task.Delay(TimeSpan.FromMilliseconds(400), TimeProvider.System);
        Assert.That(_decisions, Is.Empty);
        Assert.That(_shelly.Pulses, Is.Empty);
    }
}
