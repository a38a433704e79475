namespace ParkingGate.Simulator;

/// <summary>Plays scenario steps through the lanes' cameras at the (scaled) times they name, with keep-alives.</summary>
public sealed class ScenarioPlayer(IReadOnlyDictionary<string, ILaneCamera> cameras, TimeProvider time, TimeZoneInfo zone)
{
    /// <summary>Raised before each step is played.</summary>
    public event Action<ScenarioStep>? Playing;

    /// <summary>Raised when a quiet stretch is skipped (the scenario time it skipped).</summary>
    public event Action<TimeSpan>? Skipped;

    /// <summary>
    /// With a clock that can skip, the longest quiet stretch between two steps that is waited through: the rest is
    /// skipped at once. Null to wait through every stretch.
    /// </summary>
    public TimeSpan? LongestWait { get; init; }

    /// <summary>Plays every step on <paramref name="day"/>; returns when the last has been sent.</summary>
    public async Task PlayAsync(DateOnly day, IReadOnlyList<ScenarioStep> steps, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(steps);
        using var keepAlive = new CancellationTokenSource();
        var alive = KeepAliveAsync(keepAlive.Token);
        try
        {
            foreach (var step in steps)
            {
                var local = day.ToDateTime(step.At);
                var due = new DateTimeOffset(local, zone.GetUtcOffset(local));
                var wait = due - time.GetUtcNow();
                if (LongestWait is { } longest && wait > longest && time is ScaledTimeProvider skipping)
                {
                    // What the last step set going (a decision, the booth's cash) has the first part of the stretch to
                    // happen in; only then is the rest skipped.
                    await Task.Delay(longest, time, cancellationToken);
                    var rest = due - time.GetUtcNow();
                    if (rest > TimeSpan.Zero)
                    {
                        skipping.Skip(rest);
                        Skipped?.Invoke(rest);
                    }

                    wait = due - time.GetUtcNow();
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, time, cancellationToken);
                }

                if (!cameras.TryGetValue(step.Lane, out var camera))
                {
                    throw new InvalidOperationException($"the scenario names lane '{step.Lane}', which has no camera");
                }

                Playing?.Invoke(step);
                await camera.ReadAsync(step.Plate, step.Confidence, cancellationToken);
            }
        }
        finally
        {
            await keepAlive.CancelAsync();
            await alive.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private async Task KeepAliveAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            foreach (var camera in cameras.Values)
            {
                await camera.KeepAliveAsync(stop);
            }

            await Task.Delay(TimeSpan.FromSeconds(10), time, stop);
        }
    }
}
