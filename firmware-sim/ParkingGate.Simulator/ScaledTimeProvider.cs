namespace ParkingGate.Simulator;

/// <summary>
/// Time that runs <see cref="Factor"/> times faster than the wall clock from a chosen start: a morning of traffic in
/// minutes. Timers and delays made from it fire early by the same factor, so the gate and the devices agree on time.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private DateTimeOffset _start;
    private long _origin;

    /// <summary>Starts scaled time at <paramref name="start"/>, running <paramref name="factor"/> times as fast.</summary>
    public ScaledTimeProvider(DateTimeOffset start, double factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1.0);
        _start = start;
        Factor = factor;
        _origin = System.GetTimestamp();
    }

    /// <summary>How many times faster than the wall clock.</summary>
    public double Factor { get; }

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => System.LocalTimeZone;

    /// <summary>Sets the clock to <paramref name="now"/> (after seeding and start-up, right before a scenario plays).</summary>
    public void Restart(DateTimeOffset now)
    {
        _start = now;
        _origin = System.GetTimestamp();
    }

    /// <summary>
    /// Moves the clock <paramref name="span"/> ahead at once (a quiet stretch of a scenario, skipped rather than waited
    /// through). Timers already running keep their real-time schedule and fire no later than they would have.
    /// </summary>
    public void Skip(TimeSpan span)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(span, TimeSpan.Zero);
        _start += span;
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => _start + (System.GetElapsedTime(_origin) * Factor);

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        System.CreateTimer(callback, state, Scale(dueTime), Scale(period));

    private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : span / Factor;
}
