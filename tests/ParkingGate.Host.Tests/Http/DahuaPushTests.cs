using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Gate;
using ParkingGate.Gate.Lanes;
using ParkingGate.Host.Configuration;
using ParkingGate.Simulator;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Host.Tests.Http;

/// <summary>
/// Dahua ITC cameras over loopback: TollgateInfo reads decided and answered Success, KeepAlive marking the camera
/// alive, the barrier lifted through openStrobe behind a real Digest challenge, and the camera's allow list kept in
/// step with the registry through the outbox, each entry removed by the record number its insert answered.
/// </summary>
public sealed class DahuaPushTests : HttpPushFixture
{
    private const string User = "gate-operator";
    private const string Password = "Cam-Pass-4711";

    [Test]
    public async Task Reads_open_through_open_strobe_and_the_allow_list_follows_the_registry_by_record_number()
    {
        var port = FreePort();
        UseHttpCameras("dahua", port);
        await using var entry = await SimulatedDahuaCamera.StartAsync(PushUrl(port, EntrySecret), "sn-in-1", "in-1", User, Password, TimeProvider.System);
        await using var exit = await SimulatedDahuaCamera.StartAsync(PushUrl(port, ExitSecret), "sn-out-1", "out-1", User, Password, TimeProvider.System);
        CallCameras(entry.Address, exit.Address, User, Password);
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        var registry = new RegistryStores(database, TimeProvider.System, new LedgerStore(database, TimeProvider.System, "fenglin-anzhi"));
        await registry.Households.AddHouseholdAsync(new HouseholdDraft(new RoomNumber(3, 2, "501"), "张建国", "13807310001", 3), "li");
        await registry.Vehicles.AddVehicleAsync(new RoomNumber(3, 2, "501"), Plate.Parse("湘A12345"), VehicleClass.Small, "li");
        var gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, database, TimeProvider.System, NullLogger.Instance);
        var decisions = new ConcurrentQueue<LaneDecision>();
        gate.Decided += decisions.Enqueue;
        try
        {
            Assert.That(await entry.KeepAliveAsync(), Is.True);
            Assert.That(gate.LastSeen.Keys, Does.Contain("sn-in-1"));
            Assert.That(await entry.ReadAsync("湘A12345"), Is.True);
            await UntilAsync(() => Task.FromResult(decisions.Any(d => d.Plate == "湘A12345")), "the resident's decision");
            Assert.That((decisions.Single().Outcome, decisions.Single().Who, entry.Openings), Is.EqualTo((LaneOutcome.Opened, Visitor.Resident, 1)));

            // The whole list went to both cameras when they were first seen; each entry has its record number.
            await UntilAsync(() => Task.FromResult(entry.AllowList.Values.Any(e => e.Plate == "湘A12345") && exit.AllowList.Values.Any(e => e.Plate == "湘A12345")), "the resident on both allow lists");
            Assert.That(entry.AllowList.Values.Single().Until, Is.EqualTo("2037-12-31 23:59:59"), "a resident has no end");
            var store = new Storage.Cameras.CameraListStore(database, TimeProvider.System);
            Assert.That(await store.RecordNumberAsync("sn-in-1", "湘A12345"), Is.EqualTo(entry.AllowList.Keys.Single()));

            await registry.Vehicles.RemoveVehicleAsync(Plate.Parse("湘A12345"), "卖车", "li");
            gate.Lists!.Wake();
            await UntilAsync(() => Task.FromResult(entry.AllowList.IsEmpty && exit.AllowList.IsEmpty), "the sold car off both lists, by record number");
            Assert.That(await store.RecordNumberAsync("sn-in-1", "湘A12345"), Is.Null);

            // A camera that refuses the account: the change waits in the outbox, failed, and is sent once it is fixed.
            exit.Cgi.Mode = EndpointMode.Unauthorized;
            await registry.Vehicles.AddVehicleAsync(new RoomNumber(3, 2, "501"), Plate.Parse("湘A54321"), VehicleClass.Small, "li");
            gate.Lists!.Wake();
            await UntilAsync(() => Task.FromResult(entry.AllowList.Values.Any(e => e.Plate == "湘A54321")), "the new car on the entry camera");
            await UntilAsync(async () => (await store.StatusAsync()).Any(s => s.Camera == "sn-out-1" && s.LastError?.Contains("HTTP 401", StringComparison.Ordinal) == true), "the refusal on the status");
            Assert.That(exit.AllowList, Is.Empty);
            exit.Cgi.Mode = EndpointMode.Normal;
            await UntilAsync(() => Task.FromResult(exit.AllowList.Values.Any(e => e.Plate == "湘A54321")), "the change sent once the camera takes the account", 40);
            Assert.That(gate.Rejected.Keys.Any(k => k.Contains(Password, StringComparison.Ordinal)), Is.False);
        }
        finally
        {
            await gate.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    [TestCase("/NotificationInfo/TollgateInfo", """{"Picture":{"Plate":{"PlateNumber":"湘A1","Confidence":90},"SnapInfo":{"DeviceID":"sn-out-1","SnapTime":"2026-03-02 08:00:00"}}}""", 400, "the read says it is from sn-out-1")]
    [TestCase("/NotificationInfo/TollgateInfo", """{"Picture":{"Plate":{"PlateNumber":"湘A1","Confidence":90},"SnapInfo":{"DeviceID":"sn-in-1","SnapTime":"02/03/2026"}}}""", 400, "SnapTime '02/03/2026' is not yyyy-MM-dd HH:mm:ss")]
    [TestCase("/NotificationInfo/TollgateInfo", """{"Plate":{"PlateNumber":"湘A1"}}""", 400, "not a TollgateInfo read")]
    [TestCase("/NotificationInfo/KeepAlive", """{"Active":true,"DeviceID":"sn-x"}""", 403, "KeepAlive: it says it is sn-x")]
    [TestCase("/NotificationInfo/Other", "{}", 404, "not /NotificationInfo/TollgateInfo")]
    public async Task A_push_that_is_not_this_cameras_read_or_heartbeat_is_refused_by_name(string path, string body, int status, string reason)
    {
        var port = FreePort();
        UseHttpCameras("dahua", port);
        await using var entry = await SimulatedDahuaCamera.StartAsync(PushUrl(port, EntrySecret), "sn-in-1", "in-1", User, Password, TimeProvider.System);
        await using var exit = await SimulatedDahuaCamera.StartAsync(PushUrl(port, ExitSecret), "sn-out-1", "out-1", User, Password, TimeProvider.System);
        CallCameras(entry.Address, exit.Address, User, Password);
        var (gate, database) = await StartGateAsync();
        var decisions = new ConcurrentQueue<LaneDecision>();
        gate.Decided += decisions.Enqueue;
        try
        {
            Assert.That(await entry.PostAsync(path, body), Is.False);
            Assert.That(entry.LastStatus, Is.EqualTo(status));
            Assert.That(gate.Rejected.Keys, Has.Some.Contains(reason));
            Assert.That((decisions.Count, entry.Openings), Is.EqualTo((0, 0)));
        }
        finally
        {
            await gate.DisposeAsync();
            SqliteConnection.ClearAllPools();
        }
    }
}
