using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace ParkingGate.Simulator;

/// <summary>
/// The simulator's load mode: every camera sends reads at a steady rate (plates taken in turn from a list of plates
/// the gate will open for) and the latency from each read's publish to the camera receiving its gpio_out is measured.
/// </summary>
public static class LoadMode
{
    /// <summary>The latencies measured, in milliseconds.</summary>
    public sealed record Result(int Sent, int Answered, double P50, double P99, double Max);

    /// <summary>Runs the load on <paramref name="cameras"/> for <paramref name="seconds"/> at <paramref name="perSecond"/> reads per camera.</summary>
    public static async Task<Result> RunAsync(IReadOnlyList<SimulatedVzenithCamera> cameras, IReadOnlyList<string> plates, double perSecond, double seconds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cameras);
        ArgumentNullException.ThrowIfNull(plates);
        var samples = new ConcurrentBag<double>();
        var pending = cameras.ToDictionary(c => c, _ => new ConcurrentQueue<long>());
        foreach (var camera in cameras)
        {
            camera.Pulsed += () =>
            {
                if (pending[camera].TryDequeue(out var sent))
                {
                    samples.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                }
            };
        }

        var interval = TimeSpan.FromSeconds(1 / perSecond);
        var total = (int)(seconds * perSecond);
        var start = Stopwatch.GetTimestamp();
        await Task.WhenAll(cameras.Select(async (camera, index) =>
        {
            for (var i = 0; i < total; i++)
            {
                var wait = (interval * i) + (interval * index / cameras.Count) - Stopwatch.GetElapsedTime(start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, TimeProvider.System, cancellationToken);
                }

                pending[camera].Enqueue(Stopwatch.GetTimestamp());
                await camera.ReadAsync(plates[((index * 997) + i) % plates.Count], 95, cancellationToken: cancellationToken);
            }
        }));
        await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System, cancellationToken);
        var sorted = samples.Order().ToArray();
        return sorted.Length == 0
            ? new Result(total * cameras.Count, 0, double.NaN, double.NaN, double.NaN)
            : new Result(total * cameras.Count, sorted.Length, sorted[sorted.Length / 2], sorted[Math.Min(sorted.Length - 1, (int)(sorted.Length * 0.99))], sorted[^1]);
    }

    /// <summary>One line for the console.</summary>
    public static string Describe(Result r) =>
        string.Create(CultureInfo.InvariantCulture, $"read -> relay command: sent {r.Sent}, answered {r.Answered}, p50 {r.P50:F2} ms, p99 {r.P99:F2} ms, max {r.Max:F2} ms");
}
