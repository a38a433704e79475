using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Domain.Lanes;
using ParkingGate.Gate;
using ParkingGate.Gate.Configuration;
using ParkingGate.Gate.Lanes;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Service;
using ParkingGate.Simulator;
using ParkingGate.Storage;

namespace ParkingGate.Host.Tests.Faults;

/// <summary>A camera gone mad: a thousand messages a second, repeats and garbage, while cars keep coming.</summary>
public sealed class CameraFloodTests : FolderFixture
{
    [Test]
    public async Task A_camera_flooding_a_thousand_reads_a_second_keeps_memory_bounded_and_real_reads_decided()
    {
        Folder.UseEmbeddedBroker("camera-secret-1", "in-1", "out-1");
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        await using var gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, database, TimeProvider.System, NullLogger.Instance);
        var decisions = new ConcurrentQueue<LaneDecision>();
        gate.Decided += decisions.Enqueue;
        await using var mad = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", gate.BrokerPort, "cam-in-1", "camera-secret-1", "sn-in-1", "in-1", TimeProvider.System);
        await using var exit = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", gate.BrokerPort, "cam-out-1", "camera-secret-1", "sn-out-1", "out-1", TimeProvider.System);

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var flood = Stopwatch.StartNew();
        var sent = 0;
        while (flood.Elapsed < TimeSpan.FromSeconds(3))
        {
            for (var i = 0; i < 100; i++, sent++)
            {
                if (i % 2 == 0)
                {
                    await mad.ReadAsync("粤B00001", 95, picture: []); // the same car, again and again
                }
                else
                {
                    await mad.PublishRawAsync("device/sn-in-1/message/up/ivs_result", "{\"id\":\"" + sent + "\",\"garbage\":" + new string((char)91, i % 60) + "}");
                }
            }

            if (sent == 1000 || sent == 1001)
            {
                await exit.ReadAsync("粤E77777", 95); // a real car at the other lane, in the middle of the flood
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }

        var rate = sent / flood.Elapsed.TotalSeconds;
        await mad.ReadAsync("粤C12345", 95); // a real car at the flooded lane, right after
        var started = Stopwatch.StartNew();
        while (!(decisions.Any(d => d.Plate == "粤C12345") && decisions.Any(d => d.Lane == "out-1")) && started.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        TestContext.Out.WriteLine($"flood: {sent} messages in {flood.Elapsed.TotalSeconds:0.0} s ({rate:0}/s); managed memory {before / 1048576.0:0.0} → {after / 1048576.0:0.0} MB; rejected {gate.Rejected.Values.Sum()}");
        Assert.That(rate, Is.GreaterThan(800), "the flood really was a flood (about a thousand a second)");
        Assert.That(decisions.Any(d => d.Lane == "out-1" && d.Plate == "粤E77777"), Is.True, "the other lane decided its car during the flood");
        Assert.That(decisions.Any(d => d.Plate == "粤C12345"), Is.True, "the flooded lane decided the next real car");
        Assert.That(decisions.Count(d => d.Plate == "粤B00001" && d.Outcome is LaneOutcome.Opened or LaneOutcome.OpenUncertain), Is.EqualTo(1), "the repeated car opened the gate once");
        Assert.That(after - before, Is.LessThan(64L * 1024 * 1024), "memory stays bounded");
        Assert.That(gate.Rejected.Values.Sum(), Is.GreaterThan(sent / 3), "the garbage was counted and refused");
        SqliteConnection.ClearAllPools();
    }

    [Test]
    public async Task Messages_each_refused_for_a_different_reason_fold_into_one_count_after_a_thousand_kinds()
    {
        Folder.UseEmbeddedBroker("camera-secret-1", "in-1");
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        await using var gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, database, TimeProvider.System, NullLogger.Instance);
        await using var camera = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", gate.BrokerPort, "cam-in-1", "camera-secret-1", "sn-in-1", "in-1", TimeProvider.System);
        const int Sent = 1500;
        for (var i = 0; i < Sent; i++)
        {
            // On its own topic, each message claims to come from another camera: each is refused with its own reason.
            await camera.ReadAsync("粤B00001", 95, asSn: $"forged-{i}");
        }

        var started = Stopwatch.StartNew();
        while (gate.Rejected.Values.Sum() < Sent && started.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System);
        }

        Assert.That(gate.Rejected.Values.Sum(), Is.EqualTo(Sent), "every one was counted");
        Assert.That(gate.Rejected, Has.Count.LessThanOrEqualTo(1001), "no more than a thousand kinds are kept");
        Assert.That(gate.Rejected["other reasons (more than 1000 kinds)"], Is.EqualTo(Sent - 1000));
        SqliteConnection.ClearAllPools();
    }
}
