using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Desk;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Simulator;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;
using ParkingGate.Storage.Users;

namespace ParkingGate.Host.Tests.Faults;

/// <summary>
/// A scripted morning with the gate PC dead: <c>parkinggate run</c> gives the cameras their lists, is SIGKILLed, and
/// while it is down the cameras let residents and pass holders in and out by their own lists while visitors, a
/// blocklisted plate and an expired pass wait. After the restart the cameras send what they kept (twice, as a replay
/// interrupted would): every passage is in the lane events once, the pass holders' stays are opened and closed, the
/// visitors who waited are no passage, nobody was charged, the ledger verifies and the desk says what came back.
/// </summary>
public sealed class OfflineMorningTests : FolderFixture
{
    private const string Estate = "fenglin-anzhi";
    private const string CameraPassword = "offline-morning-camera";
    private const string AdminPassword = "offline-morning-admin";
    private static readonly string[] Residents = ["湘A10100", "湘A10101", "湘A10102", "湘A10103"];
    private static readonly string[] PassHolders = ["湘C20001", "湘C20002"];
    private const string ExpiredPass = "湘C20009";
    private const string Blocked = "湘A88888";
    private const string Visitor = "粤B77777";

    [Test]
    public async Task Residents_and_pass_holders_pass_while_the_service_is_down_and_every_passage_is_taken_in_once_afterwards()
    {
        await PrepareAsync();
        var port = FreePort();
        Folder.EditConfig(json => json["mqtt"]!["port"] = port);

        await using var service = await ServiceProcess.StartAsync(Folder.Config, Folder.Database);
        await using var entry = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", port, "cam-in-1", CameraPassword, "sn-in-1", "in-1", TimeProvider.System);
        await using var exit = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", port, "cam-out-1", CameraPassword, "sn-out-1", "out-1", TimeProvider.System);
        var listed = Residents.Concat(PassHolders).Order(StringComparer.Ordinal).ToArray();
        await WaitForAsync(() => entry.WhiteList.Keys.Order(StringComparer.Ordinal).SequenceEqual(listed) && exit.WhiteList.Keys.Order(StringComparer.Ordinal).SequenceEqual(listed)
            && entry.ListMode == 0 && exit.ListMode == 0, "both cameras hold the residents and valid passes, and use them only while offline", service);

        // Before the power goes: a pass holder and a resident come in through the gate as usual.
        Assert.That(await PassesAsync(entry, PassHolders[0]), Is.True);
        Assert.That(await PassesAsync(entry, Residents[0]), Is.True);

        await service.KillAsync();
        await WaitForAsync(() => !entry.IsConnected && !exit.IsConnected, "the cameras notice the gate is gone", service);

        // The morning without the PC.
        await exit.ReadAsync(Residents[0]);
        await exit.ReadAsync(PassHolders[0]);
        await entry.ReadAsync(PassHolders[1]);
        await entry.ReadAsync(Residents[1]);
        await entry.ReadAsync(Visitor);
        await entry.ReadAsync(Blocked);
        await entry.ReadAsync(ExpiredPass);
        await exit.ReadAsync(Residents[2]);
        Assert.That(entry.OpenedOffline, Is.EqualTo(new[] { PassHolders[1], Residents[1] }), "residents and pass holders got in");
        Assert.That(entry.RefusedOffline, Is.EqualTo(new[] { Visitor, Blocked, ExpiredPass }), "visitors, a blocked plate and an expired pass waited");
        Assert.That(exit.OpenedOffline, Is.EqualTo(new[] { Residents[0], PassHolders[0], Residents[2] }), "residents and pass holders got out");
        Assert.That(entry.Pulses, Has.Count.EqualTo(2), "nothing was pulsed by a gate that is down");

        await using var back = await ServiceProcess.StartAsync(Folder.Config, Folder.Database);
        await WaitForAsync(() => entry.IsConnected && exit.IsConnected && entry.OfflinePending == 0 && exit.OfflinePending == 0, "the cameras are back and sent what they kept", back);
        await WaitForAsync(() => CameraRecords() == 8, "the gate took in every record", back);
        await entry.ReplayAgainAsync();
        await exit.ReplayAgainAsync();
        await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System);
        Assert.That(CameraRecords(), Is.EqualTo(8), "records sent twice are taken in once");

        // The visitor who waited is read again, now with the gate up: the service decides and lets it in as a visitor.
        Assert.That(await PassesAsync(entry, Visitor), Is.True);

        using var desk = new DeskClient(back.Url);
        Assert.That(await desk.SignInAsync("wang", AdminPassword), Is.True);
        var lanes = await desk.GetAsync("/lanes");
        Assert.That(lanes, Does.Contain("in-1（摄像机 sn-in-1）断网期间").And.Contain("恢复 2 条通行记录，3 条未开闸的识别"));
        Assert.That(lanes, Does.Contain("out-1（摄像机 sn-out-1）断网期间").And.Contain("恢复 3 条通行记录，0 条未开闸的识别"));
        await back.KillAsync();
        SqliteConnection.ClearAllPools();
        await CheckAsync();
    }

    private async Task CheckAsync()
    {
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        var verdict = new LedgerVerifier(Estate, []).VerifyAll(new LedgerStore(database, TimeProvider.System, Estate).ReadAll());
        Assert.That(verdict.Ok, Is.True, verdict.Problem);
        await using var connection = await database.OpenConnectionAsync();
        var records = (await connection.QueryAsync<(string Lane, string Plate, string Outcome, long? StayId)>(
            "SELECT lane, plate, outcome, stay_id FROM lane_events WHERE camera_record IS NOT NULL ORDER BY at_utc, id")).ToList();
        Assert.That(records.Where(r => r.Outcome == "opened").Select(r => (r.Lane, r.Plate)), Is.EquivalentTo(new[]
        {
            ("out-1", Residents[0]), ("out-1", PassHolders[0]), ("in-1", PassHolders[1]), ("in-1", Residents[1]), ("out-1", Residents[2]),
        }), "every passage the cameras made, once");
        Assert.That(records.Where(r => r.Outcome == "ignored").Select(r => r.Plate), Is.EquivalentTo(new[] { Visitor, Blocked, ExpiredPass }), "the cars that waited are no passage");

        var stays = (await connection.QueryAsync<(string Plate, string Status, string? ClosedHow, long? FeeFen, long? OwedFen, string? EntryRead, string? ExitRead)>(
            "SELECT plate, status, closed_how, fee_fen, owed_fen, entry_read, exit_read FROM stays ORDER BY id")).ToList();
        Assert.That(stays.Select(s => s.Plate), Is.EqualTo(new[] { PassHolders[0], PassHolders[1], Visitor }), "stays for the pass holders and the visitor let in later; none for residents");
        Assert.That(stays[0] is { Status: "closed", ClosedHow: "free", FeeFen: 0, OwedFen: null } && stays[0].ExitRead!.StartsWith("vzenith:sn-out-1:", StringComparison.Ordinal),
            Is.True, $"the pass holder who left offline: closed free by the camera's record ({stays[0]})");
        Assert.That(stays[1] is { Status: "inside" } && stays[1].EntryRead!.StartsWith("vzenith:sn-in-1:", StringComparison.Ordinal), Is.True, $"the pass holder who came in offline is inside ({stays[1]})");
        Assert.That(stays[2] is { Status: "inside" } && !stays[2].EntryRead!.StartsWith("vzenith:", StringComparison.Ordinal), Is.True, "the visitor entered once the gate was back");

        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ledger WHERE plate IN @plates AND kind <> 'pass-sale' AND amount_fen <> 0", new { plates = Residents.Concat(PassHolders) }), Is.Zero, "nobody entitled was charged");
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ledger WHERE kind = 'manual-opening'"), Is.Zero, "nothing is owed");
        SqliteConnection.ClearAllPools();
    }

    private int CameraRecords()
    {
        using var connection = new SqliteConnection($"Data Source={Folder.Database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection.ExecuteScalar<int>("SELECT COUNT(*) FROM lane_events WHERE camera_record IS NOT NULL;");
    }

    private async Task PrepareAsync()
    {
        Folder.UseEmbeddedBroker(CameraPassword, "in-1", "out-1");
        var time = TimeProvider.System;
        var database = await SqliteDatabase.OpenAsync(Folder.Database, time);
        await new UserStore(database, time).AddAsync("wang", "admin", Passwords.Hash(AdminPassword), "setup");
        var ledger = new LedgerStore(database, time, Estate);
        var registry = new RegistryStores(database, time, ledger);
        for (var i = 0; i < Residents.Length; i++)
        {
            var added = await registry.Households.AddHouseholdWithVehiclesAsync(
                new HouseholdDraft(new RoomNumber(1, 1, (101 + i).ToString(CultureInfo.InvariantCulture)), "住户", "13807310001", 2),
                [(Plate.Parse(Residents[i]), VehicleClass.Small)], "setup");
            Assert.That(added.IsSuccess, Is.True);
        }

        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        foreach (var plate in PassHolders)
        {
            Assert.That((await registry.Passes.SellPassAsync(new PassSale(Plate.Parse(plate), 1, null, 0, 15000, "wechat", $"wx-{plate}", null), zone, "setup")).IsSuccess, Is.True);
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).Date);
        Assert.That((await registry.Passes.SellPassAsync(new PassSale(Plate.Parse(ExpiredPass), 1, today.AddMonths(-2), 0, 15000, "wechat", "wx-old", null), zone, "setup")).IsSuccess, Is.True);
        Assert.That((await registry.Blocklist.AddToBlocklistAsync(Plate.Parse(Blocked), "堵塞消防通道", "setup")).IsSuccess, Is.True);
        SqliteConnection.ClearAllPools();
    }

    private static async Task<bool> PassesAsync(SimulatedVzenithCamera camera, string plate)
    {
        var before = camera.Pulses.Count;
        await camera.ReadAsync(plate, 95);
        var started = TimeProvider.System.GetTimestamp();
        while (camera.Pulses.Count == before && TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        return camera.Pulses.Count > before;
    }

    private static async Task WaitForAsync(Func<bool> condition, string what, ServiceProcess service)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (!condition())
        {
            if (TimeProvider.System.GetElapsedTime(started) > TimeSpan.FromSeconds(30))
            {
                Assert.Fail($"waited 30 s for: {what}\n{service.Log}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }

    private static int FreePort() => ParkingGate.Simulator.LoopbackPorts.Free();
}
