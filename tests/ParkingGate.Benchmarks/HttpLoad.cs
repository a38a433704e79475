using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Gate;
using ParkingGate.Host.Configuration;
using ParkingGate.Protocols.Display;
using ParkingGate.Protocols.Vzenith;
using ParkingGate.Storage;

namespace ParkingGate.Benchmarks;

/// <summary>
/// <c>http-load [LANES] [READS_PER_SECOND] [SECONDS]</c>: LANES Vzenith cameras set to HTTP push each POST
/// READS_PER_SECOND resident reads to the device listener and wait for the reply that opens them (decision, durable
/// writes, the board's frames); in the same run a bare ASP.NET Core endpoint that reads the same body and answers a
/// reply of the same size gives the floor: the difference is what ParkingGate adds. Then `parkinggate run` as its own
/// process under the same load, for its resident memory.
/// </summary>
internal static class HttpLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        var lanes = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 20;
        var rate = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        var seconds = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 30;
        var folder = Directory.CreateTempSubdirectory("parkinggate-http-load-").FullName;
        try
        {
            var port = ServiceMemory.FreePort();
            var (options, tariffs) = Configure(folder, lanes, port);
            var database = await SqliteDatabase.OpenAsync(Path.Combine(folder, "load.db"), TimeProvider.System);
            var plates = await GateLoad.RegisterResidentsAsync(database, lanes * 200);
            await using var echo = await EchoAsync();
            var echoUrl = new Uri(echo.Urls.First() + "/echo");
            var echoStats = await MeasureAsync(lanes, rate, seconds, plates, _ => echoUrl, reply => true);

            var gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, database, TimeProvider.System, NullLogger.Instance);
            var inProcessAtRest = ServiceMemory.CurrentRssMb();
            Stats gateStats;
            double inProcessUnderLoad;
            try
            {
                gateStats = await MeasureAsync(lanes, rate, seconds, plates, lane => new Uri($"http://127.0.0.1:{port}/push/{Secret(lane)}"),
                    reply => reply.Contains("\"info\":\"ok\"", StringComparison.Ordinal));
                inProcessUnderLoad = ServiceMemory.CurrentRssMb();
            }
            finally
            {
                await gate.DisposeAsync();
            }

            SqliteConnection.ClearAllPools();
            var (serviceAtRest, serviceUnderLoad) = await MeasureServiceAsync(folder, lanes, rate, Math.Min(seconds, 20), plates);

            Console.WriteLine($"http load: {lanes} lanes x {rate} reads/s for {seconds} s over HTTP push, durable writes on (WAL, synchronous=FULL)");
            Console.WriteLine(Row("bare ASP.NET Core echo (same body, same reply size)", echoStats));
            Console.WriteLine(Row("camera push -> reply that opens (info ok)", gateStats));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"added by ParkingGate: p50 {gateStats.P50 - echoStats.P50:F2} ms, p99 {gateStats.P99 - echoStats.P99:F2} ms, p99.9 {gateStats.P999 - echoStats.P999:F2} ms"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"replies that opened: {gateStats.Count}; requests that failed or did not open: {gateStats.Failed}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"this process (service and simulated cameras together): {inProcessAtRest:F0} MB at rest, {inProcessUnderLoad:F0} MB under load"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"`parkinggate run` alone (its own process, RSS): {serviceAtRest:F0} MB at rest, {serviceUnderLoad:F0} MB under the same load"));
            return gateStats.Count > 0 && gateStats.Failed == 0 ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed record Stats(int Count, int Failed, double P50, double P99, double P999, double Max);

    private static string Secret(int lane) => string.Create(CultureInfo.InvariantCulture, $"load-secret-lane-{lane:D4}");

    private static string Row(string name, Stats s) =>
        string.Create(CultureInfo.InvariantCulture, $"{name,-52} n={s.Count,6}  p50 {s.P50,7:F2} ms  p99 {s.P99,7:F2} ms  p99.9 {s.P999,7:F2} ms  max {s.Max,7:F2} ms");

    /// <summary>The load config: LANES vzenith-http entry lanes on the device listener at <paramref name="port"/>.</summary>
    private static (ParkingGateOptions, Domain.Tariffs.TariffBook) Configure(string folder, int lanes, int port)
    {
        var (_, _) = GateLoad.Configure(folder, 1);
        var path = Path.Combine(folder, "config", "parkinggate.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        var devices = new JsonArray();
        var laneArray = new JsonArray();
        for (var i = 0; i < lanes; i++)
        {
            devices.Add(new JsonObject { ["kind"] = "vzenith-http", ["id"] = $"sn-{i}", ["secret"] = Secret(i) });
            laneArray.Add(JsonNode.Parse($$"""{ "id": "in-{{i}}", "direction": "entry", "camera": { "kind": "vzenith-http", "id": "sn-{{i}}" }, "relay": { "kind": "camera" }, "display": "camera" }"""));
        }

        json["mqtt"] = new JsonObject { ["embedded"] = true, ["bind"] = "127.0.0.1", ["port"] = 0, ["devices"] = new JsonArray() };
        json["http"] = new JsonObject { ["bind"] = "127.0.0.1", ["port"] = port, ["maxConnections"] = 200, ["devices"] = devices };
        json["lanes"] = laneArray;
        File.WriteAllText(path, json.ToJsonString());
        var loaded = ConfigLoader.Load(path);
        return (loaded.Options, loaded.Tariffs);
    }

    private static byte[] Read(int lane, long id, string plate)
    {
        var now = DateTimeOffset.UtcNow;
        return Encoding.UTF8.GetBytes(new JsonObject
        {
            ["AlarmInfoPlate"] = new JsonObject
            {
                ["channel"] = 0, ["deviceName"] = "IVS", ["ipaddr"] = "192.168.1.100", ["serialno"] = $"sn-{lane}",
                ["result"] = new JsonObject
                {
                    ["PlateResult"] = new JsonObject
                    {
                        ["license"] = plate, ["colorType"] = 1, ["confidence"] = 95, ["triggerType"] = 1, ["plateid"] = id, ["isoffline"] = 0,
                        ["timeStamp"] = new JsonObject { ["Timeval"] = new JsonObject { ["sec"] = now.ToUnixTimeSeconds(), ["usec"] = now.Millisecond * 1000 } },
                    },
                },
            },
        }.ToJsonString());
    }

    /// <summary>A bare endpoint that reads the body and answers what the gate answers a resident (one board frame), built once.</summary>
    private static async Task<WebApplication> EchoAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var reply = VzenithHttp.Reply(true, [LedVoiceFrame.Speak("湘A12345 欢迎回家")], "1");
        app.MapPost("/echo", async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            context.Response.ContentType = "application/json; charset=utf-8";
            await context.Response.WriteAsync(reply);
        });
        await app.StartAsync();
        return app;
    }

    private static async Task<Stats> MeasureAsync(int lanes, double rate, double seconds, string[] plates, Func<int, Uri> url, Func<string, bool> good)
    {
        var samples = new ConcurrentBag<double>();
        var failed = 0;
        var clients = Enumerable.Range(0, lanes).Select(_ => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = TimeSpan.FromSeconds(5) }).ToArray();
        long record = 0;
        try
        {
            // One warm-up read per lane: the first on each lane pays for compiling the path, as after any start.
            await Task.WhenAll(Enumerable.Range(0, lanes).Select(lane => PostAsync(clients[lane], url(lane), Read(lane, Interlocked.Increment(ref record), plates[(lane * 200) + 199]), _ => { }, good)));
            await GateLoad.PaceAsync(lanes, rate, seconds, (lane, i) =>
                PostAsync(clients[lane], url(lane), Read(lane, Interlocked.Increment(ref record), plates[((lane * 200) + i) % plates.Length]), samples.Add, reply =>
                {
                    var ok = good(reply);
                    if (!ok)
                    {
                        Interlocked.Increment(ref failed);
                    }

                    return ok;
                }));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }

        var sorted = samples.Order().ToArray();
        double At(double q) => sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * q))];
        return sorted.Length == 0 ? new Stats(0, failed, double.NaN, double.NaN, double.NaN, double.NaN) : new Stats(sorted.Length, failed, At(0.5), At(0.99), At(0.999), sorted[^1]);
    }

    private static async Task PostAsync(HttpClient client, Uri url, byte[] body, Action<double> sample, Func<string, bool> good)
    {
        var started = Stopwatch.GetTimestamp();
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await client.PostAsync(url, content);
            var text = await response.Content.ReadAsStringAsync();
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.IsSuccessStatusCode && good(text))
            {
                sample(elapsed);
            }
            else if (response.IsSuccessStatusCode is false)
            {
                good(""); // counted as failed
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            good("");
        }
    }

    /// <summary>`parkinggate run` as its own process on the same config, under the same load: its RSS.</summary>
    private static async Task<(double AtRest, double UnderLoad)> MeasureServiceAsync(string folder, int lanes, double rate, double seconds, string[] plates)
    {
        var config = Path.Combine(folder, "config", "parkinggate.json");
        var json = JsonNode.Parse(File.ReadAllText(config))!;
        var port = ServiceMemory.FreePort();
        json["http"]!["port"] = port;
        json["mqtt"]!["port"] = ServiceMemory.FreePort();
        File.WriteAllText(config, json.ToJsonString());
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "parkinggate.dll"), "run", "--config", config, "--db", Path.Combine(folder, "load.db"), "--urls", $"http://127.0.0.1:{ServiceMemory.FreePort()}" })
        {
            start.ArgumentList.Add(arg);
        }

        using var service = Process.Start(start)!;
        service.OutputDataReceived += (_, _) => { };
        service.ErrorDataReceived += (_, _) => { };
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        try
        {
            using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            for (var waited = Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(30);)
            {
                try
                {
                    using var answer = await probe.PostAsync(new Uri($"http://127.0.0.1:{port}/push/{Secret(0)}"), new StringContent("{}"));
                    break; // listening (the empty body is refused, as it should be)
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System);
            var atRest = ServiceMemory.RssMb(service.Id);
            var peak = atRest;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, ServiceMemory.RssMb(service.Id));
                    await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System);
                }
            });
            await MeasureAsync(lanes, rate, seconds, plates, lane => new Uri($"http://127.0.0.1:{port}/push/{Secret(lane)}"), _ => true);
            await sampling.CancelAsync();
            await sampler;
            return (atRest, peak);
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }
    }
}
