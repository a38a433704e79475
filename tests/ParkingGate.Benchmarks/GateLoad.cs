using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MQTTnet;
using MQTTnet.Protocol;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Gate;
using ParkingGate.Gate.Configuration;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Service;
using ParkingGate.Storage;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Benchmarks;

/// <summary>
/// Load on the whole gate: LANES Vzenith cameras each send READS_PER_SECOND resident reads through the embedded
/// broker; the latency is from a camera's publish to the camera receiving its gpio_out (durable writes on). In the
/// same run, a bare echo through the same broker (a client publishes, an echo client republishes, the first receives)
/// gives the floor: the difference is what ParkingGate adds.
/// </summary>
internal static class GateLoad
{
    internal const string Password = "load-test-password";

    public static async Task<int> RunAsync(string[] args)
    {
        var lanes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var rate = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 30;
        var folder = Directory.CreateTempSubdirectory("parkinggate-load-").FullName;
        try
        {
            var (options, tariffs) = Configure(folder, lanes);
            var database = await SqliteDatabase.OpenAsync(Path.Combine(folder, "load.db"), TimeProvider.System);
            var plates = await RegisterResidentsAsync(database, lanes * 200);
            await using var gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, database, TimeProvider.System, NullLogger.Instance);
            var memoryAtRest = ServiceMemory.CurrentRssMb();

            var echo = await MeasureEchoAsync(gate, lanes, rate, seconds);
            var (gen0, gen1, gen2, paused) = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());
            using var watch = new ServiceMemory.GcWatch();
            var (first, reads) = await MeasureGateAsync(gate, lanes, rate, seconds, plates);
            var longest = watch.Longest();
            var collections = string.Create(CultureInfo.InvariantCulture,
                $"collections during the gate run: gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}, paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F1} ms in all");
            var memoryUnderLoad = ServiceMemory.CurrentRssMb();
            var (serviceAtRest, serviceUnderLoad) = await ServiceMemory.MeasureAsync(folder, lanes, rate, Math.Min(seconds, 20), plates);

            Console.WriteLine($"gate load: {lanes} lanes x {rate} reads/s for {seconds} s, durable writes on (WAL, synchronous=FULL)");
            Console.WriteLine(Row("bare MQTT echo (same broker, same hops)", echo));
            Console.WriteLine(Row("first read on each lane after the start", first));
            Console.WriteLine(Row("camera read -> relay command (gpio_out)", reads));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"added by ParkingGate: p50 {reads.P50 - echo.P50:F2} ms, p99 {reads.P99 - echo.P99:F2} ms, p99.9 {reads.P999 - echo.P999:F2} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ratio to the bare echo: p50 {reads.P50 / echo.P50:F2}x, p99 {reads.P99 / echo.P99:F2}x"));
            Console.WriteLine(collections);
            Console.WriteLine("longest collections: " + longest);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"this process (service, broker and simulated cameras together): {memoryAtRest:F0} MB at rest, {memoryUnderLoad:F0} MB under load"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"`parkinggate run` alone (its own process, RSS): {serviceAtRest:F0} MB at rest, {serviceUnderLoad:F0} MB under the same load"));
            return reads.Count > 0 ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed record Stats(int Count, double P50, double P99, double P999, double Max);

    private static string Row(string name, Stats s) =>
        string.Create(CultureInfo.InvariantCulture, $"{name,-42} n={s.Count,6}  p50 {s.P50,7:F2} ms  p99 {s.P99,7:F2} ms  p99.9 {s.P999,7:F2} ms  max {s.Max,7:F2} ms");

    private static Stats Summarise(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length == 0
            ? new Stats(0, double.NaN, double.NaN, double.NaN, double.NaN)
            : new Stats(sorted.Length, sorted[sorted.Length / 2], At(sorted, 0.99), At(sorted, 0.999), sorted[^1]);
    }

    private static double At(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * quantile))];

    /// <summary>
    /// The shipped config with <paramref name="lanes"/> Vzenith lanes (camera user <c>cam-i</c>, serial <c>sn-i</c>, lane
    /// <c>in-i</c>, or <c>out-i</c> where <paramref name="isExit"/> says so) on an embedded broker, plus an <c>echo</c> account.
    /// </summary>
    internal static (ParkingGateOptions, Domain.Tariffs.TariffBook) Configure(string folder, int lanes, Func<int, bool>? isExit = null, int replyTimeoutMs = 2000, int staleAfterSeconds = 10)
    {
        var config = Path.Combine(folder, "config");
        foreach (var (sub, file) in new[] { ("tariffs", "fenglin-visitor.json"), ("conduct", "fenglin-conduct.json") })
        {
            Directory.CreateDirectory(Path.Combine(config, sub));
            File.Copy(Path.Combine(AppContext.BaseDirectory, "config", sub, file), Path.Combine(config, sub, file));
        }
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "config", "parkinggate.json")), documentOptions: new() { CommentHandling = JsonCommentHandling.Skip })!;
        var hash = DevicePassword.Hash(Password);
        var devices = new JsonArray();
        var laneArray = new JsonArray();
        for (var i = 0; i < lanes; i++)
        {
            devices.Add(JsonNode.Parse($$"""{ "userName": "cam-{{i}}", "passwordHash": "{{hash}}", "kind": "vzenith", "id": "sn-{{i}}" }"""));
            var exit = isExit?.Invoke(i) == true;
            laneArray.Add(JsonNode.Parse($$"""
                { "id": "{{(exit ? "out" : "in")}}-{{i}}", "direction": "{{(exit ? "exit" : "entry")}}", "camera": { "kind": "vzenith", "id": "sn-{{i}}" },
                  "relay": { "kind": "camera", "replyTimeoutMs": {{replyTimeoutMs}} }, "display": "none" }
                """));
        }

        devices.Add(JsonNode.Parse($$"""{ "userName": "echo", "passwordHash": "{{hash}}", "kind": "vzenith", "id": "echo" }"""));
        json["mqtt"] = new JsonObject { ["embedded"] = true, ["bind"] = "127.0.0.1", ["port"] = 0, ["devices"] = devices };
        json["lanes"] = laneArray;
        json["gate"]!["staleAfterSeconds"] = staleAfterSeconds;
        var path = Path.Combine(config, "parkinggate.json");
        File.WriteAllText(path, json.ToJsonString());
        var loaded = ConfigLoader.Load(path);
        return (loaded.Options, loaded.Tariffs);
    }

    internal static async Task<string[]> RegisterResidentsAsync(SqliteDatabase database, int count, TimeProvider? time = null)
    {
        var registry = new RegistryStores(database, time ?? TimeProvider.System, new Storage.Ledger.LedgerStore(database, time ?? TimeProvider.System, "gate-load"));
        var random = new Random(7);
        var plates = new HashSet<string>();
        var rows = new List<HouseholdImportRow>();
        var n = 0;
        while (plates.Count < count)
        {
            var plate = Plate.Parse(string.Create(CultureInfo.InvariantCulture, $"湘A{random.Next(10000, 99999)}"));
            if (plates.Add(plate.Text))
            {
                n++;
                rows.Add(new HouseholdImportRow(n, new HouseholdDraft(new RoomNumber(1 + (n % 5), 1, string.Create(CultureInfo.InvariantCulture, $"{100 + (n / 5)}")), "住户", "13807310001", 2),
                    [(plate, VehicleClass.Small)]));
            }
        }

        var outcome = await registry.Households.ImportHouseholdsAsync(rows, "load");
        return outcome.Succeeded ? [.. plates] : throw new InvalidOperationException(outcome.Errors[0]);
    }

    internal static async Task<IMqttClient> ConnectAsync(int port, string user, Func<MqttApplicationMessageReceivedEventArgs, Task> onMessage, string filter)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        client.ApplicationMessageReceivedAsync += onMessage;
        try
        {
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId($"{user}-{Guid.NewGuid():N}").WithCredentials(user, Password).Build());
            await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static MqttApplicationMessage Message(string topic, string payload) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    /// <summary>Camera <c>sn-LANE</c> (as <paramref name="camera"/>) publishes a read of <paramref name="plate"/> made now, as a Vzenith camera does.</summary>
    internal static Task PublishReadAsync(IMqttClient camera, int lane, string id, string plate)
    {
        var now = DateTimeOffset.UtcNow;
        var read = JsonSerializer.Serialize(new
        {
            id, sn = $"sn-{lane}", name = "ivs_result", timestamp = now.ToUnixTimeSeconds(),
            payload = new { AlarmInfoPlate = new { result = new { PlateResult = new { license = Convert.ToBase64String(Encoding.UTF8.GetBytes(plate)), colorType = 1, confidence = 95, timeStamp = new { Timeval = new { sec = now.ToUnixTimeSeconds(), usec = now.Millisecond * 1000 } } } } } },
        });
        return camera.PublishAsync(Message($"device/sn-{lane}/message/up/ivs_result", read));
    }

    /// <summary>One sender and one echo client per lane, over the same broker: publish → echo → receive.</summary>
    private static async Task<Stats> MeasureEchoAsync(GateRuntime gate, int lanes, double rate, double seconds)
    {
        var samples = new ConcurrentBag<double>();
        var sent = new ConcurrentDictionary<string, long>();
        IMqttClient? echo = null;
        echo = await ConnectAsync(gate.BrokerPort, "echo", async e =>
            await echo!.PublishAsync(Message("device/echo/message/up/pong", Encoding.UTF8.GetString(e.ApplicationMessage.Payload.ToArray()))), "device/echo/message/down/ping");
        var service = new MqttClientFactory().CreateMqttClient();
        service.ApplicationMessageReceivedAsync += e =>
        {
            if (sent.TryRemove(Encoding.UTF8.GetString(e.ApplicationMessage.Payload.ToArray()), out var at))
            {
                samples.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
            }

            return Task.CompletedTask;
        };
        await service.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", gate.BrokerPort).WithClientId("echo-service")
            .WithCredentials(EmbeddedBroker.ServiceUser, gate.ServicePassword).Build());
        await service.SubscribeAsync("device/echo/message/up/pong");
        await PaceAsync(lanes, rate, seconds, async (lane, i) =>
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{lane}-{i}");
            sent[id] = Stopwatch.GetTimestamp();
            await service.PublishAsync(Message("device/echo/message/down/ping", id));
        });
        await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System);
        await echo.DisconnectAsync();
        await service.DisconnectAsync();
        return Summarise(samples);
    }

    private static async Task<(Stats First, Stats Steady)> MeasureGateAsync(GateRuntime gate, int lanes, double rate, double seconds, string[] plates)
    {
        var samples = new ConcurrentBag<double>();
        var pending = new ConcurrentDictionary<int, ConcurrentQueue<long>>();
        var cameras = new IMqttClient[lanes];
        for (var lane = 0; lane < lanes; lane++)
        {
            var index = lane;
            pending[index] = new ConcurrentQueue<long>();
            cameras[lane] = await ConnectAsync(gate.BrokerPort, $"cam-{lane}", e =>
            {
                if (e.ApplicationMessage.Topic.EndsWith("/gpio_out", StringComparison.Ordinal) && pending[index].TryDequeue(out var at))
                {
                    samples.Add(Stopwatch.GetElapsedTime(at).TotalMilliseconds);
                    using var command = JsonDocument.Parse(e.ApplicationMessage.Payload.ToArray());
                    var id = command.RootElement.GetProperty("id").GetString();
                    return cameras[index].PublishAsync(Message($"device/sn-{index}/message/down/gpio_out/reply", $$"""{"code":200,"id":"{{id}}","name":"gpio_out"}"""));
                }

                return Task.CompletedTask;
            }, $"device/sn-{lane}/message/down/#");
        }

        // The first read on each lane after a start pays for compiling the decision path (the service warms what it
        // can without a car); it is reported apart so the steady state's tail is not the start's.
        await Task.WhenAll(Enumerable.Range(0, lanes).Select(async lane =>
        {
            pending[lane].Enqueue(Stopwatch.GetTimestamp());
            await PublishReadAsync(cameras[lane], lane, $"first-{lane}", plates[((lane * 200) + 199) % plates.Length]);
        }));
        for (var waited = Stopwatch.StartNew(); samples.Count < lanes && waited.Elapsed < TimeSpan.FromSeconds(10);)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        var first = Summarise(samples);
        samples.Clear();
        await PaceAsync(lanes, rate, seconds, async (lane, i) =>
        {
            pending[lane].Enqueue(Stopwatch.GetTimestamp());
            await PublishReadAsync(cameras[lane], lane, string.Create(CultureInfo.InvariantCulture, $"load-{lane}-{i}"), plates[((lane * 200) + i) % plates.Length]);
        });
        await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System);
        foreach (var camera in cameras)
        {
            await camera.DisconnectAsync();
        }

        return (first, Summarise(samples));
    }

    /// <summary>Calls <paramref name="send"/> for every lane at <paramref name="rate"/> per second, lanes staggered.</summary>
    internal static async Task PaceAsync(int lanes, double rate, double seconds, Func<int, int, Task> send)
    {
        var interval = TimeSpan.FromSeconds(1 / rate);
        var total = (int)(seconds * rate);
        var start = Stopwatch.GetTimestamp();
        var tasks = Enumerable.Range(0, lanes).Select(async lane =>
        {
            await Task.Delay(interval * lane / lanes, TimeProvider.System);
            for (var i = 0; i < total; i++)
            {
                var due = interval * i + (interval * lane / lanes);
                var wait = due - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, TimeProvider.System);
                }

                await send(lane, i);
            }
        });
        await Task.WhenAll(tasks);
    }
}
