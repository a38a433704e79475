using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Gate;
using ParkingGate.Host.Configuration;
using ParkingGate.Simulator;
using ParkingGate.Storage;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Host.Tests.Gate;

/// <summary>
/// An entry lane with a ground loop after the barrier, over the embedded broker with a simulated Vzenith camera that
/// reports its barrier and its loop: a car that passes keeps its stay; one that turns back, or never crosses the loop,
/// is voided; a second car through one opening is on the booth's queue as tailgating.
/// </summary>
public sealed class PassageTests : FolderFixture
{
    private const string Password = "camera-secret";

    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(20)), $"timed out waiting for {what}");
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }

    [Test]
    public async Task Cars_that_pass_turn_back_stay_put_or_follow_another_are_each_recorded_as_they_were()
    {
        Folder.UseEmbeddedBroker(Password, "in-1", "out-1");
        Folder.EditConfig(json =>
        {
            json["lanes"]![0]!["loopInput"] = 0;
            json["gate"]!["passSeconds"] = 5;
        });
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        var stays = new StayStore(database, TimeProvider.System, new LedgerStore(database, TimeProvider.System, "fenglin-anzhi"));
        await using var gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, database, TimeProvider.System, NullLogger.Instance);
        await using var camera = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", gate.BrokerPort, "cam-in-1", Password, "sn-in-1", "in-1", TimeProvider.System);
        camera.ReportsBarrier = true;
        camera.LoopInput = 0;
        camera.BarrierRise = TimeSpan.FromMilliseconds(200);
        try
        {
            await camera.ReadAsync("粤B60001");
            camera.Next = SimulatedVzenithCamera.NextCar.TurnsBack;
            await UntilAsync(async () => await stays.FindOpenAsync("粤B60001") is not null, "the first car inside");
            await camera.ReadAsync("粤B60002");
            await UntilAsync(async () => (await stays.ListAsync()).Any(s => s.Plate == "粤B60002" && s.VoidedUtc is not null), "the car that turned back voided");

            camera.Next = SimulatedVzenithCamera.NextCar.Stays;
            await camera.ReadAsync("粤B60003");
            await UntilAsync(async () => await stays.FindOpenAsync("粤B60003") is not null, "the third car let in");
            await UntilAsync(async () => (await stays.ListAsync()).Any(s => s.Plate == "粤B60003" && s.VoidedUtc is not null), "the car that never crossed the loop voided after 5 s");

            await UntilAsync(() => Task.FromResult(camera.Next == SimulatedVzenithCamera.NextCar.Passes), "the camera ready for the next car");
            camera.Next = SimulatedVzenithCamera.NextCar.Tailgated;
            await camera.ReadAsync("粤B60004");
            var events = new LaneEventStore(database);
            await UntilAsync(async () => (await events.HeldAsync(DateTimeOffset.UtcNow.AddMinutes(-1))).Any(e => e.Reason.Zh.StartsWith("尾随", StringComparison.Ordinal)), "tailgating on the booth's queue");

            var all = await stays.ListAsync();
            Assert.That(all.Where(s => s.VoidedUtc is not null).Select(s => (s.Plate, s.VoidReason)), Is.EquivalentTo(new[]
            {
                ("粤B60002", "车辆掉头（摄像机报告折返）"), ("粤B60003", "5秒内未过地感，视为未入场"),
            }));
            Assert.That(await stays.OpenPlatesAsync(), Is.EquivalentTo(new[] { "粤B60001", "粤B60004" }), "the cars that passed are inside");
            await UntilAsync(() => Task.FromResult(gate.Controller.Barriers.TryGetValue("in-1", out var barrier) && !barrier.Up), "the barrier to report itself down again");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
        }
    }
}
