namespace ParkingGate.Domain.Tariffs;

/// <summary>Where a band's price ladder stands: which step, and how many of its units were charged.</summary>
internal struct LadderPosition
{
    public int Step;
    public long UsedInStep;
}

/// <summary>A run of equal units in an explanation: <c>Count × Minutes min × Price</c>.</summary>
internal readonly record struct UnitRun(long Count, int Minutes, long PriceFen);

/// <summary>Prices time on a ladder of steps, by arithmetic over whole steps (no minute-by-minute loop).</summary>
internal static class PriceLadder
{
    /// <summary>
    /// Charges <paramref name="duration"/> from <paramref name="position"/> on, a started unit in full, except a
    /// last partial unit no longer than <paramref name="dropTailMinutes"/> when that is above zero.
    /// </summary>
    public static long Price(IReadOnlyList<PriceStep> steps, ref LadderPosition position, TimeSpan duration, int dropTailMinutes, List<UnitRun>? runs, out TimeSpan droppedTail)
    {
        droppedTail = TimeSpan.Zero;
        var remaining = duration.Ticks;
        var amount = 0L;
        while (remaining > 0)
        {
            var step = steps[position.Step];
            var unit = TimeSpan.TicksPerMinute * step.Minutes;
            var available = step.Count is { } count ? count - position.UsedInStep : long.MaxValue;
            var needed = (remaining + unit - 1) / unit;
            var take = Math.Min(needed, available);
            var charged = take;
            if (take == needed)
            {
                var tail = remaining - ((take - 1) * unit);
                if (dropTailMinutes > 0 && tail < unit && tail <= TimeSpan.TicksPerMinute * dropTailMinutes)
                {
                    charged--;
                    droppedTail = TimeSpan.FromTicks(tail);
                }
            }

            amount = checked(amount + (charged * step.PriceFen));
            if (charged > 0)
            {
                runs?.Add(new UnitRun(charged, step.Minutes, step.PriceFen));
            }

            Advance(step, ref position, charged);
            remaining -= take * unit;
        }

        return amount;
    }

    /// <summary>The next unit's length and price, without charging it.</summary>
    public static PriceStep Peek(IReadOnlyList<PriceStep> steps, LadderPosition position) => steps[position.Step];

    /// <summary>Charges one unit.</summary>
    public static void Take(IReadOnlyList<PriceStep> steps, ref LadderPosition position) =>
        Advance(steps[position.Step], ref position, 1);

    private static void Advance(PriceStep step, ref LadderPosition position, long units)
    {
        position.UsedInStep += units;
        if (step.Count is { } count && position.UsedInStep >= count)
        {
            position.Step++;
            position.UsedInStep = 0;
        }
    }
}
