using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain.Lanes;
using ParkingGate.Gate;
using ParkingGate.Gate.Configuration;
using ParkingGate.Gate.Lanes;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Service;
using ParkingGate.Simulator;
using ParkingGate.Storage;

namespace ParkingGate.Host.Tests.Faults;

/// <summary>Another program (a backup tool, a clerk's SQLite browser) holding the database's write lock.</summary>
public sealed class DatabaseLockedTests : FolderFixture
{
    [Test]
    public async Task A_locked_database_delays_or_fails_a_read_without_opening_and_the_lane_recovers()
    {
        Folder.UseEmbeddedBroker("camera-secret-1", "in-1");
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        var log = new CollectingLogger();
        await using var gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, database, TimeProvider.System, log);
        var decisions = new ConcurrentQueue<LaneDecision>();
        gate.Decided += decisions.Enqueue;
        await using var camera = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", gate.BrokerPort, "cam-in-1", "camera-secret-1", "sn-in-1", "in-1", TimeProvider.System);

        // Another process's connection takes the write lock for longer than the busy timeout (5 s).
        await using (var other = new SqliteConnection($"Data Source={Folder.Database};Pooling=False"))
        {
            other.Open();
            using var begin = other.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE;";
            begin.ExecuteNonQuery();
            await camera.ReadAsync("粤B11111", 95, capturedAgo: TimeSpan.Zero);
            await Task.Delay(TimeSpan.FromSeconds(7), TimeProvider.System);
            Assert.That(camera.Pulses, Is.Empty, "a visitor the gate could not record is not let in");
            using var rollback = other.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            rollback.ExecuteNonQuery();
        }

        Assert.That(log.Lines, Has.Some.Contains("could not handle the read of 粤B11111"), string.Join("\n", log.Lines));
        await camera.ReadAsync("粤B22222", 95);
        var started = Stopwatch.StartNew();
        while (!decisions.Any(d => d.Plate == "粤B22222") && started.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System);
        }

        Assert.That(decisions.Any(d => d.Plate == "粤B22222" && d.Outcome is LaneOutcome.Opened or LaneOutcome.OpenUncertain), Is.True, "the lane works again once the lock is gone");
        SqliteConnection.ClearAllPools();
    }
}
