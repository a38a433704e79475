using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Gate;
using ParkingGate.Gate.Configuration;
using ParkingGate.Gate.Lanes;
using ParkingGate.Gate.Settlement;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Service;
using ParkingGate.Simulator;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Host.Tests.Gate;

/// <summary>
/// The gate through the embedded broker and through Debian's mosquitto, with simulated Vzenith cameras on loopback.
/// </summary>
[TestFixture("embedded")]
[TestFixture("mosquitto")]
public sealed partial class GateEndToEndTests(string brokerKind) : FolderFixture
{
    private const string CameraPassword = "cam-secret";
    private const string ServicePassword = "service-secret";
    private Mosquitto? _mosquitto;
    private GateRuntime _gate = null!;
    private SqliteDatabase _database = null!;
    private SimulatedVzenithCamera _entry = null!;
    private SimulatedVzenithCamera _exit = null!;
    private readonly ConcurrentQueue<LaneDecision> _decisions = new();

    [SetUp]
    public async Task StartGate()
    {
        _decisions.Clear(); // NUnit keeps one fixture instance for all its tests
        var json = JsonNode.Parse(File.ReadAllText(Folder.Config), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        if (brokerKind == "mosquitto")
        {
            if (!Mosquitto.IsInstalled)
            {
                Assert.Ignore("Debian's mosquitto is not installed here; .ci/run installs it (apt-get install mosquitto)");
            }

            _mosquitto = await Mosquitto.StartAsync(
                [("parkinggate", ServicePassword), ("cam-in-1", CameraPassword), ("cam-out-1", CameraPassword)],
                """
                user parkinggate
                topic readwrite #

                user cam-in-1
                topic write device/sn-in-1/message/up/#
                topic write device/sn-in-1/message/down/+/reply
                topic read device/sn-in-1/message/down/#

                user cam-out-1
                topic write device/sn-out-1/message/up/#
                topic write device/sn-out-1/message/down/+/reply
                topic read device/sn-out-1/message/down/#
                """);
            json["mqtt"] = JsonNode.Parse($$"""{ "embedded": false, "host": "127.0.0.1", "port": {{_mosquitto.Port}}, "userName": "parkinggate", "password": "{{ServicePassword}}" }""");
        }
        else
        {
            json["mqtt"] = TestFolder.EmbeddedBroker(CameraPassword, "in-1", "out-1");
        }

        json["lanes"] = JsonNode.Parse("""
            [ { "id": "in-1", "direction": "entry", "camera": { "kind": "vzenith", "id": "sn-in-1" }, "relay": { "kind": "camera", "replyTimeoutMs": 1500 } },
              { "id": "out-1", "direction": "exit", "camera": { "kind": "vzenith", "id": "sn-out-1" }, "relay": { "kind": "camera", "replyTimeoutMs": 1500 } } ]
            """);
        json["tariffs"]!["files"] = new JsonArray("tariffs/per-minute-test.json");
        json["estate"]!["spaces"] = JsonNode.Parse("""{ "total": 200, "residentReserved": 198 }"""); // two visitor spaces
        File.WriteAllText(Path.Combine(Folder.Root, "config", "tariffs", "per-minute-test.json"),
            """{ "id": "per-minute-test", "version": 1, "approval": "test", "effectiveFrom": "2020-01-01", "rules": { "steps": [ { "minutes": 1, "priceFen": 100 } ] } }""");
        File.WriteAllText(Folder.Config, json.ToJsonString());
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);

        _database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        var registry = new ParkingGate.Storage.Registry.RegistryStores(_database, TimeProvider.System, new ParkingGate.Storage.Ledger.LedgerStore(_database, TimeProvider.System, "fenglin-anzhi"));
        await registry.Households.AddHouseholdAsync(new HouseholdDraft(new RoomNumber(3, 2, "501"), "张建国", "13807310001", 2), "li");
        await registry.Vehicles.AddVehicleAsync(new RoomNumber(3, 2, "501"), Plate.Parse("湘A12345"), VehicleClass.Small, "li");
        await registry.Blocklist.AddToBlocklistAsync(Plate.Parse("湘A88888"), "堵塞消防通道", "li");

        _gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, _database, TimeProvider.System, NullLogger.Instance);
        _gate.Decided += _decisions.Enqueue;
        _entry = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", _gate.BrokerPort, "cam-in-1", CameraPassword, "sn-in-1", "in-1", TimeProvider.System);
        _exit = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", _gate.BrokerPort, "cam-out-1", CameraPassword, "sn-out-1", "out-1", TimeProvider.System);
        await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System); // subscriptions settle on an external broker
    }

    [TearDown]
    public async Task StopGate()
    {
        if (_gate is not null)
        {
            await _entry.DisposeAsync();
            await _exit.DisposeAsync();
            await _gate.DisposeAsync();
        }

        if (_mosquitto is not null)
        {
            await _mosquitto.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
    }

    private async Task<LaneDecision> NextDecisionAsync(string plate)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (_decisions.FirstOrDefault(d => d.Plate == plate || d.PlateRead == plate) is { } found)
            {
                _decisions.Clear();
                return found;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, deadline.Token);
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, deadline.Token);
        }
    }

    [Test]
    public async Task A_resident_enters_and_leaves_and_the_cameras_hear_it()
    {
        await _entry.ReadAsync("湘A12345");
        Assert.That((await NextDecisionAsync("湘A12345")).Outcome, Is.EqualTo(LaneOutcome.Opened));
        await _exit.ReadAsync("湘A12345");
        Assert.That((await NextDecisionAsync("湘A12345")).Outcome, Is.EqualTo(LaneOutcome.Opened));
        Assert.That(_entry.Pulses, Has.Count.EqualTo(1));
        Assert.That(_exit.Pulses, Has.Count.EqualTo(1));
        await WaitForAsync(() => _entry.Spoken.Any(s => s.Contains("欢迎回家", StringComparison.Ordinal)));
        await WaitForAsync(() => _exit.Spoken.Any(s => s.Contains("一路顺风", StringComparison.Ordinal)));
    }

    [Test]
    public async Task A_visitor_enters_pays_at_the_booth_and_leaves_with_the_fee_in_the_ledger()
    {
        await _entry.ReadAsync("粤B12345");
        var entered = await NextDecisionAsync("粤B12345");
        Assert.That((entered.Outcome, entered.Who, entered.StayId), Is.EqualTo((LaneOutcome.Opened, Visitor.Visitor, (long?)1)));

        // A second visitor came in three minutes ago (recorded at the booth), so the per-minute test tariff owes 3.00.
        var earlier = await _gate.Stays.EnterAsync(new Storage.Stays.StayEntry(Plate.Parse("粤B54321"), VehicleClass.Small, "in-1", DateTimeOffset.UtcNow.AddMinutes(-3), null, false), "zhou");
        Assert.That(earlier.IsSuccess, Is.True);
        await _exit.ReadAsync("粤B54321");
        var atExit = await NextDecisionAsync("粤B54321");
        Assert.That((atExit.Outcome, atExit.DueFen), Is.EqualTo((LaneOutcome.AwaitingPayment, (long?)300)));
        Assert.That(_exit.Pulses, Is.Empty);
        await WaitForAsync(() => _exit.Spoken.Any(s => s.Contains("请缴费3.00元", StringComparison.Ordinal)));

        await new ShiftBook(_database, TimeProvider.System, new LedgerStore(_database, TimeProvider.System, "fenglin-anzhi")).OpenShiftAsync(0, "zhou");
        var paid = await _gate.Settlement.PayCashAsync(atExit.StayId!.Value, 300, "zhou");
        Assert.That(paid.IsSuccess, Is.True);
        Assert.That(paid.Value!.Opening, Is.EqualTo(ExitOpening.Opened));
        Assert.That(_exit.Pulses, Has.Count.EqualTo(1));
        var fee = new LedgerStore(_database, TimeProvider.System, "fenglin-anzhi").ReadAll().Single(e => e.Kind != LedgerKind.ShiftOpen);
        Assert.That((fee.Kind, fee.AmountFen, fee.TariffId), Is.EqualTo((LedgerKind.VisitorFee, 300L, "per-minute-test")));
    }

    [Test]
    public async Task A_picture_sent_with_a_read_is_kept_and_linked_to_the_event()
    {
        byte[] jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
        await _entry.ReadAsync("粤B12345", picture: jpeg);
        var decision = await NextDecisionAsync("粤B12345");
        Assert.That(decision.Picture, Does.EndWith(".jpg"));
        Assert.That(File.ReadAllBytes(Path.Combine(_gate.PictureFolder, decision.Picture!)), Is.EqualTo(jpeg));
        var stored = await new Storage.Lanes.LaneEventStore(_database).LatestAsync("in-1");
        Assert.That(stored[0].Picture, Is.EqualTo(decision.Picture));
        Assert.That(stored[0].StayId, Is.EqualTo(decision.StayId));
    }

    [Test]
    public async Task When_the_visitor_spaces_are_taken_visitors_are_refused_and_residents_still_enter()
    {
        await _entry.ReadAsync("粤B11111");
        Assert.That((await NextDecisionAsync("粤B11111")).Outcome, Is.EqualTo(LaneOutcome.Opened));
        await _entry.ReadAsync("粤B22222");
        Assert.That((await NextDecisionAsync("粤B22222")).Outcome, Is.EqualTo(LaneOutcome.Opened));
        await _entry.ReadAsync("粤B33333");
        Assert.That((await NextDecisionAsync("粤B33333")).Outcome, Is.EqualTo(LaneOutcome.Refused));
        await WaitForAsync(() => _entry.Spoken.Any(s => s.Contains("车位已满", StringComparison.Ordinal)));
        await _entry.ReadAsync("湘A12345");
        Assert.That((await NextDecisionAsync("湘A12345")).Outcome, Is.EqualTo(LaneOutcome.Opened));
        Assert.That(_entry.Pulses, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task A_misread_resident_plate_is_matched_and_an_ambiguous_one_held()
    {
        var registry = new ParkingGate.Storage.Registry.RegistryStores(_database, TimeProvider.System, new ParkingGate.Storage.Ledger.LedgerStore(_database, TimeProvider.System, "fenglin-anzhi"));
        await registry.Vehicles.AddVehicleAsync(new RoomNumber(3, 2, "501"), Plate.Parse("湘AS5001"), VehicleClass.Small, "li");
        await registry.Households.AddHouseholdAsync(new HouseholdDraft(new RoomNumber(2, 1, "502"), "刘芳", "13807310004", 2), "li");
        await registry.Vehicles.AddVehicleAsync(new RoomNumber(2, 1, "502"), Plate.Parse("湘A5S001"), VehicleClass.Small, "li");
        _gate.Controller.InvalidateRegistry();

        await _entry.ReadAsync("湘A1234S");
        var misread = await NextDecisionAsync("湘A12345");
        Assert.That((misread.Outcome, misread.Who), Is.EqualTo((LaneOutcome.Opened, Visitor.Resident)));
        await _entry.ReadAsync("湘A55001");
        Assert.That((await NextDecisionAsync("湘A55001")).Outcome, Is.EqualTo(LaneOutcome.Held));
        Assert.That(_entry.Pulses, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_stale_read_is_ignored()
    {
        await _entry.ReadAsync("湘A12345", capturedAgo: TimeSpan.FromSeconds(30));
        Assert.That((await NextDecisionAsync("湘A12345")).Outcome, Is.EqualTo(LaneOutcome.Ignored));
        Assert.That(_entry.Pulses, Is.Empty);
    }

    [Test]
    public async Task After_a_service_restart_the_exit_still_finds_the_stay()
    {
        await _entry.ReadAsync("粤B12345");
        var entered = await NextDecisionAsync("粤B12345");
        Assert.That(entered.StayId, Is.Not.Null);

        await _entry.DisposeAsync();
        await _exit.DisposeAsync();
        await _gate.DisposeAsync(); // the service stops (on a real site: a power cut and systemd's restart)
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        _gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System), TimeProvider.System, NullLogger.Instance);
        _gate.Decided += _decisions.Enqueue;
        _entry = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", _gate.BrokerPort, "cam-in-1", CameraPassword, "sn-in-1", "in-1", TimeProvider.System);
        _exit = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", _gate.BrokerPort, "cam-out-1", CameraPassword, "sn-out-1", "out-1", TimeProvider.System);

        await _exit.ReadAsync("粤B12345");
        var exit = await NextDecisionAsync("粤B12345");
        Assert.That(exit.StayId, Is.EqualTo(entered.StayId));
        Assert.That(exit.Outcome, Is.EqualTo(LaneOutcome.Opened), "a visit of a few seconds is inside the free period");
    }
}
