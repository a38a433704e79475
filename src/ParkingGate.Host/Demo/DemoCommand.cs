using System.CommandLine;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Devices.Families;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Domain;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Ledger;
using ParkingGate.Gate;
using ParkingGate.Gate.Configuration;
using ParkingGate.Gate.Lanes;
using ParkingGate.Host.Cli;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Service;
using ParkingGate.Simulator;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;

namespace ParkingGate.Host.Demo;

/// <summary>
/// <c>demo</c>: seeds a demo database with the reference estate, starts the gate with its embedded broker, connects
/// simulated cameras and plays a morning of traffic at 10× speed, printing each lane event as one line. The booth
/// takes the cash of every visitor who owes a fee. Ends by itself, or on Ctrl+C.
/// </summary>
internal static class DemoCommand
{
    public const string DefaultDatabase = "data/demo.db";

    /// <summary>The longest quiet stretch between two scenario steps that is waited through; the rest is skipped.</summary>
    private static readonly TimeSpan QuietStretch = TimeSpan.FromMinutes(1);

    public static Command Build(Verbs verbs)
    {
        var speed = new Option<double>("--speed") { Description = "how many times faster than real time", DefaultValueFactory = _ => 10 };
        var scenario = new Option<FileInfo>("--scenario") { Description = "the traffic to play", DefaultValueFactory = _ => new FileInfo("config/demo/morning.txt") };
        var households = new Option<FileInfo>("--households") { Description = "named households to seed first", DefaultValueFactory = _ => new FileInfo("config/demo/households.csv") };
        var serial = new Option<bool>("--serial") { Description = "wire the lanes to serial devices (Modbus relay bus, LED boards, a serial plate unit) on pseudo-terminals" };
        var mixed = new Option<bool>("--mixed") { Description = "a mixed estate, one lane per camera kind: Vzenith over MQTT, Vzenith HTTP push, Hikvision and Dahua (scenario config/demo/mixed.txt unless --scenario)" };
        var keepGaps = new Option<bool>("--keep-gaps") { Description = "wait through the quiet stretches of the scenario instead of skipping all but a minute of each" };
        var command = new Command("demo", $"play a morning of traffic through the gate at 10x speed, quiet stretches skipped (database {DefaultDatabase} unless --db)") { speed, scenario, households, serial, mixed, keepGaps };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var config = context.Config;
            var factor = parse.GetValue(speed);
            if (factor is < 1 or > 10_000)
            {
                return context.Usage($"--speed {factor} must be between 1 and 10000");
            }

            var isMixed = parse.GetValue(mixed);
            if (isMixed && parse.GetValue(serial))
            {
                return context.Usage("--mixed and --serial are two different estates: choose one");
            }

            var scenarioFile = isMixed && (parse.GetResult(scenario)?.Implicit ?? true) ? new FileInfo("config/demo/mixed.txt") : parse.GetValue(scenario)!;
            if (!scenarioFile.Exists)
            {
                return context.Usage($"scenario '{scenarioFile}' not found");
            }

            if (!Scenario.TryParse(await File.ReadAllTextAsync(scenarioFile.FullName, cancellationToken), out var steps, out var scenarioError))
            {
                return context.Usage($"scenario '{scenarioFile}': {scenarioError}");
            }

            var zone = context.Zone;
            var day = new DateOnly(2026, 3, 2);
            var first = day.ToDateTime(steps.Count > 0 ? steps[0].At : new TimeOnly(7, 0)).AddSeconds(-5);
            var time = new ScaledTimeProvider(new DateTimeOffset(first, zone.GetUtcOffset(first)), factor);
            var path = parse.GetValue(GlobalOptions.Database) ?? DefaultDatabase;
            DeleteDatabase(path);
            var database = await SqliteDatabase.OpenAsync(path, time, cancellationToken);
            var seeded = await DemoEstate.SeedAsync(database, config.Options, parse.GetValue(households)!.FullName, time, cancellationToken);
            await context.Out.WriteLineAsync($"demo estate {config.Options.Estate.Name}: {seeded.Households} households, {seeded.Vehicles} vehicles, {seeded.Passes} passes, 1 blocked plate; database '{path}'");

            using var serialDevices = parse.GetValue(serial) ? DemoSerial.Start(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, "demo-serial")) : null;
            await using var mixedDevices = isMixed ? await DemoMixed.StartAsync(time) : null;
            var lanes = serialDevices?.Lanes(config.Options.Lanes) ?? (isMixed ? DemoMixed.Lanes(config.Options.Lanes) : config.Options.Lanes);
            var passwords = lanes.ToDictionary(l => l.Id, _ => EmbeddedBroker.NewServicePassword());
            var options = WithDemoDevices(config.Options, lanes, passwords, factor, mixedDevices?.Http);
            if (serialDevices is not null)
            {
                await context.Out.WriteLineAsync($"serial lines in {serialDevices.Folder}: ttyBus (Modbus slaves 1 and 2), ttyCamIn (plate unit, GBK), ttyLedIn and ttyLedOut (LED/voice boards)");
                foreach (var (lane, board) in serialDevices.Boards)
                {
                    board.Displayed += (kind, text) =>
                    {
                        if (kind == "say")
                        {
                            context.Out.WriteLine($"{Clock(time.GetUtcNow(), zone)}  {lane,-6}  屏显/播报 {text}");
                        }
                    };
                }
            }

            await using var gate = await GateRuntime.StartAsync(options.ToGateSettings(), config.Tariffs, database, time, NullLogger.Instance, cancellationToken);
            var cameras = new Dictionary<string, ILaneCamera>(StringComparer.Ordinal);
            var mqttCameras = new List<SimulatedVzenithCamera>();
            foreach (var lane in options.Lanes)
            {
                if (lane.Camera.Device?.Link == DeviceLink.Serial && serialDevices is not null)
                {
                    cameras[lane.Id] = serialDevices.CameraIn;
                    continue;
                }

                if (lane.Camera.Device?.Link == DeviceLink.Http && mixedDevices is not null)
                {
                    cameras[lane.Id] = mixedDevices.CameraOf(lane.Camera.Kind);
                    continue;
                }

                var camera = await SimulatedVzenithCamera.ConnectAsync(options.Mqtt.Bind, gate.BrokerPort, $"cam-{lane.Id}", passwords[lane.Id], lane.Camera.Id, lane.Id, time, cancellationToken);
                mqttCameras.Add(camera);
                cameras[lane.Id] = camera;
            }

            await WaitForSerialAsync(gate, cancellationToken);
            await context.Out.WriteLineAsync($"gate up: embedded broker on {options.Mqtt.Bind}:{gate.BrokerPort}{(gate.HttpPort > 0 ? $", device HTTP listener on 127.0.0.1:{gate.HttpPort}" : "")}, {cameras.Count} simulated cameras ({string.Join(", ", options.Lanes.Select(l => $"{l.Id} {l.Camera.Kind}"))}), playing '{scenarioFile.Name}' at {factor}x");
            var booth = new List<Task>();
            gate.Settlement.Committed += entry => context.Out.WriteLine(
                $"{Clock(time.GetUtcNow(), zone)}  booth   收现金 cash {Money.Yuan(entry.AmountFen)} 元, receipt {entry.ReceiptNo}, ledger entry {entry.Seq}");
            gate.Decided += decision =>
            {
                context.Out.WriteLine(Line(decision, zone));
                if (decision is { Outcome: LaneOutcome.AwaitingPayment, StayId: { } stay, DueFen: { } due })
                {
                    booth.Add(TakeCashAsync(context, gate, config, decision.Lane, stay, due, time, zone, cancellationToken));
                }
            };
            var player = new ScenarioPlayer(cameras, time, zone) { LongestWait = parse.GetValue(keepGaps) ? null : QuietStretch };
            player.Skipped += skipped => context.Out.WriteLine(
                $"{Clock(time.GetUtcNow(), zone)}  ……      跳过空闲 {skipped.TotalMinutes:0} 分钟 / {skipped.TotalMinutes:0} quiet minute{(Math.Round(skipped.TotalMinutes) == 1 ? "" : "s")} skipped");
            time.Restart(new DateTimeOffset(first, zone.GetUtcOffset(first)));
            await player.PlayAsync(day, steps, cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(parse.GetValue(keepGaps) ? 90 : 60), time, cancellationToken); // the booth takes the last cash 40 s after the car asked
            await Task.WhenAll(booth.ToArray());
            foreach (var camera in mqttCameras)
            {
                await camera.DisposeAsync();
            }

            if (serialDevices is not null)
            {
                var flashes = serialDevices.Bus.Flashes.ToList();
                await context.Out.WriteLineAsync($"serial: Modbus flashes slave 1 {flashes.Count(f => f.Slave == 1)}, slave 2 {flashes.Count(f => f.Slave == 2)}; " +
                    $"LED messages in-1 {serialDevices.Boards["in-1"].Spoken.Count}, out-1 {serialDevices.Boards["out-1"].Spoken.Count}");
            }

            var ledger = new LedgerStore(database, time, options.Estate.Id);
            var verdict = new LedgerVerifier(options.Estate.Id, []).VerifyAll(ledger.ReadAll(), cancellationToken);
            await context.Out.WriteLineAsync($"ledger: {(verdict.Ok ? "verified" : "FAILED: " + verdict.Problem)}, {verdict.Entries} entries");
            await context.Out.WriteLineAsync(ledger.HeadDigest().ToString());
            return verdict.Ok ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static async Task TakeCashAsync(CliContext context, GateRuntime gate, LoadedConfig config, string lane, long stayId, long due, TimeProvider time, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        await Task.Delay(TimeSpan.FromSeconds(40), time, cancellationToken);
        var paid = await gate.Settlement.PayCashAsync(stayId, due, DemoEstate.Cashier, cancellationToken);
        if (!paid.IsSuccess)
        {
            await context.Out.WriteLineAsync($"{Clock(time.GetUtcNow(), zone)}  booth   could not take cash: {paid.Problem.Message}");
        }
    }

    internal static string Line(LaneDecision d, TimeZoneInfo zone)
    {
        var outcome = d.Outcome switch
        {
            LaneOutcome.Opened => "开闸 opened",
            LaneOutcome.OpenUncertain => "未确认 uncertain",
            LaneOutcome.Refused => "拒绝 refused",
            LaneOutcome.Held => "待处理 held",
            LaneOutcome.AwaitingPayment => "待缴费 awaiting payment",
            _ => "忽略 ignored",
        };
        return $"{Clock(d.At, zone)}  {d.Lane,-6}  {d.Plate ?? d.PlateRead,-9}  {outcome,-14}  {d.Reason.Zh} / {d.Reason.En}";
    }

    private static string Clock(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).ToString("HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>
    /// The config with generated device accounts. At N× speed one real second is N demo seconds, so the stale-read
    /// limit grows with the speed: a read handled a moment late in real time is not stale.
    /// </summary>
    private static ParkingGateOptions WithDemoDevices(ParkingGateOptions o, IReadOnlyList<LaneOptions> lanes, Dictionary<string, string> passwords, double factor, HttpDeviceOptions? http) => new()
    {
        Estate = o.Estate, Database = o.Database, Plates = o.Plates, Registry = o.Registry, Tariffs = o.Tariffs, Lanes = lanes, Http = http ?? new HttpDeviceOptions(),
        Gate = new GateRuleOptions
        {
            StaleAfterSeconds = Math.Max(o.Gate.StaleAfterSeconds, (int)Math.Ceiling(factor)), DedupeSeconds = o.Gate.DedupeSeconds,
            MinConfidence = o.Gate.MinConfidence, PictureDays = o.Gate.PictureDays, HeldMinutes = o.Gate.HeldMinutes,
        },
        Mqtt = new MqttOptions
        {
            Embedded = true, Bind = "127.0.0.1", Port = 0,
            Devices = [.. lanes.Where(l => l.Camera.Kind == "vzenith").Select(l => new DeviceOptions { UserName = $"cam-{l.Id}", PasswordHash = DevicePassword.Hash(passwords[l.Id]), Kind = "vzenith", Id = l.Camera.Id })],
        },
    };

    /// <summary>Waits (a few real seconds at most) until the gate has opened every serial camera's port.</summary>
    private static async Task WaitForSerialAsync(GateRuntime gate, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        while (gate.SerialPortStates.Values.Any(e => e is not null) && TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, cancellationToken);
        }
    }

    private static void DeleteDatabase(string path)
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { path, path + "-wal", path + "-shm" }.Where(File.Exists))
        {
            File.Delete(file);
        }
    }
}
