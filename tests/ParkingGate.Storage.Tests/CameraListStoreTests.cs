using Dapper;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Storage.Cameras;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Storage.Tests;

/// <summary>The outbox of the cameras' own lists: what is queued, what supersedes what, how a failure waits.</summary>
public sealed class CameraListStoreTests
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private TempDatabase _temp = null!;
    private SqliteDatabase _database = null!;
    private RegistryStores _registry = null!;
    private CameraListStore _lists = null!;

    [SetUp]
    public async Task SetUp()
    {
        _temp = new TempDatabase();
        _database = await _temp.OpenAsync();
        _registry = new RegistryStores(_database, _temp.Time, new LedgerStore(_database, _temp.Time, "fenglin-anzhi"));
        _lists = new CameraListStore(_database, _temp.Time);
        await _registry.Households.AddHouseholdAsync(new HouseholdDraft(new RoomNumber(1, 1, "101"), "王", "13807310001", 3), "li");
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private async Task AddAsync(string plate) =>
        Assert.That((await _registry.Vehicles.AddVehicleAsync(new RoomNumber(1, 1, "101"), Plate.Parse(plate), VehicleClass.Small, "li")).IsSuccess, Is.True);

    [Test]
    public async Task A_new_camera_gets_every_entitled_plate_and_no_blocked_or_expired_one()
    {
        await AddAsync("湘A10001");
        await AddAsync("湘A10002");
        await _registry.Blocklist.AddToBlocklistAsync(Plate.Parse("湘A10002"), "冒用", "li");
        await _registry.Passes.SellPassAsync(new PassSale(Plate.Parse("粤B20001"), 1, null, 3, 15_000, PaymentChannel.WeChat, "p1", null), Zone, "zhou");
        await _registry.Passes.SellPassAsync(new PassSale(Plate.Parse("粤B20002"), 1, new DateOnly(2026, 1, 1), 0, 15_000, PaymentChannel.WeChat, "p2", null), Zone, "zhou"); // ended in February
        Assert.That(await _lists.RegisterAsync([("sn-1", "vzenith")]), Is.EqualTo(new[] { "sn-1" }));
        Assert.That(await _lists.RegisterAsync([("sn-1", "vzenith")]), Is.Empty, "known once");
        var due = await _lists.DueAsync();
        Assert.That(due.Select(o => (o.Plate, o.Keep, o.Until is null)), Is.EquivalentTo(new[] { ("湘A10001", true, true), ("粤B20001", true, false) }));
        await _lists.DoneAsync([.. due.Select(o => o.Id)]);
        Assert.That((await _lists.StatusAsync()).Single() is { Pending: 0, LastFullSyncUtc: not null }, Is.True);
    }

    [Test]
    public async Task A_newer_change_supersedes_the_one_not_yet_sent_and_a_failure_waits_longer_each_time()
    {
        await _lists.RegisterAsync([("sn-1", "vzenith")]);
        await AddAsync("湘A10003");
        await _registry.Blocklist.AddToBlocklistAsync(Plate.Parse("湘A10003"), "冒用", "li");
        var due = await _lists.DueAsync();
        Assert.That(due.Select(o => (o.Plate, o.Keep)), Is.EqualTo(new[] { ("湘A10003", false) }), "only the latest: off the list");

        await _lists.RetryAsync([due[0].Id], "no answer");
        Assert.That(await _lists.DueAsync(), Is.Empty, "not before its wait");
        _temp.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.That((await _lists.DueAsync()).Single().Attempts, Is.EqualTo(1));
        await _lists.RetryAsync([due[0].Id], "no answer");
        _temp.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.That(await _lists.DueAsync(), Is.Empty, "the second wait is two seconds");
        _temp.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.That((await _lists.DueAsync()).Single().Attempts, Is.EqualTo(2));
        Assert.That((await _lists.StatusAsync()).Single() is { Pending: 1, LastError: "no answer" }, Is.True);
    }

    [Test]
    public async Task A_change_refused_by_the_registry_queues_nothing()
    {
        await _lists.RegisterAsync([("sn-1", "vzenith")]);
        await AddAsync("湘A10004");
        var before = await CountAsync();
        Assert.That((await _registry.Blocklist.RemoveFromBlocklistAsync(Plate.Parse("湘A10004"), "没有", "li")).IsSuccess, Is.False);
        Assert.That(await CountAsync(), Is.EqualTo(before));
    }

    private async Task<long> CountAsync()
    {
        await using var connection = await _database.OpenConnectionAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM camera_list_ops;");
    }
}
