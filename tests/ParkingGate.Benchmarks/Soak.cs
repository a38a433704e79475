using System.Collections.Concurrent;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Domain;
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
/// per entry lane come and go (residents and visitors, one read in ten a misread), the booth takes visitors' cash,
/// opens by hand for an exit it cannot match, sells three passes, opens and closes the shift, and the accountant
/// closes the day after midnight. Managed memory is sampled after a full collection at each day's end. At the end:
/// the ledger verifies against every digest it holds, the day digests follow each other with no gap, every stay is
/// closed (every generated car leaves by 23:00), and the money in the ledger is the money the booth took.
/// Exit code 1 when any of that fails.
/// </summary>
internal static class Soak
{
    private static readonly DateOnly FirstDay = new(2026, 3, 2);

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

    private sealed class Tally
    {
        public ConcurrentDictionary<LaneOutcome, int> Outcomes { get; } = new();

        public long CashFen;
        public long PassFen;
        public int ManualOpenings;
        public int Paid;
        public int FreeExits;
        public ConcurrentBag<string> Problems { get; } = [];
        public ConcurrentBag<Task> Booth { get; } = [];

        public ConcurrentDictionary<string, byte> TurnedAway { get; } = new(StringComparer.Ordinal);
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
        var registry = new RegistryStore(database, time);
        var tally = new Tally();
        await using var gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, database, time, NullLogger.Instance);
        gate.Decided += decision => OnDecided(gate, tariffs, decision, time, tally);
        var cameras = new Dictionary<string, ILaneCamera>(StringComparer.Ordinal);
        var connected = new List<SimulatedVzenithCamera>();
        for (var i = 0; i < options.Lanes.Count; i++)
        {
            var camera = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", gate.BrokerPort, $"cam-{i}", GateLoad.Password, $"sn-{i}", options.Lanes[i].Id, time);
            connected.Add(camera);
            cameras[options.Lanes[i].Id] = options.Lanes[i].Direction == "exit" ? new TurnedAway(camera, tally.TurnedAway) : camera;
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
                .. RandomTraffic.Generate(2 * d, residents[..half], visits, new TimeOnly(6, 0), new TimeOnly(23, 0), "in-0", "out-2")
                    .Concat(RandomTraffic.Generate((2 * d) + 1, residents[half..], visits, new TimeOnly(6, 0), new TimeOnly(23, 0), "in-1", "out-3"))
                    .OrderBy(s => s.At),
            ];
            var before = new Dictionary<LaneOutcome, int>(tally.Outcomes);
            await Task.WhenAll(player.PlayAsync(day, steps), ClerkDayAsync(day, d, ledger, registry, gate, zone, time, tally));

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
                $"{day:yyyy-MM-dd}  {steps.Count,5}  {Count(LaneOutcome.Opened),6}  {Count(LaneOutcome.OpenUncertain),9}  {Count(LaneOutcome.Held),4}  {Count(LaneOutcome.AwaitingPayment),8}  {Count(LaneOutcome.Refused),7}  {Count(LaneOutcome.Ignored),7}  {managed,10:F1}  {GateLoad.CurrentRssMb(),6:F0}"));
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
        failures.AddRange(CheckMemory(memory));
        failures.AddRange(CheckLedger(ledger, days));
        failures.AddRange(await CheckMoneyAndStaysAsync(database, tally));
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

    /// <summary>The booth: cash 40 seconds after an exit asks for it; an exit it cannot match is opened by hand, with the reason.</summary>
    private static void OnDecided(GateRuntime gate, Domain.Tariffs.TariffBook tariffs, LaneDecision decision, TimeProvider time, Tally tally)
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
        else if (decision.Outcome == LaneOutcome.Held && decision.Lane.StartsWith("out-", StringComparison.Ordinal))
        {
            tally.Booth.Add(Task.Run(async () =>
            {
                await Task.Delay(TimeSpan.FromSeconds(60), time);
                Interlocked.Increment(ref tally.ManualOpenings);
                var opened = await gate.Settlement.OpenByHandAsync(decision.Lane, $"出口无法处理，人工核实后放行 / checked by hand ({decision.Reason.En})", decision.Plate ?? decision.PlateRead, "booth-zhou");
                if (!opened.IsSuccess)
                {
                    tally.Problems.Add($"opening {decision.Lane} by hand: {opened.Problem.Message}");
                }
            }));
        }
    }

    /// <summary>The desk's day: shift at 06:30, three passes, shift closed at 23:30, the day closed after midnight.</summary>
    private static async Task ClerkDayAsync(DateOnly day, int d, LedgerStore ledger, RegistryStore registry, GateRuntime gate, TimeZoneInfo zone, TimeProvider time, Tally tally)
    {
        await UntilAsync(day, new TimeOnly(6, 30), zone, time);
        Expect(await ledger.OpenShiftAsync(20_000, "booth-zhou"), tally, "open shift");
        for (var k = 0; k < 3; k++)
        {
            await UntilAsync(day, new TimeOnly(9 + (5 * k), 0), zone, time);
            var plate = Plate.Parse(string.Create(CultureInfo.InvariantCulture, $"湘B{20000 + (d * 10) + k}"));
            var channel = k == 1 ? PaymentChannel.WeChat : PaymentChannel.Cash;
            var sold = await registry.SellPassAsync(ledger, new PassSale(plate, 1, null, 3, 15_000, channel, channel == PaymentChannel.Cash ? null : $"soak-pass-{d}-{k}", null), zone, "clerk-li");
            if (Expect(sold, tally, $"pass for {plate}"))
            {
                Interlocked.Add(ref tally.PassFen, 15_000);
                gate.RegistryChanged();
            }
        }

        await UntilAsync(day, new TimeOnly(23, 30), zone, time);
        var shift = await ledger.CurrentShiftAsync();
        Expect(await ledger.CloseShiftAsync(shift?.ExpectedFen ?? 0, null, "booth-wang", "booth-zhou"), tally, "close shift");
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

    /// <summary>
    /// Flat: from the end of the second day (caches filled, code compiled, the first day's reads forgotten) to the
    /// end of the last, the managed heap after a full collection grows by less than 0.5 MB. Before the lanes forgot
    /// old reads it grew about 0.15 MB a day, 1.1 MB over the week. Needs three days or more to judge.
    /// </summary>
    private static IEnumerable<string> CheckMemory(List<double> memory)
    {
        if (memory.Count < 3)
        {
            Console.WriteLine("memory: fewer than 3 days, the trend is not judged");
            yield break;
        }

        var growth = memory[^1] - memory[1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory: managed heap {memory[1]:F1} MB after day 2, {memory[^1]:F1} MB after day {memory.Count} ({growth:+0.0;-0.0} MB; limit +0.5)"));
        if (growth >= 0.5)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"managed memory grew from {memory[1]:F1} MB after day 2 to {memory[^1]:F1} MB after day {memory.Count}");
        }
    }

    /// <summary>The chain against every digest it holds; one day digest per day, each starting where the last ended.</summary>
    private static IEnumerable<string> CheckLedger(LedgerStore ledger, int days)
    {
        var digests = new List<Digest>();
        foreach (var entry in ledger.ReadAll().Where(e => e.Kind == LedgerKind.Digest))
        {
            if (!Digest.TryParse(entry.Detail, out var digest, out var error))
            {
                yield return $"digest entry {entry.Seq} does not parse: {error}";
                continue;
            }

            digests.Add(digest);
        }

        var verdict = new LedgerVerifier(ledger.EstateId, digests).VerifyAll(ledger.ReadAll());
        Console.WriteLine($"ledger: {(verdict.Ok ? "verified" : "FAILED")} {verdict.Entries} entries against {digests.Count} digests");
        if (!verdict.Ok)
        {
            yield return $"ledger: {verdict.Problem}";
        }

        var dayDigests = digests.Where(d => d.Period.StartsWith("day:", StringComparison.Ordinal)).ToList();
        if (dayDigests.Count != days)
        {
            yield return $"{dayDigests.Count} day digests for {days} days";
        }

        for (var i = 1; i < dayDigests.Count; i++)
        {
            if (dayDigests[i].First != dayDigests[i - 1].Last + 1)
            {
                yield return $"{dayDigests[i].Period} starts at {dayDigests[i].First}, {dayDigests[i - 1].Period} ended at {dayDigests[i - 1].Last}: the chain of days has a gap";
            }
        }

        if (dayDigests.Count > 0)
        {
            Console.WriteLine($"day digests: {dayDigests.Count}, entries {dayDigests[0].First}..{dayDigests[^1].Last} with no gap or overlap");
        }
    }

    /// <summary>Every stay closed; the ledger's fees are the booth's cash, to the fen.</summary>
    private static async Task<IEnumerable<string>> CheckMoneyAndStaysAsync(SqliteDatabase database, Tally tally)
    {
        var problems = new List<string>();
        await using var connection = await database.OpenConnectionAsync();
        Task<long> ScalarAsync(string sql) => connection.ExecuteScalarAsync<long>(sql);

        var fees = await ScalarAsync("SELECT coalesce(sum(amount_fen), 0) FROM ledger WHERE kind = 'visitor-fee'");
        var owed = await ScalarAsync("SELECT coalesce(sum(fee_fen), 0) FROM stays WHERE closed_how = 'paid'");
        var passes = await ScalarAsync("SELECT coalesce(sum(amount_fen), 0) FROM ledger WHERE kind = 'pass-sale'");
        var manual = await ScalarAsync("SELECT count(*) FROM ledger WHERE kind = 'manual-opening'");
        var free = await ScalarAsync("SELECT count(*) FROM ledger WHERE kind = 'free-exit' AND operator = 'booth-zhou'");
        var paidCount = await ScalarAsync("SELECT count(*) FROM ledger WHERE kind = 'visitor-fee'");
        Console.WriteLine($"money: visitor fees {Money.Yuan(fees)} yuan in the ledger, booth took {Money.Yuan(tally.CashFen)}, paid stays owed {Money.Yuan(owed)}; passes {Money.Yuan(passes)} (sold {Money.Yuan(tally.PassFen)}); {paidCount} fees ({tally.Paid} taken), {free} free exits ({tally.FreeExits} granted), {manual} manual openings ({tally.ManualOpenings} made)");
        if (fees != tally.CashFen || fees != owed)
        {
            problems.Add($"visitor fees {fees} fen in the ledger, {tally.CashFen} taken by the booth, {owed} owed by paid stays");
        }

        if (passes != tally.PassFen)
        {
            problems.Add($"pass sales {passes} fen in the ledger, {tally.PassFen} sold");
        }

        if (manual != tally.ManualOpenings || free != tally.FreeExits || paidCount != tally.Paid)
        {
            problems.Add($"ledger holds {paidCount} fees, {free} free exits, {manual} manual openings; the booth made {tally.Paid}, {tally.FreeExits}, {tally.ManualOpenings}");
        }

        var stays = await ScalarAsync("SELECT count(*) FROM stays");
        var closed = await ScalarAsync("SELECT count(*) FROM stays WHERE status = 'closed'");
        var awaiting = await ScalarAsync("SELECT count(*) FROM stays WHERE status = 'awaiting-payment'");
        var paidWithoutEntry = await ScalarAsync("SELECT count(*) FROM stays s WHERE s.closed_how = 'paid' AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.seq = s.ledger_seq AND l.stay_id = s.id)");
        var negative = await ScalarAsync("SELECT count(*) FROM stays WHERE exit_utc IS NOT NULL AND exit_utc < entry_utc");
        var inside = stays - closed - awaiting;
        Console.WriteLine($"stays: {stays}, closed {closed}, still inside {inside}, awaiting payment {awaiting}");
        foreach (var row in await connection.QueryAsync<(long Id, string Plate, string Status, string? EntryRead, string? ExitRead, long? DueFen)>(
            "SELECT id, plate, status, entry_read, exit_read, due_fen FROM stays WHERE status <> 'closed'"))
        {
            Console.WriteLine($"  open stay {row}");
        }

        if (inside > 0 || awaiting > 0 || paidWithoutEntry > 0 || negative > 0)
        {
            problems.Add($"every car left by 23:00, yet {inside} stays are open inside and {awaiting} awaiting payment; {paidWithoutEntry} paid stays without their ledger entry, {negative} ending before they began");
        }

        return problems;
    }

    /// <summary>An exit camera that never sees a car the entry refused: that driver turned round and left.</summary>
    private sealed class TurnedAway(ILaneCamera camera, ConcurrentDictionary<string, byte> refused) : ILaneCamera
    {
        public Task ReadAsync(string plate, int confidence, CancellationToken cancellationToken) =>
            refused.TryRemove(plate, out _) ? Task.CompletedTask : camera.ReadAsync(plate, confidence, cancellationToken);

        public Task KeepAliveAsync(CancellationToken cancellationToken) => camera.KeepAliveAsync(cancellationToken);
    }
}
