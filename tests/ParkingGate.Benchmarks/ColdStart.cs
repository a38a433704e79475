using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MQTTnet;
using MQTTnet.Protocol;
using Microsoft.Data.Sqlite;
using ParkingGate.Gate.Configuration;
using ParkingGate.Host.Configuration;
using ParkingGate.Storage;

namespace ParkingGate.Benchmarks;

/// <summary>
/// <c>cold-start [RUNS] [STAYS] [ENTRIES] [EXECUTABLE]</c>: the gate back in service after a power cut. Each run starts
/// <c>parkinggate run</c> as its own process on a database with the estate's households and (by default) a
/// generated year of stays and ledger entries, while an entry camera keeps trying to connect and, once in, sends a
/// resident's read every 50 ms (a new plate each time, as cars queueing would). Timed from the process start: the
/// broker accepting the camera, and the camera receiving its first relay command. The process is then SIGKILLed
/// (the next power cut), so each later start also recovers the database's write-ahead log. With EXECUTABLE (e.g. a
/// build's <c>publish/linux-x64/parkinggate/parkinggate</c>) that program is started instead of this build's
/// <c>dotnet parkinggate.dll</c>.
/// </summary>
internal static class ColdStart
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
        var stays = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 150_000;
        var entries = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
        var executable = args.Length > 3 ? Path.GetFullPath(args[3]) : null;
        var folder = Directory.CreateTempSubdirectory("parkinggate-cold-").FullName;
        try
        {
            GateLoad.Configure(folder, 2, i => i == 1);
            var config = Path.Combine(folder, "config", "parkinggate.json");
            var port = ServiceMemory.FreePort();
            var json = JsonNode.Parse(File.ReadAllText(config))!;
            json["mqtt"]!["port"] = port;
            File.WriteAllText(config, json.ToJsonString());
            ConfigLoader.Load(config);

            var path = Path.Combine(folder, "gate.db");
            var database = await SqliteDatabase.OpenAsync(path, TimeProvider.System);
            if (stays > 0 || entries > 0)
            {
                await ReportBench.GenerateAsync(database, stays, entries, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
            }

            var plates = await GateLoad.RegisterResidentsAsync(database, 500);
            SqliteConnection.ClearAllPools();
            Console.WriteLine($"cold start: `{executable ?? "dotnet parkinggate.dll"} run` on a database of {new FileInfo(path).Length / 1048576.0:F0} MB ({stays:N0} stays, {entries:N0} ledger entries, {plates.Length} resident plates), {runs} runs, each ended by SIGKILL");
            var broker = new List<double>();
            var decided = new List<double>();
            for (var run = 0; run < runs; run++)
            {
                var (accepting, first) = await OnceAsync(executable, config, path, port, plates, run);
                broker.Add(accepting);
                decided.Add(first);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run + 1}: broker accepting the camera {accepting,6:F0} ms, first relay command {first,6:F0} ms"));
            }

            broker.Sort();
            decided.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"median: broker accepting {broker[broker.Count / 2]:F0} ms, first decision (relay command at the camera) {decided[decided.Count / 2]:F0} ms after the process started; slowest {decided[^1]:F0} ms"));
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<(double Broker, double Decided)> OnceAsync(string? executable, string config, string database, int port, string[] plates, int run)
    {
        var start = new ProcessStartInfo(executable ?? "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        if (executable is null)
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "parkinggate.dll"));
        }

        foreach (var arg in new[] { "run", "--config", config, "--db", database, "--urls", $"http://127.0.0.1:{ServiceMemory.FreePort()}" })
        {
            start.ArgumentList.Add(arg);
        }

        var started = Stopwatch.GetTimestamp();
        using var service = Process.Start(start)!;
        service.OutputDataReceived += (_, _) => { };
        service.ErrorDataReceived += (_, _) => { };
        service.BeginOutputReadLine();
        service.BeginErrorReadLine();
        var command = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        IMqttClient? camera = null;
        Task OnCommand(MqttApplicationMessageReceivedEventArgs e)
        {
            if (e.ApplicationMessage.Topic.EndsWith("/gpio_out", StringComparison.Ordinal))
            {
                command.TrySetResult();
            }

            return Task.CompletedTask;
        }

        try
        {
            while (camera is null)
            {
                if (service.HasExited)
                {
                    throw new InvalidOperationException($"parkinggate run exited with {service.ExitCode}");
                }

                try
                {
                    camera = await GateLoad.ConnectAsync(port, "cam-0", OnCommand, "device/sn-0/message/down/#");
                }
                catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Adapter.MqttConnectingFailedException or OperationCanceledException)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System);
                }
            }

            var accepting = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            for (var i = 0; !command.Task.IsCompleted; i++)
            {
                if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException("no relay command within 60 s of the start");
                }

                await GateLoad.PublishReadAsync(camera, 0, string.Create(CultureInfo.InvariantCulture, $"cold-{run}-{i}"), plates[((run * 100) + i) % plates.Length]);
                await Task.WhenAny(command.Task, Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System));
            }

            return (accepting, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        finally
        {
            camera?.Dispose();
            service.Kill(entireProcessTree: true); // the next power cut
            await service.WaitForExitAsync();
        }
    }
}
