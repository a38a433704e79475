using ParkingGate.Domain.Lanes;
using ParkingGate.Storage.Audit;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using ParkingGate.Desk;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Gate;
using ParkingGate.Gate.Lanes;
using ParkingGate.Host.Cli;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Service;
using ParkingGate.Simulator;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Stays;
using ParkingGate.Storage.Users;

namespace ParkingGate.Host.Tests.Gate;

/// <summary>
/// The desk's booth, the command line and a payment terminal each settle one visitor's stay against the same running
/// service: every path writes the same ledger row (the fee, with its tariff, closing its stay) and the same audit row
/// (who, which stay, which ledger entry), and the paths that run beside a gate open it once.
/// </summary>
public sealed class SettlementPathsTests
{
    private const string DevicePassword = "device-secret";
    private const string DeskPassword = "desk-password-1";
    private const string Estate = "fenglin-anzhi";

    [Test]
    public async Task Desk_cli_and_terminal_write_the_same_ledger_and_audit_rows_for_a_cash_or_terminal_fee()
    {
        using var folder = new TestFolder();
        folder.EditConfig(json =>
        {
            var mqtt = TestFolder.EmbeddedBroker(DevicePassword, "in-1", "out-1", "out-2");
            mqtt["devices"]!.AsArray().Add(new JsonObject
            {
                ["userName"] = "term-out-2", ["passwordHash"] = Devices.Mqtt.DevicePassword.Hash(DevicePassword), ["kind"] = "payment-terminal", ["id"] = "out-2",
            });
            json["mqtt"] = mqtt;
            json["lanes"]!.AsArray().Add(JsonNode.Parse("""
                { "id": "out-2", "direction": "exit", "camera": { "kind": "vzenith", "id": "sn-out-2" }, "relay": { "kind": "camera" }, "display": "none", "terminal": true }
                """));
        });
        var config = ConfigLoader.Load(folder.Config);
        var database = await SqliteDatabase.OpenAsync(folder.Database, TimeProvider.System);
        Assert.That((await new UserStore(database, TimeProvider.System).AddAsync("zhou", "cashier", Passwords.Hash(DeskPassword), "setup")).IsSuccess, Is.True);
        var url = $"http://127.0.0.1:{FreePort()}";
        await using var app = RunCommand.BuildApp(config, database, TimeProvider.System, url);
        await app.StartAsync();
        try
        {
            var gate = app.Services.GetRequiredService<GateService>().Runtime!;
            var decisions = new ConcurrentQueue<LaneDecision>();
            gate.Decided += decisions.Enqueue;
            await using var out1 = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", gate.BrokerPort, "cam-out-1", DevicePassword, "sn-out-1", "out-1", TimeProvider.System);
            await using var out2 = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", gate.BrokerPort, "cam-out-2", DevicePassword, "sn-out-2", "out-2", TimeProvider.System);
            await using var terminal = await SimulatedPaymentTerminal.ConnectAsync("127.0.0.1", gate.BrokerPort, "term-out-2", DevicePassword, Estate, "out-2", TimeProvider.System);
            terminal.PayAfter = TimeSpan.FromMilliseconds(100);

            // Three visitors who came in three hours ago, each at an exit now: two at the booth's exit, one at the terminal's.
            var byDesk = await AtExitAsync(gate, out1, decisions, "粤B10001");
            var byCli = await AtExitAsync(gate, out1, decisions, "粤B10002");

            var shifts = new ShiftBook(database, TimeProvider.System, new LedgerStore(database, TimeProvider.System, Estate));
            Assert.That((await shifts.OpenShiftAsync(0, "zhou")).IsSuccess, Is.True, "cash is taken inside the taker's shift");
            using (var desk = new DeskClient(url))
            {
                Assert.That(await desk.SignInAsync("zhou", DeskPassword), Is.True);
                var answer = await desk.PostAsync("/booth", "/booth?handler=Cash", new() { ["stayId"] = $"{byDesk.StayId}", ["amountFen"] = $"{byDesk.DueFen}" });
                Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), "the desk took the cash");
            }

            Assert.That((await shifts.CloseShiftAsync((await shifts.CurrentShiftAsync())!.ExpectedFen, null, "li", "zhou")).IsSuccess, Is.True);
            Assert.That((await shifts.OpenShiftAsync(0, "clerk-li")).IsSuccess, Is.True);
            var cli = new StringWriter();
            var err = new StringWriter();
            var code = await CliApp.RunAsync(
                ["pay", "cash", "--stay", $"{byCli.StayId}", "--amount", Domain.Money.Yuan(byCli.DueFen!.Value), "--config", folder.Config, "--db", folder.Database, "--operator", "clerk-li"],
                cli, err, TimeProvider.System);
            Assert.That(code, Is.EqualTo(ExitCodes.Ok), () => err.ToString());

            var byTerminal = await AtExitAsync(gate, out2, decisions, "粤B10003");
            await WaitForAsync(() => out2.Pulses.Count == 1, "the terminal's exit opens after the payment");

            var log = new AuditLog(database, TimeProvider.System);
            IReadOnlyList<AuditEntry> audit = [];
            for (var waited = System.Diagnostics.Stopwatch.StartNew(); !audit.Any(a => a.EntityId == byTerminal.StayId); await Task.Delay(20))
            {
                Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), "the terminal's payment is audited once the barrier answered");
                audit = await log.ListAsync(100, "stay");
            }

            var ledger = new LedgerStore(database, TimeProvider.System, Estate).ReadAll().Where(e => e.Kind == LedgerKind.VisitorFee).ToList();
            var stays = new StayStore(database, TimeProvider.System, new LedgerStore(database, TimeProvider.System, Estate));
            var rows = new List<(LedgerEntry Fee, AuditEntry Audit)>();
            foreach (var (decision, channel, actor, action) in new[]
                     {
                         (byDesk, PaymentChannel.Cash, "zhou", "cash"), (byCli, PaymentChannel.Cash, "clerk-li", "cash"), (byTerminal, "wechat", "terminal:out-2", "terminal-payment"),
                     })
            {
                var stay = (await stays.FindAsync(decision.StayId!.Value))!;
                var fee = ledger.Single(e => e.StayId == stay.Id);
                Assert.That((fee.AmountFen, fee.Channel, fee.Operator, fee.Plate, fee.Reason), Is.EqualTo((decision.DueFen!.Value, channel, actor, decision.Plate, (string?)null)));
                Assert.That((fee.TariffId, fee.TariffHash), Is.EqualTo((stay.TariffId, stay.TariffHash)), "the fee names the tariff that priced it");
                Assert.That((stay.Status, stay.ClosedHow, stay.LedgerSeq), Is.EqualTo((StayStatus.Closed, (StayClosing?)StayClosing.Paid, (long?)fee.Seq)), "the fee closed its stay");
                var row = audit.Single(a => a.EntityId == stay.Id);
                Assert.That((row.Actor, row.Action, row.Entity), Is.EqualTo((actor, action, "stay")));
                var detail = JsonNode.Parse(row.AfterJson!)!;
                Assert.That((detail["plate"]!.GetValue<string>(), detail["amountFen"]!.GetValue<long>(), detail["ledgerSeq"]!.GetValue<long>()), Is.EqualTo((stay.Plate, fee.AmountFen, fee.Seq)));
                rows.Add((fee, row));
            }

            Assert.That(Shape(rows[1].Audit), Is.EqualTo(Shape(rows[0].Audit)), "the command line writes the desk's audit row");
            Assert.That(out1.Pulses, Has.Count.EqualTo(1), "the desk opened its exit; the command line runs without a gate and opened nothing");
            Assert.That(decisions.Count(d => d is { Outcome: LaneOutcome.Opened, Lane: "out-1" } && d.StayId == byDesk.StayId), Is.EqualTo(1));
        }
        finally
        {
            await app.StopAsync();
            SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>The audit row with the values that differ per car taken out: who, what, and which fields it carries.</summary>
    private static string Shape(AuditEntry row) =>
        $"{row.Action} {row.Entity} {string.Join(",", JsonNode.Parse(row.AfterJson!)!.AsObject().Select(p => p.Key))}";

    private static async Task<LaneDecision> AtExitAsync(GateRuntime gate, SimulatedVzenithCamera camera, ConcurrentQueue<LaneDecision> decisions, string plate)
    {
        var entered = await gate.Stays.EnterAsync(new StayEntry(Plate.Parse(plate), VehicleClass.Small, "in-1", DateTimeOffset.UtcNow.AddHours(-3), null, false), "zhou");
        Assert.That(entered.IsSuccess, Is.True);
        await camera.ReadAsync(plate);
        await WaitForAsync(() => decisions.Any(d => d.Plate == plate && d.Outcome == LaneOutcome.AwaitingPayment), $"{plate} awaits payment at {camera.Lane}");
        return decisions.First(d => d.Plate == plate && d.Outcome == LaneOutcome.AwaitingPayment);
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.That(waited.Elapsed, Is.LessThan(TimeSpan.FromSeconds(15)), what);
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }

    private static int FreePort() => ParkingGate.Simulator.LoopbackPorts.Free();
}
