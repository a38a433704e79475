using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
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
using ParkingGate.Storage.Stays;
using ParkingGate.Storage.Users;

namespace ParkingGate.Host.Tests.Faults;

/// <summary>
/// The whole service (<c>parkinggate run</c>: gate, embedded broker, desk) SIGKILLed at random points of a busy day,
/// twenty times: residents and visitors come and go through the cameras, visitors who stayed hours are cashed at the
/// booth through the desk, a cashier sells monthly passes. After every kill, before the next start: the chain
/// verifies; every cash payment and pass sale the desk confirmed is in the ledger exactly once with its stay closed
/// or its pass written; every car the gate let in has its stay, every car it let out has it closed; no fee without a
/// closed stay, no pass without its sale, no stay ending before it began. Cars inside when the power went carry on
/// into the next round.
/// </summary>
public sealed partial class BusyDayKillTests : FolderFixture
{
    private const string Estate = "fenglin-anzhi";
    private const string CameraPassword = "busy-day-camera";
    private const string CashierPassword = "busy-day-cashier";
    private const int Rounds = 20;

    [Test]
    public async Task The_service_killed_twenty_times_in_a_busy_day_keeps_stays_and_ledger_consistent()
    {
        await PrepareAsync();
        var random = new Random(20261126);
        var state = new DayState();
        for (var round = 0; round < Rounds; round++)
        {
            await SeedLongStaysAsync(state, round, 3);
            await using (var service = await ServiceProcess.StartAsync(Folder.Config, Folder.Database))
            {
                var killAt = TimeSpan.FromMilliseconds(random.Next(400, 3000));
                using var stop = new CancellationTokenSource();
                var cars = DriveCarsAsync(service, state, round, new Random(random.Next()), stop.Token);
                var booth = DriveDeskAsync(service, state, round, new Random(random.Next()), stop.Token);
                await Task.Delay(killAt, TimeProvider.System);
                await service.KillAsync();
                await stop.CancelAsync();
                await Task.WhenAll(cars, booth);
            }

            SqliteConnection.ClearAllPools();
            await CheckAsync(state, round);
        }

        TestContext.Out.WriteLine($"{Rounds} kills; confirmed: {state.Entered.Count} entries, {state.Left.Count} free exits, {state.Cashed.Count} cash payments, {state.Passes.Count} pass sales");
        Assert.That(state.Entered, Has.Count.GreaterThanOrEqualTo(Rounds), "the day was busy: cars came in");
        Assert.That(state.Cashed, Has.Count.GreaterThanOrEqualTo(Rounds / 2), "the day was busy: the booth took cash");
        Assert.That(state.Passes, Has.Count.GreaterThanOrEqualTo(Rounds / 2), "the day was busy: passes were sold");
    }

    /// <summary>What the devices and the desk were told was done, across rounds.</summary>
    private sealed class DayState
    {
        public List<string> Entered { get; } = [];

        public List<string> Inside { get; } = [];

        public List<string> Left { get; } = [];

        public List<string> AtExit { get; } = [];

        public List<long> Cashed { get; } = [];

        public List<(long Seq, string Plate)> Passes { get; } = [];

        public List<string> LongStays { get; } = [];
    }

    private async Task PrepareAsync()
    {
        Folder.UseEmbeddedBroker(CameraPassword, "in-1", "out-1");
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        await new UserStore(database, TimeProvider.System).AddAsync("zhou", "cashier", Passwords.Hash(CashierPassword), "setup");
        var registry = new ParkingGate.Storage.Registry.RegistryStores(database, TimeProvider.System, new ParkingGate.Storage.Ledger.LedgerStore(database, TimeProvider.System, "fenglin-anzhi"));
        for (var i = 0; i < 10; i++)
        {
            var added = await registry.Households.AddHouseholdWithVehiclesAsync(
                new HouseholdDraft(new RoomNumber(1, 1, (101 + i).ToString(CultureInfo.InvariantCulture)), "住户", "13807310001", 2),
                [(Plate.Parse(Resident(i)), VehicleClass.Small)], "setup");
            Assert.That(added.IsSuccess, Is.True);
        }

        SqliteConnection.ClearAllPools();
    }

    private static string Resident(int i) => string.Create(CultureInfo.InvariantCulture, $"湘A{10100 + i}");

    /// <summary>Visitors who came in hours ago (an earlier part of the day), so they owe a fee when they leave.</summary>
    private async Task SeedLongStaysAsync(DayState state, int round, int count)
    {
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        var stays = new StayStore(database, TimeProvider.System, new LedgerStore(database, TimeProvider.System, Estate));
        for (var k = 0; k < count; k++)
        {
            var plate = string.Create(CultureInfo.InvariantCulture, $"粤C{10000 + (round * 100) + k}");
            var entered = await stays.EnterAsync(new StayEntry(Plate.Parse(plate), VehicleClass.Small, "in-1", TimeProvider.System.GetUtcNow().AddHours(-3), $"seed-{plate}", false), "lane:in-1");
            Assert.That(entered.IsSuccess, Is.True);
            state.LongStays.Add(plate);
        }

        SqliteConnection.ClearAllPools();
    }

    /// <summary>Cars at both lanes, one read at a time per camera; a read counts as let through when the camera is pulsed.</summary>
    private static async Task DriveCarsAsync(ServiceProcess service, DayState state, int round, Random random, CancellationToken stop)
    {
        try
        {
            await using var entry = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", service.BrokerPort, "cam-in-1", CameraPassword, "sn-in-1", "in-1", TimeProvider.System, stop);
            await using var exit = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", service.BrokerPort, "cam-out-1", CameraPassword, "sn-out-1", "out-1", TimeProvider.System, stop);
            for (var k = 0; !stop.IsCancellationRequested; k++)
            {
                var pick = random.Next(10);
                if (pick < 4)
                {
                    var plate = string.Create(CultureInfo.InvariantCulture, $"粤B{10000 + (round * 100) + k}");
                    if (await PassesAsync(entry, plate, stop))
                    {
                        Record(state.Entered, plate);
                        Record(state.Inside, plate);
                    }
                }
                else if (pick < 7 && Take(state.Inside, random) is { } leaving)
                {
                    if (await PassesAsync(exit, leaving, stop))
                    {
                        Record(state.Left, leaving);
                    }
                }
                else if (pick < 9 && Take(state.LongStays, random) is { } owing)
                {
                    await exit.ReadAsync(owing, 95, cancellationToken: stop); // waits for the booth: no pulse expected
                    Record(state.AtExit, owing);
                }
                else
                {
                    var resident = Resident(random.Next(10));
                    await PassesAsync(random.Next(2) == 0 ? entry : exit, resident, stop); // a resident's second read may be a duplicate
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Adapter.MqttConnectingFailedException)
        {
            // the power went
        }
    }

    private static async Task<bool> PassesAsync(SimulatedVzenithCamera camera, string plate, CancellationToken stop)
    {
        var before = camera.Pulses.Count;
        await camera.ReadAsync(plate, 95, cancellationToken: stop);
        var started = TimeProvider.System.GetTimestamp();
        while (camera.Pulses.Count == before && TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(3))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System, stop);
        }

        return camera.Pulses.Count > before;
    }

    /// <summary>The cashier: opens a shift, cashes every exit waiting at the booth, sells passes in between.</summary>
    private static async Task DriveDeskAsync(ServiceProcess service, DayState state, int round, Random random, CancellationToken stop)
    {
        try
        {
            using var desk = new DeskClient(service.Url);
            Assert.That(await desk.SignInAsync("zhou", CashierPassword), Is.True);
            await desk.PostAsync("/shift", "/shift?handler=Open", new() { ["floatYuan"] = "200" }); // refused when one is open already
            for (var k = 0; !stop.IsCancellationRequested; k++)
            {
                var booth = await desk.GetAsync("/booth");
                if (WaitingExit().Match(booth) is { Success: true } waiting)
                {
                    var stayId = long.Parse(waiting.Groups[1].Value, CultureInfo.InvariantCulture);
                    var answer = await desk.PostAsync("/booth", "/booth?handler=Cash", new() { ["stayId"] = waiting.Groups[1].Value, ["amountFen"] = waiting.Groups[2].Value });
                    if (answer.StatusCode == HttpStatusCode.Redirect)
                    {
                        Record(state.Cashed, stayId);
                    }
                }
                else if (random.Next(3) == 0)
                {
                    var plate = string.Create(CultureInfo.InvariantCulture, $"湘C{10000 + (round * 100) + k}");
                    var answer = await desk.PostAsync("/passes", "/passes?handler=Sell", new() { ["plate"] = plate, ["months"] = "1", ["amount"] = "150", ["channel"] = "cash" });
                    if (answer.StatusCode == HttpStatusCode.Redirect && Receipt().Match(answer.Headers.Location!.OriginalString) is { Success: true } receipt)
                    {
                        Record(state.Passes, (long.Parse(receipt.Groups[1].Value, CultureInfo.InvariantCulture), plate));
                    }
                }
                else
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(30), TimeProvider.System, stop);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or HttpRequestException or TaskCanceledException)
        {
            // the power went
        }
    }

    private static void Record<T>(List<T> list, T item)
    {
        lock (list)
        {
            list.Add(item);
        }
    }

    private static string? Take(List<string> list, Random random)
    {
        lock (list)
        {
            if (list.Count == 0)
            {
                return null;
            }

            var at = random.Next(list.Count);
            var item = list[at];
            list.RemoveAt(at);
            return item;
        }
    }

    private async Task CheckAsync(DayState state, int round)
    {
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        var ledger = new LedgerStore(database, TimeProvider.System, Estate);
        var verdict = new LedgerVerifier(Estate, []).VerifyAll(ledger.ReadAll());
        Assert.That(verdict.Ok, Is.True, $"round {round}: {verdict.Problem}");
        await using var connection = await database.OpenConnectionAsync();

        var fees = (await connection.QueryAsync<(long Seq, long StayId)>("SELECT seq, stay_id FROM ledger WHERE kind = 'visitor-fee'")).ToList();
        Assert.That(fees.Select(f => f.StayId), Is.Unique, $"round {round}: a stay paid twice");
        Assert.That(fees.Select(f => f.StayId), Is.SupersetOf(state.Cashed), $"round {round}: cash the desk confirmed is missing from the ledger");
        Assert.That(await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM ledger l JOIN stays s ON s.id = l.stay_id WHERE l.kind = 'visitor-fee' AND (s.status <> 'closed' OR s.ledger_seq <> l.seq)"),
            Is.Zero, $"round {round}: a fee in the ledger whose stay is not closed by it");
        Assert.That(await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM stays s WHERE s.closed_how = 'paid' AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.seq = s.ledger_seq AND l.stay_id = s.id)"),
            Is.Zero, $"round {round}: a stay closed as paid without its ledger entry");
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM stays WHERE exit_utc IS NOT NULL AND exit_utc < entry_utc"),
            Is.Zero, $"round {round}: a stay ending before it began");

        var sales = (await connection.QueryAsync<(long Seq, string Plate, long AmountFen)>("SELECT seq, plate, amount_fen FROM ledger WHERE kind = 'pass-sale'")).ToList();
        var passes = (await connection.QueryAsync<(string Plate, long AmountFen)>("SELECT plate, amount_fen FROM passes")).ToList();
        Assert.That(passes.Select(p => (p.Plate, p.AmountFen)).Order(), Is.EqualTo(sales.Select(s => (s.Plate, s.AmountFen)).Order()),
            $"round {round}: every pass has its sale in the ledger and every sale its pass");
        Assert.That(sales.Select(s => (s.Seq, s.Plate)), Is.SupersetOf(state.Passes), $"round {round}: a pass sale the desk confirmed is missing");

        var stays = (await connection.QueryAsync<(string Plate, string Status)>("SELECT plate, status FROM stays")).ToList();
        var withStay = stays.Select(s => s.Plate).ToHashSet();
        Assert.That(state.Entered.Where(p => !withStay.Contains(p)), Is.Empty, $"round {round}: a car the gate let in has no stay");
        var stillOpen = stays.Where(s => s.Status != "closed").Select(s => s.Plate).ToHashSet();
        Assert.That(state.Left.Where(stillOpen.Contains), Is.Empty, $"round {round}: a car the gate let out still has an open stay");
        SqliteConnection.ClearAllPools();
    }

    [GeneratedRegex("name=\"stayId\" value=\"(\\d+)\"><input type=\"hidden\" name=\"amountFen\" value=\"(\\d+)\"")]
    private static partial Regex WaitingExit();

    [GeneratedRegex(@"receipt=(\d+)")]
    private static partial Regex Receipt();
}
