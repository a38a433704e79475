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

/// <summary>The service's memory as its own process, and the collections of the in-process run.</summary>
internal static class ServiceMemory
{
    /// <summary>Runs the service as its own process (<c>parkinggate run</c>) and reads its resident memory before and during load.</summary>
    public static async Task<(double AtRest, double UnderLoad)> MeasureAsync(string folder, int lanes, double rate, double seconds, string[] plates)
    {
        var config = Path.Combine(folder, "config", "parkinggate.json");
        var json = JsonNode.Parse(File.ReadAllText(config))!;
        var port = FreePort();
        json["mqtt"]!["port"] = port;
        File.WriteAllText(config, json.ToJsonString());
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "parkinggate.dll"), "run", "--config", config, "--db", Path.Combine(folder, "load.db") })
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
            var cameras = new IMqttClient[lanes];
            for (var lane = 0; lane < lanes; lane++)
            {
                cameras[lane] = await ConnectWithRetryAsync(port, $"cam-{lane}", $"device/sn-{lane}/message/down/#");
            }

            await Task.Delay(TimeSpan.FromSeconds(3), TimeProvider.System);
            var atRest = RssMb(service.Id);
            var peak = atRest;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, RssMb(service.Id));
                    await Task.Delay(TimeSpan.FromMilliseconds(250), TimeProvider.System);
                }
            });
            await GateLoad.PaceAsync(lanes, rate, seconds, async (lane, i) =>
            {
                await GateLoad.PublishReadAsync(cameras[lane], lane, string.Create(CultureInfo.InvariantCulture, $"mem-{lane}-{i}"), plates[((lane * 200) + i) % plates.Length]);
            });
            await sampling.CancelAsync();
            await sampler;
            foreach (var camera in cameras)
            {
                await camera.DisconnectAsync();
            }

            return (atRest, peak);
        }
        finally
        {
            service.Kill(entireProcessTree: true);
            await service.WaitForExitAsync();
        }
    }

    private static async Task<IMqttClient> ConnectWithRetryAsync(int port, string user, string filter)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await GateLoad.ConnectAsync(port, user, _ => Task.CompletedTask, filter);
            }
            catch (Exception) when (attempt < 100)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);
            }
        }
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static double RssMb(int pid)
    {
        var status = File.ReadAllLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return status is null ? double.NaN : double.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    internal static double CurrentRssMb()
    {
        var status = File.ReadAllLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return status is null ? Environment.WorkingSet / 1048576.0 : double.Parse(status.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    /// <summary>Watches the collections of a run and keeps their pauses, to tell a collection from a stall elsewhere.</summary>
    internal sealed class GcWatch : IDisposable
    {
        private readonly ConcurrentDictionary<long, (double Ms, string Text)> _seen = new();
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _poll;

        public GcWatch() => _poll = Task.Run(PollAsync);

        public string Longest()
        {
            _stop.Cancel();
            _poll.Wait();
            return string.Join("; ", _seen.Values.OrderByDescending(v => v.Ms).Take(4).Select(v => v.Text));
        }

        public void Dispose() => _stop.Dispose();

        private async Task PollAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                foreach (var kind in new[] { GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background })
                {
                    var info = GC.GetGCMemoryInfo(kind);
                    if (info.Index > 0)
                    {
                        var ms = info.PauseDurations[0].TotalMilliseconds + info.PauseDurations[1].TotalMilliseconds;
                        _seen.TryAdd(info.Index, (ms, string.Create(CultureInfo.InvariantCulture, $"{ms:F1} ms gen{info.Generation} {kind}{(info.Compacted ? " compacting" : "")}")));
                    }
                }

                try
                {
                    await Task.Delay(5, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }
}
