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

namespace ParkingGate.Benchmarks;

/// <summary>
/// <c>lists [CHANGES] [LOSS] [RESIDENTS]</c>: the gate with its embedded broker and four simulated Vzenith cameras that
/// keep a whitelist. First the whole list (RESIDENTS residents' plates) reaches the four cameras; then single changes
/// are timed from the registry's commit to the last camera's list; then CHANGES registry changes (vehicles added and
/// removed, passes sold, plates blocked and lifted) are made while the cameras lose LOSS of their answers. Exit 1 unless
/// every camera's list ends equal to what the registry entitles.
/// </summary>
internal static class ListSync
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static async Task<int> RunAsync(string[] args)
    {
        var changes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var loss = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 0.1;
        var residents = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 600;
        var folder = Directory.CreateTempSubdirectory("parkinggate-lists-").FullName;
        try
        {
            return await RunAsync(folder, changes, loss, residents);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<int> RunAsync(string folder, int changes, double loss, int residentCount)
    {
        var (options, tariffs) = GateLoad.Configure(folder, 4, i => i >= 2);
        var database = await SqliteDatabase.OpenAsync(Path.Combine(folder, "lists.db"), TimeProvider.System);
        var plates = await GateLoad.RegisterResidentsAsync(database, residentCount);
        var registry = new RegistryStores(database, TimeProvider.System, new LedgerStore(database, TimeProvider.System, options.Estate.Id));
        var store = new CameraListStore(database, TimeProvider.System);
        Console.WriteLine($"lists: 4 cameras, {plates.Length} residents' plates, then {changes} changes with {loss:P0} of the cameras' answers lost");
        await using var gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, database, TimeProvider.System, NullLogger.Instance);
        var cameras = new List<SimulatedVzenithCamera>();
        for (var i = 0; i < 4; i++)
        {
            cameras.Add(await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", gate.BrokerPort, $"cam-{i}", GateLoad.Password, $"sn-{i}", options.Lanes[i].Id, TimeProvider.System));
        }

        var clock = Stopwatch.StartNew();
        gate.RegistryChanged();
        if (!await UntilAsync(() => cameras.All(c => c.WhiteList.Count == plates.Length), TimeSpan.FromSeconds(120)))
        {
            Console.WriteLine($"FAILED: the whole list did not reach the cameras ({string.Join(", ", cameras.Select(c => c.WhiteList.Count))} of {plates.Length})");
            return 1;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"full sync: {plates.Length} plates on 4 cameras {clock.Elapsed.TotalSeconds:F1} s after they connected"));

        // One change at a time, no answer lost: from the commit to the last camera.
        var latencies = new List<double>();
        var room = new RoomNumber(1, 1, "100");
        for (var i = 0; i < 50; i++)
        {
            var plate = Plate.Parse(string.Create(CultureInfo.InvariantCulture, $"粤C{10000 + i}"));
            clock.Restart();
            await registry.Passes.SellPassAsync(new PassSale(plate, 1, null, 3, 15_000, PaymentChannel.WeChat, $"lat-{i}", null), Zone, "bench");
            gate.RegistryChanged();
            await UntilAsync(() => cameras.All(c => c.WhiteList.ContainsKey(plate.Text)), TimeSpan.FromSeconds(10));
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }

        latencies.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one change to 4 cameras: p50 {latencies[latencies.Count / 2]:F0} ms, p99 {latencies[(int)(latencies.Count * 0.99)]:F0} ms, max {latencies[^1]:F0} ms"));

        foreach (var camera in cameras)
        {
            camera.ListReplyLoss = loss;
        }

        var random = new Random(11);
        clock.Restart();
        for (var i = 0; i < changes; i++)
        {
            await ChangeAsync(registry, random, plates, room, i);
            gate.RegistryChanged();
        }

        var made = clock.Elapsed;
        var settled = await UntilAsync(() => store.StatusAsync().Result.All(s => s.Pending == 0), TimeSpan.FromSeconds(600));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{changes} changes made in {made.TotalSeconds:F1} s; every operation confirmed {(settled ? "" : "NOT ")}after {clock.Elapsed.TotalSeconds:F1} s"));
        var expected = await EntitledAsync(database);
        var failures = 0;
        foreach (var camera in cameras)
        {
            var extra = camera.WhiteList.Keys.Except(expected).Count();
            var missing = expected.Except(camera.WhiteList.Keys).Count();
            Console.WriteLine($"camera {camera.Sn}: {camera.WhiteList.Count} plates, registry entitles {expected.Count}: {missing} missing, {extra} extra");
            failures += extra + missing;
        }

        Console.WriteLine(failures == 0 && settled ? "lists passed" : "lists FAILED");
        return failures == 0 && settled ? 0 : 1;
    }

    /// <summary>One registry change: a vehicle added or removed, a pass sold, a plate blocked or lifted.</summary>
    private static async Task ChangeAsync(RegistryStores registry, Random random, string[] residents, RoomNumber room, int i)
    {
        var resident = Plate.Parse(residents[random.Next(residents.Length)]);
        switch (random.Next(5))
        {
            case 0:
                await registry.Vehicles.AddVehicleAsync(room, Plate.Parse(string.Create(CultureInfo.InvariantCulture, $"粤D{10000 + i}")), VehicleClass.Small, "bench");
                break;
            case 1:
                await registry.Vehicles.RemoveVehicleAsync(resident, "bench", "bench");
                break;
            case 2:
                await registry.Passes.SellPassAsync(new PassSale(Plate.Parse(string.Create(CultureInfo.InvariantCulture, $"粤E{10000 + i}")), 1, null, 3, 15_000, PaymentChannel.WeChat, $"chg-{i}", null), Zone, "bench");
                break;
            case 3:
                await registry.Blocklist.AddToBlocklistAsync(resident, "bench", "bench");
                break;
            default:
                var blocked = await registry.Blocklist.ListBlocklistAsync();
                if (blocked.Count > 0)
                {
                    await registry.Blocklist.RemoveFromBlocklistAsync(Plate.Parse(blocked[random.Next(blocked.Count)].Plate), "bench", "bench");
                }

                break;
        }
    }

    /// <summary>What the registry entitles a camera to hold now, read straight from the tables.</summary>
    private static async Task<HashSet<string>> EntitledAsync(SqliteDatabase database)
    {
        await using var connection = await database.OpenConnectionAsync();
        var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture); // as the file stores instants
        var rows = await Dapper.SqlMapper.QueryAsync<string>(connection,
            """
            SELECT plate FROM vehicles WHERE removed_utc IS NULL
            UNION SELECT plate FROM passes WHERE cancelled_utc IS NULL AND ends_utc > @now
            EXCEPT SELECT plate FROM blocklist WHERE removed_utc IS NULL;
            """,
            new { now });
        return [.. rows];
    }

    private static async Task<bool> UntilAsync(Func<bool> condition, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > within)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
        }

        return true;
    }
}
