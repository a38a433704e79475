using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Gate;
using ParkingGate.Host.Configuration;
using ParkingGate.Simulator;
using ParkingGate.Storage;
using ParkingGate.Storage.Cameras;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Host.Tests.Gate;

/// <summary>
/// The cameras' own lists kept in step with the registry over the embedded broker, with two simulated Vzenith cameras
/// that keep a whitelist and answer its commands: residents without an end, pass holders until the pass ends plus
/// grace, never a blocked plate; lost answers retried until confirmed; a refusal shown on the status.
/// </summary>
public sealed class CameraListTests : FolderFixture
{
    private const string Password = "camera-secret";
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private SqliteDatabase _database = null!;
    private RegistryStores _registry = null!;
    private GateRuntime _gate = null!;
    private SimulatedVzenithCamera[] _cameras = [];

    [SetUp]
    public async Task StartAsync()
    {
        Folder.UseEmbeddedBroker(Password, "in-1", "out-1");
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        _database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        _registry = new RegistryStores(_database, TimeProvider.System, new LedgerStore(_database, TimeProvider.System, "fenglin-anzhi"));
        await _registry.Households.AddHouseholdAsync(new HouseholdDraft(new RoomNumber(3, 2, "501"), "张建国", "13807310001", 3), "li");
        await _registry.Vehicles.AddVehicleAsync(new RoomNumber(3, 2, "501"), Plate.Parse("湘A12345"), VehicleClass.Small, "li");
        _gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, _database, TimeProvider.System, NullLogger.Instance);
        _cameras =
        [
            await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", _gate.BrokerPort, "cam-in-1", Password, "sn-in-1", "in-1", TimeProvider.System),
            await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", _gate.BrokerPort, "cam-out-1", Password, "sn-out-1", "out-1", TimeProvider.System),
        ];
    }

    [TearDown]
    public async Task StopAsync()
    {
        foreach (var camera in _cameras)
        {
            await camera.DisposeAsync();
        }

        await _gate.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    private static async Task UntilAsync(Func<bool> condition, string what, int seconds = 20)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(seconds)), $"timed out waiting for {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }

    private static string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    [Test]
    public async Task Every_change_that_decides_an_opening_reaches_every_cameras_list_and_a_blocked_plate_never_stays_on_it()
    {
        await UntilAsync(() => _cameras.All(c => c.WhiteList.ContainsKey("湘A12345")), "the first camera list (a full sync of the registry)");
        Assert.That(_cameras[0].WhiteList["湘A12345"], Is.EqualTo("2099-12-31 23:59:59"), "a resident's car has no end");
        await UntilAsync(() => _cameras.All(c => c.ListMode == 0) && _gate.Lists!.OfflineOnly.Count == 2, "each camera told to use its list only while offline", seconds: 30);
        await UntilAsync(() => _database is not null && new CameraListStore(_database, TimeProvider.System).StatusAsync().Result.All(s => s.LastFullSyncUtc is not null), "the full sync to be recorded");

        var room = new RoomNumber(3, 2, "501");
        var sold = await _registry.Passes.SellPassAsync(new PassSale(Plate.Parse("粤B30001"), 1, null, 3, 15_000, PaymentChannel.WeChat, "list-test-1", null), Zone, "zhou");
        Assert.That(sold.IsSuccess, Is.True, () => sold.Problem!.Message);
        await _registry.Vehicles.AddVehicleAsync(room, Plate.Parse("湘A22222"), VehicleClass.Small, "li");
        await _registry.Vehicles.RemoveVehicleAsync(Plate.Parse("湘A12345"), "卖车", "li");
        await _registry.Vehicles.AddVehicleAsync(room, Plate.Parse("湘A33333"), VehicleClass.Small, "li");
        await _registry.Blocklist.AddToBlocklistAsync(Plate.Parse("湘A33333"), "冒用车牌", "li");
        var clock = Stopwatch.StartNew();
        _gate.RegistryChanged();
        await UntilAsync(() => _cameras.All(c => c.WhiteList.ContainsKey("粤B30001") && c.WhiteList.ContainsKey("湘A22222") && !c.WhiteList.ContainsKey("湘A12345") && !c.WhiteList.ContainsKey("湘A33333")),
            "the changes on both cameras");
        TestContext.Progress.WriteLine($"five registry changes on both cameras' lists after {clock.ElapsedMilliseconds} ms");
        var pass = sold.Value!.Pass;
        Assert.That(_cameras[1].WhiteList["粤B30001"], Is.EqualTo(Local(pass.EndsUtc.AddDays(pass.GraceDays))), "a pass holder until the pass ends plus its grace, in the camera's local time");

        await _registry.Blocklist.RemoveFromBlocklistAsync(Plate.Parse("湘A33333"), "已核实", "li");
        _gate.RegistryChanged();
        await UntilAsync(() => _cameras.All(c => c.WhiteList.ContainsKey("湘A33333")), "a lifted block to put the resident's car back");
        var status = await new CameraListStore(_database, TimeProvider.System).StatusAsync();
        Assert.That(status.Select(s => (s.Camera, s.Pending)), Is.EquivalentTo(new[] { ("sn-in-1", 0), ("sn-out-1", 0) }));
    }

    [Test]
    public async Task Answers_lost_on_the_way_are_sent_again_until_each_list_equals_the_registry()
    {
        await UntilAsync(() => _cameras.All(c => c.WhiteList.ContainsKey("湘A12345")), "the first camera list");
        foreach (var camera in _cameras)
        {
            camera.ListReplyLoss = 0.4;
        }

        for (var i = 0; i < 30; i++)
        {
            var plate = Plate.Parse($"粤B4{i:D4}");
            await _registry.Passes.SellPassAsync(new PassSale(plate, 1, null, 3, 15_000, PaymentChannel.WeChat, $"loss-{i}", null), Zone, "zhou");
            if (i % 3 == 0)
            {
                await _registry.Blocklist.AddToBlocklistAsync(plate, "测试", "li");
            }

            _gate.RegistryChanged();
        }

        var store = new CameraListStore(_database, TimeProvider.System);
        await UntilAsync(() => store.StatusAsync().Result.All(s => s.Pending == 0), "every operation confirmed", seconds: 90);
        var expected = Enumerable.Range(0, 30).Where(i => i % 3 != 0).Select(i => $"粤B4{i:D4}").Append("湘A12345").Order().ToList();
        foreach (var camera in _cameras)
        {
            Assert.That(camera.WhiteList.Keys.Order(), Is.EqualTo(expected), $"{camera.Sn}'s list is the registry");
            Assert.That((await store.ConfirmedListAsync(camera.Sn)).Keys.Order(), Is.EqualTo(expected), "and what the outbox says was confirmed");
        }

    }

    [Test]
    public async Task A_camera_that_refuses_its_list_is_shown_failing_and_catches_up_when_it_takes_it_again()
    {
        await UntilAsync(() => _cameras.All(c => c.WhiteList.ContainsKey("湘A12345")), "the first camera list");
        _cameras[0].RefuseLists = true;
        await _registry.Vehicles.AddVehicleAsync(new RoomNumber(3, 2, "501"), Plate.Parse("湘A44444"), VehicleClass.Small, "li");
        _gate.RegistryChanged();
        var store = new CameraListStore(_database, TimeProvider.System);
        await UntilAsync(() => store.StatusAsync().Result.Any(s => s is { Camera: "sn-in-1", Pending: 1, LastError: not null }), "the refusal on the status");
        Assert.That((await store.StatusAsync()).Single(s => s.Camera == "sn-in-1").LastError, Does.Contain("refused"));
        Assert.That(_cameras[1].WhiteList.ContainsKey("湘A44444"), Is.True, "the other camera is not held up");

        _cameras[0].RefuseLists = false;
        await UntilAsync(() => _cameras[0].WhiteList.ContainsKey("湘A44444"), "the retry after the refusal");
    }

    [Test]
    public async Task The_nightly_check_reads_each_list_back_and_mends_what_drifted()
    {
        var sold = await _registry.Passes.SellPassAsync(new PassSale(Plate.Parse("粤B30009"), 1, null, 3, 15_000, PaymentChannel.WeChat, "check-1", null), Zone, "zhou");
        Assert.That(sold.IsSuccess, Is.True);
        _gate.RegistryChanged();
        var camera = _cameras[0];
        await UntilAsync(() => camera.WhiteList.ContainsKey("湘A12345") && camera.WhiteList.ContainsKey("粤B30009"), "the lists in step");
        var passEnd = camera.WhiteList["粤B30009"];

        // The list drifts: a plate added on the camera's web page, a resident's car lost in a reset, a pass's end edited.
        camera.WhiteList["粤Z99999"] = "2099-12-31 23:59:59";
        camera.WhiteList.TryRemove("湘A12345", out _);
        camera.WhiteList["粤B30009"] = "2030-01-01 00:00:00";

        var check = await _gate.Lists!.CheckAsync("sn-in-1");
        Assert.That(check, Is.EqualTo(new CameraListCheck(2, 1, 2)), "one extra, one missing, one with another end");
        await UntilAsync(() => !camera.WhiteList.ContainsKey("粤Z99999") && camera.WhiteList.ContainsKey("湘A12345") && camera.WhiteList["粤B30009"] == passEnd, "the list mended");
        Assert.That(await _gate.Lists.CheckAsync("sn-in-1"), Is.EqualTo(new CameraListCheck(2, 0, 0)), "equal the next time");
        var status = (await new CameraListStore(_database, TimeProvider.System).StatusAsync()).Single(s => s.Camera == "sn-in-1");
        Assert.That(status.LastCheckResult, Is.EqualTo("ok 2"));

        _cameras[1].Silent = true;
        Assert.That(await _gate.Lists.CheckAsync("sn-out-1"), Is.Null);
        var silent = (await new CameraListStore(_database, TimeProvider.System).StatusAsync()).Single(s => s.Camera == "sn-out-1");
        Assert.That(silent.LastCheckResult, Does.StartWith("failed: no answer"));
    }
}
