using System.Collections.Concurrent;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Domain;
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
using ParkingGate.Storage.Registry;

namespace ParkingGate.Benchmarks;

/// <summary>
/// <c>soak [DAYS] [SPEED] [VISITS]</c>: the gate with its embedded broker, a real SQLite file and four simulated
/// Vzenith cameras (two entries, two exits) lives through DAYS days at SPEED times real time. Each day VISITS cars
/// per entry lane come and go (residents and visitors, one read in ten a misread, one in ten too unsure to act on),
/// the booth takes visitors' cash, settles the reads held for it (leaving a few to expire), sells three passes, opens and closes the shift, and the accountant
/// closes the day after midnight. Managed memory is sampled after a full collection at each day's end. At the end:
/// the ledger verifies against every digest it holds, the day digests follow each other with no gap, every stay is
/// closed (every generated car leaves by 23:00), and the money in the ledger is the money the booth took.
/// Exit code 1 when any of that fails.
/// </summary>
internal static class Soak
{
    private static readonly DateOnly FirstDay = new(2026, 3, 2);

    /// <summary>The share of reads the camera is unsure of (held for the booth), on top of the misreads.</summary>
    private const double Unsure = 0.1;

    /// <summary>One held entry in this many is left for the gate to expire: nobody came to the booth for it.</summary>
    private const int LeaveHeldEvery = 7;

    public static async Task<int> RunAsync(string[] args)
    {
        var days = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 7;
        var factor = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
        var visits = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 250;
        var folder = Directory.CreateTempSubdirectory("parkinggate-soak-").FullName;
        try
        {
            return await RunAsync(folder, days, factor, visits);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    internal sealed class Tally
    {
        public ConcurrentDictionary<LaneOutcome, int> Outcomes { get; } = new();

        public long CashFen;
        public long PassFen;
        public int HeldSettled;
        public int HeldLeft;
        public int HeldEntries;
        public int Paid;
        public int FreeExits;
        public ConcurrentBag<string> Problems { get; } = [];
        public ConcurrentBag<Task> Booth { get; } = [];

        public ConcurrentDictionary<string, byte> TurnedAway { get; } = new(StringComparer.Ordinal);

        /// <summary>The plate really on a car, by lane and what the camera read, for the cashier who looks at the picture.</summary>
        public ConcurrentDictionary<(string Lane, string Read), string> Truths { get; } = new();

        /// <summary>What the entry camera misread a plate as: the car inside the booth finds for an exit with no entry record.</summary>
        public ConcurrentDictionary<string, string> EnteredAs { get; } = new(StringComparer.Ordinal);
    }

    private static async Task<int> RunAsync(string folder, int days, double factor, int visits)
    {
        var (options, tariffs) = GateLoad.Configure(folder, 4, i => i >= 2, replyTimeoutMs: 30_000, staleAfterSeconds: 600);
        var zone = TimeZones.Find(options.Estate.TimeZone)!;
        var start = FirstDay.ToDateTime(new TimeOnly(5, 59));
        var time = new ScaledTimeProvider(new DateTimeOffset(start, zone.GetUtcOffset(start)), factor);
        var database = await SqliteDatabase.OpenAsync(Path.Combine(folder, "soak.db"), time);
        var residents = await GateLoad.RegisterResidentsAsync(database, 300, time);
        var ledger = new LedgerStore(database, time, options.Estate.Id);
        var registry = new RegistryStores(database, time, ledger);
        var shifts = new ShiftBook(database, time, ledger);
        var tally = new Tally();
        await using var gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, database, time, NullLogger.Instance);
        var events = new ParkingGate.Storage.Lanes.LaneEventStore(database);
        gate.Decided += decision => OnDecided(gate, events, decision, time, tally);
        var cameras = new Dictionary<string, ILaneCamera>(StringComparer.Ordinal);
        var connected = new List<SimulatedVzenithCamera>();
        for (var i = 0; i < options.Lanes.Count; i++)
        {
            var camera = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", gate.BrokerPort, $"cam-{i}", GateLoad.Password, $"sn-{i}", options.Lanes[i].Id, time);
            connected.Add(camera);
            cameras[options.Lanes[i].Id] = options.Lanes[i].Way == LaneDirection.Exit ? new TurnedAway(camera, tally.TurnedAway) : camera;
        }

        Console.WriteLine($"soak: {days} day(s) at {factor}x, 4 lanes, {visits} visits per entry lane per day, {residents.Length} resident plates");
        Console.WriteLine("day         reads  opened  uncertain  held  awaiting  refused  ignored  managed MB  RSS MB");
        await WarmUpAsync(cameras, residents);
        time.Restart(new DateTimeOffset(start, zone.GetUtcOffset(start)));
        var player = new ScenarioPlayer(cameras, time, zone);
        var memory = new List<double>();
        var clock = TimeProvider.System.GetTimestamp();
        for (var d = 0; d < days; d++)
        {
            var day = FirstDay.AddDays(d);
            var half = residents.Length / 2;
            IReadOnlyList<ScenarioStep> steps =
            [
                .. RandomTraffic.Generate(2 * d, residents[..half], visits, new TimeOnly(6, 0), new TimeOnly(23, 0), "in-0", "out-2", Unsure)
                    .Concat(RandomTraffic.Generate((2 * d) + 1, residents[half..], visits, new TimeOnly(6, 0), new TimeOnly(23, 0), "in-1", "out-3", Unsure))
                    .OrderBy(s => s.At),
            ];
            foreach (var step in steps.Where(s => s.Truth is not null))
            {
                tally.Truths[(step.Lane, step.Plate)] = step.Truth!;
                if (step.Lane.StartsWith("in-", StringComparison.Ordinal) && step.Plate != step.Truth)
                {
                    tally.EnteredAs[step.Truth!] = step.Plate;
                }
            }

            var before = new Dictionary<LaneOutcome, int>(tally.Outcomes);
            await Task.WhenAll(player.PlayAsync(day, steps), ClerkDayAsync(day, d, ledger, shifts, registry, gate, zone, time, tally));

            // The harness's own records (the booth's finished tasks, what each simulated camera heard) are let go
            // each night, so the memory sampled is the gate's.
            await Task.WhenAll(tally.Booth.ToArray());
            tally.Booth.Clear();
            foreach (var camera in connected)
            {
                camera.Log.Clear();
                camera.Pulses.Clear();
                camera.Spoken.Clear();
            }

            var managed = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
            memory.Add(managed);
            int Count(LaneOutcome o) => tally.Outcomes.GetValueOrDefault(o) - before.GetValueOrDefault(o);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{day:yyyy-MM-dd}  {steps.Count,5}  {Count(LaneOutcome.Opened),6}  {Count(LaneOutcome.OpenUncertain),9}  {Count(LaneOutcome.Held),4}  {Count(LaneOutcome.AwaitingPayment),8}  {Count(LaneOutcome.Refused),7}  {Count(LaneOutcome.Ignored),7}  {managed,10:F1}  {ServiceMemory.CurrentRssMb(),6:F0}"));
        }

        await Task.WhenAll(tally.Booth.ToArray());
        var elapsed = TimeProvider.System.GetElapsedTime(clock);
        foreach (var camera in connected)
        {
            if (camera.Reconnects > 0 || !camera.Drops.IsEmpty)
            {
                Console.WriteLine($"camera {camera.Sn}: connection dropped {camera.Drops.Count} time(s), reconnected {camera.Reconnects}: {string.Join("; ", camera.Drops.Distinct())}");
            }

            await camera.DisposeAsync();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{days} simulated day(s) in {elapsed.TotalSeconds:F0} s"));
        var failures = new List<string>(tally.Problems);
        failures.AddRange(SoakChecks.CheckMemory(memory));
        failures.AddRange(SoakChecks.CheckLedger(ledger, days));
        failures.AddRange(await SoakChecks.CheckMoneyAndStaysAsync(database, tally));
        foreach (var failure in failures)
        {
            Console.WriteLine("FAILED: " + failure);
        }

        Console.WriteLine(failures.Count == 0 ? "soak passed" : $"soak failed: {failures.Count} problem(s)");
        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>
    /// Before the clock starts, a resident in and out through each lane pair: the first read of a fresh process is slow
    /// (code compiled on first use), and at 2,000x a car leaving five minutes after it came is 150 ms later in real time.
    /// </summary>
    private static async Task WarmUpAsync(Dictionary<string, ILaneCamera> cameras, string[] residents)
    {
        foreach (var (entry, exit, plate) in new[] { ("in-0", "out-2", residents[0]), ("in-1", "out-3", residents[1]) })
        {
            await cameras[entry].ReadAsync(plate, 95, CancellationToken.None);
            await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System);
            await cameras[exit].ReadAsync(plate, 95, CancellationToken.None);
            await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System);
        }
    }

    /// <summary>
    /// The booth: cash 40 seconds after an exit asks for it (a free exit with its reason when there is no entry
    /// record); a read held with no stay is settled 40 seconds later with the plate on the car, through the lane,
    /// never by opening the barrier by hand.
    /// </summary>
    private static void OnDecided(GateRuntime gate, ParkingGate.Storage.Lanes.LaneEventStore events, LaneDecision decision, TimeProvider time, Tally tally)
    {
        tally.Outcomes.AddOrUpdate(decision.Outcome, 1, (_, n) => n + 1);
        if (decision is { Outcome: LaneOutcome.Refused, PlateRead: { } refused })
        {
            tally.TurnedAway[refused] = 0;
        }
        if (decision.Outcome is LaneOutcome.Held or LaneOutcome.OpenUncertain or LaneOutcome.Refused)
        {
            Console.WriteLine($"  {decision.At:HH:mm:ss} {decision.Lane} {decision.PlateRead} -> {decision.Plate}: {decision.Outcome}, {decision.Reason.En}");
        }

        if (decision is { Outcome: LaneOutcome.AwaitingPayment or LaneOutcome.Held, StayId: { } stayId } && decision.Lane.StartsWith("out-", StringComparison.Ordinal))
        {
            tally.Booth.Add(Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(40), time);
                var due = decision.DueFen ?? 0;

                // no entry record: the cashier finds the car inside among the pictures (its plate misread at the entry)
                if (due == 0 && tally.EnteredAs.TryGetValue(decision.Plate ?? "", out var misread) && await gate.Stays.FindOpenAsync(misread) is { Status: ParkingGate.Storage.Stays.StayStatus.Inside } inside)
                {
                    var matched = await gate.Settlement.MatchEntryAsync(stayId, inside.Id, "booth-zhou");
                    if (!matched.IsSuccess)
                    {
                        tally.Problems.Add($"booth, matching stay {stayId} to {inside.Id}: {matched.Problem.Message}");
                        return;
                    }

                    if (matched.Value.ClosedBy is not null)
                    {
                        Interlocked.Increment(ref tally.FreeExits);
                        return;
                    }

                    due = matched.Value.Stay.DueFen ?? 0;
                }

                var problem = due > 0
                    ? (await gate.Settlement.PayCashAsync(stayId, due, "booth-zhou")).Problem
                    : (await gate.Settlement.FreeExitAsync(stayId, "无入场记录，核实后免费放行 / no entry record, checked and let out free", "booth-zhou")).Problem;
                if (problem is not null)
                {
                    tally.Problems.Add($"booth, stay {stayId}: {problem.Message}");
                    return;
                }

                Interlocked.Add(ref tally.CashFen, due);
                Interlocked.Add(ref due > 0 ? ref tally.Paid : ref tally.FreeExits, 1);
            }));
        }
        else if (decision is { Outcome: LaneOutcome.Held, StayId: null, ReadId: { } readId })
        {
            // A read held with no stay: the cashier looks at the picture and settles it with the plate on the car; one
            // held entry in LeaveHeldEvery is left alone, for the gate to expire with a record.
            var plate = tally.Truths.GetValueOrDefault((decision.Lane, decision.PlateRead ?? "")) ?? decision.PlateRead ?? "";
            if (decision.Lane.StartsWith("in-", StringComparison.Ordinal) && Interlocked.Increment(ref tally.HeldEntries) % LeaveHeldEvery == 0)
            {
                Interlocked.Increment(ref tally.HeldLeft);
                return;
            }

            tally.Booth.Add(Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(40), time);
                var held = await events.HeldByReadAsync(decision.Lane, readId);
                if (held is null)
                {
                    tally.Problems.Add($"held read {decision.Lane} {decision.PlateRead}: not in the lane events");
                    return;
                }

                var settled = await gate.Settlement.SettleHeldAsync(held.Id, plate, "booth-zhou");
                if (!settled.IsSuccess)
                {
                    tally.Problems.Add($"held read {decision.Lane} {decision.PlateRead} ({plate}): {settled.Problem.Message}");
                    return;
                }

                Interlocked.Increment(ref tally.HeldSettled);
            }));
        }
    }

    /// <summary>The desk's day: shift at 05:50 (before the first car), three passes sold at the booth, shift closed at 23:30, the day closed after midnight.</summary>
    private static async Task ClerkDayAsync(DateOnly day, int d, LedgerStore ledger, ShiftBook shifts, RegistryStores registry, GateRuntime gate, TimeZoneInfo zone, TimeProvider time, Tally tally)
    {
        await UntilAsync(day, new TimeOnly(5, 50), zone, time);
        Expect(await shifts.OpenShiftAsync(20_000, "booth-zhou"), tally, "open shift");
        for (var k = 0; k < 3; k++)
        {
            await UntilAsync(day, new TimeOnly(9 + (5 * k), 0), zone, time);
            var plate = Plate.Parse(string.Create(CultureInfo.InvariantCulture, $"湘B{20000 + (d * 10) + k}"));
            var channel = k == 1 ? PaymentChannel.WeChat : PaymentChannel.Cash;
            var sold = await registry.Passes.SellPassAsync(new PassSale(plate, 1, null, 3, 15_000, channel, channel == PaymentChannel.Cash ? null : $"soak-pass-{d}-{k}", null), zone, "booth-zhou");
            if (Expect(sold, tally, $"pass for {plate}"))
            {
                Interlocked.Add(ref tally.PassFen, 15_000);
                gate.RegistryChanged();
            }
        }

        await UntilAsync(day, new TimeOnly(23, 30), zone, time);
        var shift = await shifts.CurrentShiftAsync();
        Expect(await shifts.CloseShiftAsync(shift?.ExpectedFen ?? 0, null, "booth-wang", "booth-zhou"), tally, "close shift");
        await UntilAsync(day.AddDays(1), new TimeOnly(0, 0, 30), zone, time);
        Expect(await ledger.CloseDayAsync(day, zone, "accountant-chen"), tally, $"close {day:yyyy-MM-dd}");
    }

    private static bool Expect<T>(Result<T> result, Tally tally, string what)
    {
        if (!result.IsSuccess)
        {
            tally.Problems.Add($"{what}: {result.Problem.Message}");
        }

        return result.IsSuccess;
    }

    private static async Task UntilAsync(DateOnly day, TimeOnly at, TimeZoneInfo zone, TimeProvider time)
    {
        var local = day.ToDateTime(at);
        var wait = new DateTimeOffset(local, zone.GetUtcOffset(local)) - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time);
        }
    }

    /// <summary>An exit camera that never sees a car the entry refused: that driver turned round and left.</summary>
    private sealed class TurnedAway(ILaneCamera camera, ConcurrentDictionary<string, byte> refused) : ILaneCamera
    {
        public Task ReadAsync(string plate, int confidence, CancellationToken cancellationToken) =>
            refused.TryRemove(plate, out _) ? Task.CompletedTask : camera.ReadAsync(plate, confidence, cancellationToken);

        public Task KeepAliveAsync(CancellationToken cancellationToken) => camera.KeepAliveAsync(cancellationToken);
    }
}
