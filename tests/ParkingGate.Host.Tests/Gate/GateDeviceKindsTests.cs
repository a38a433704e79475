using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Gate;
using ParkingGate.Lanes;
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
              { "userName": "relay-out-2", "passwordHash": "{{hash}}", "kind": "shelly", "id": "shelly-out-2" } ] }
            """);
        json["lanes"] = JsonNode.Parse("""
            [ { "id": "in-2", "direction": "entry", "camera": { "kind": "native" }, "relay": { "kind": "tasmota", "id": "gate-in-2", "pulseMs": 1000 }, "display": "none" },
              { "id": "out-2", "direction": "exit", "camera": { "kind": "frigate", "id": "driveway_cam" }, "relay": { "kind": "shelly", "id": "shelly-out-2", "pulseMs": 1500 }, "display": "none" } ]
            """);
        File.WriteAllText(Folder.Config, json.ToJsonString());
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        var registry = new RegistryStore(database, TimeProvider.System);
        await registry.AddHouseholdAsync(new HouseholdDraft(new RoomNumber(3, 2, "501"), "张建国", "13807310001", 2), "li");
        await registry.AddVehicleAsync(new RoomNumber(3, 2, "501"), Plate.Parse("湘A12345"), VehicleClass.Small, "li");
        _gate = await GateRuntime.StartAsync(options, tariffs, database, TimeProvider.System, NullLogger.Instance);
        _gate.Decided += _decisions.Enqueue;
        _tasmota = await SimulatedTasmota.ConnectAsync("127.0.0.1", _gate.BrokerPort, "relay-in-2", Password, "gate-in-2");
        _shelly = await SimulatedShelly.ConnectAsync("127.0.0.1", _gate.BrokerPort, "relay-out-2", Password, "shelly-out-2");
        _native = await ConnectAsync("cam-in-2");
        _frigate = await ConnectAsync("nvr");
    }

    [TearDown]
    public async Task StopGate()
    {
        _native.Dispose();
        _frigate.Dispose();
        await _tasmota.DisposeAsync();
        await _shelly.DisposeAsync();
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
