using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Gate;
using ParkingGate.Gate.Configuration;
using ParkingGate.Gate.Lanes;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Service;
using ParkingGate.Simulator;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Host.Tests.Faults;

/// <summary>The gate PC's disk full (a small tmpfs holds the database): no money taken that cannot be recorded.</summary>
[NonParallelizable]
public sealed class DiskFullTests : FolderFixture
{
    private string _mount = null!;

    [SetUp]
    public void Mount()
    {
        _mount = Path.Combine(Folder.Root, "small-disk");
        Directory.CreateDirectory(_mount);
        if (Run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", _mount) != 0)
        {
            Assert.Ignore("mounting a small tmpfs needs root (CAP_SYS_ADMIN); the CI machine has it");
        }
    }

    [TearDown]
    public void Unmount()
    {
        SqliteConnection.ClearAllPools();
        Run("umount", "-l", _mount);
    }

    private static int Run(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }

    /// <summary>Fills the disk with a file; returns it so that deleting it frees the space again.</summary>
    private string Fill()
    {
        var filler = Path.Combine(_mount, "filler");
        using var stream = new FileStream(filler, FileMode.Create);
        var block = new byte[64 * 1024];
        try
        {
            while (true)
            {
                stream.Write(block);
                stream.Flush(flushToDisk: true);
            }
        }
        catch (IOException)
        {
            // full
        }

        return filler;
    }

    [Test]
    public async Task With_the_disk_full_the_lane_refuses_and_says_so_the_booth_takes_no_cash_and_both_recover()
    {
        Folder.UseEmbeddedBroker("camera-secret-1", "in-1");
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        var database = await SqliteDatabase.OpenAsync(Path.Combine(_mount, "parkinggate.db"), TimeProvider.System);
        var ledger = new LedgerStore(database, TimeProvider.System, "fenglin-anzhi");
        var stays = new StayStore(database, TimeProvider.System, ledger);
        await new ShiftBook(database, TimeProvider.System, ledger).OpenShiftAsync(0, "booth");
        var waiting = (await stays.EnterAsync(new StayEntry(Plate.Parse("粤B30003"), VehicleClass.Small, "in-1", DateTimeOffset.UtcNow.AddHours(-3), null, false), "camera")).Value!;
        var exit = (await stays.ExitAsync(new StayExit(Plate.Parse("粤B30003"), VehicleClass.Small, "out-1", DateTimeOffset.UtcNow, null), tariffs, "camera")).Value!;
        var due = exit.Stay.DueFen!.Value;
        await using var gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, database, TimeProvider.System, NullLogger.Instance);
        var decisions = new ConcurrentQueue<LaneDecision>();
        gate.Decided += decisions.Enqueue;
        await using var camera = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", gate.BrokerPort, "cam-in-1", "camera-secret-1", "sn-in-1", "in-1", TimeProvider.System);
        var entriesBefore = ledger.ReadAll().Count();

        var filler = Fill();
        await camera.ReadAsync("粤B10001", 95, picture: []);
        var said = Stopwatch.StartNew();
        while (!camera.Spoken.Any(s => s.Contains("系统暂时无法记录", StringComparison.Ordinal)) && said.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System);
        }

        Assert.That(camera.Spoken, Has.Some.Contains("系统暂时无法记录，请联系工作人员"), "the driver is told");
        Assert.That(camera.Pulses, Is.Empty, "no visitor let in who could not be recorded");
        Assert.That(async () => await stays.PayCashAsync(waiting.Id, due, tariffs, "booth"), Throws.InstanceOf<SqliteException>().With.Property("SqliteErrorCode").EqualTo(13),
            "the booth is told the payment was not recorded (SQLITE_FULL), so it takes no cash");

        File.Delete(filler);
        var paid = await stays.PayCashAsync(waiting.Id, due, tariffs, "booth");
        Assert.That(paid.IsSuccess, Is.True, "with space again the payment is recorded");
        await camera.ReadAsync("粤B10002", 95, picture: []);
        var back = Stopwatch.StartNew();
        while (!decisions.Any(d => d.Plate == "粤B10002") && back.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(25), TimeProvider.System);
        }

        Assert.That(decisions.Any(d => d.Plate == "粤B10002" && d.Outcome is LaneOutcome.Opened or LaneOutcome.OpenUncertain), Is.True, "the lane recovered");
        var entries = ledger.ReadAll().ToList();
        Assert.That(entries, Has.Count.EqualTo(entriesBefore + 1), "exactly the one payment made after the space came back");
        Assert.That(new LedgerVerifier("fenglin-anzhi", []).VerifyAll(entries).Ok, Is.True);
    }
}
