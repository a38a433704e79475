namespace ParkingGate.Domain.Tariffs;

/// <summary>
/// Prices a stretch of time on a rule set's bands and ladders: cap periods, band boundaries, unit starts, and the
/// explanation line of each segment. The fee calculator decides what is uncovered; this prices it.
/// </summary>
internal static class BandPricing
{
    /// <summary>
    /// Prices [<paramref name="from"/>, <paramref name="to"/>): without a cap as one stretch; with a cap cut into
    /// cap periods (rolling 24 h from <paramref name="anchor"/>, or calendar days), each priced on fresh ladders and
    /// capped. Full periods that start at the same local time are priced once and repeated.
    /// </summary>
    public static long PriceInterval(RuleSet rules, TimeZoneInfo zone, DateTimeOffset anchor, DateTimeOffset from, DateTimeOffset to, Explain explain)
    {
        if (rules.Cap is not { } cap)
        {
            return PriceStretch(rules, zone, from, to, explain);
        }

        var rolling = cap.Period == CapPeriod.Rolling24Hours;
        var (periodZh, periodEn) = rolling ? ("24小时", "24-hour period") : ("自然日", "calendar day");
        var start = rolling
            ? anchor.AddTicks((from - anchor).Ticks / TimeSpan.TicksPerDay * TimeSpan.TicksPerDay)
            : LocalMidnight(zone, from, addDays: 0);
        var multi = NextPeriod(start) < to;
        var memo = new Dictionary<(TimeSpan, TimeSpan, TimeSpan), long>();
        var total = 0L;
        var index = 0;
        (int First, int Count, long Each) repeated = default;
        for (var end = NextPeriod(start); start < to; start = end, end = NextPeriod(start))
        {
            index++;
            var a = from > start ? from : start;
            var b = to < end ? to : end;
            var full = a == start && b == end;
            var key = (TimeZoneInfo.ConvertTime(start, zone).TimeOfDay, end - start, zone.GetUtcOffset(start));
            long capped;
            if (full && memo.TryGetValue(key, out var known))
            {
                capped = known;
                repeated = repeated.Count == 0 ? (index, 1, known) : repeated with { Count = repeated.Count + 1 };
            }
            else
            {
                FlushRepeated(ref repeated);
                if (multi)
                {
                    explain.Add($"第{index}个{periodZh}（{explain.Time(a)}–{explain.Time(b)}）", $"{periodEn} {index} ({explain.Time(a)}–{explain.Time(b)})");
                }

                var raw = PriceStretch(rules, zone, a, b, explain);
                capped = Math.Min(raw, cap.AmountFen);
                if (raw > cap.AmountFen)
                {
                    explain.Add($"小计 {Explain.Yuan(raw)}元，超过封顶 {Explain.Yuan(cap.AmountFen)}元，按封顶收取",
                        $"subtotal {Explain.Yuan(raw)}, over the cap of {Explain.Yuan(cap.AmountFen)}: capped");
                }
                else if (multi)
                {
                    explain.Add($"小计 {Explain.Yuan(raw)}元", $"subtotal {Explain.Yuan(raw)}");
                }

                if (full)
                {
                    memo[key] = capped;
                }
            }

            total = checked(total + capped);
        }

        FlushRepeated(ref repeated);
        return total;

        DateTimeOffset NextPeriod(DateTimeOffset periodStart) => rolling ? periodStart.AddDays(1) : LocalMidnight(zone, periodStart, addDays: 1);

        void FlushRepeated(ref (int First, int Count, long Each) run)
        {
            if (run.Count > 0)
            {
                var last = run.First + run.Count - 1;
                var which = run.Count == 1 ? $"{run.First}" : $"{run.First}–{last}";
                explain.Add($"第{which}个{periodZh}：同上，每个 {Explain.Yuan(run.Each)}元 × {run.Count} = {Explain.Yuan(run.Each * run.Count)}元",
                    $"{periodEn} {which}: as above, {Explain.Yuan(run.Each)} × {run.Count} = {Explain.Yuan(run.Each * run.Count)}");
            }

            run = default;
        }
    }

    /// <summary>Prices one stretch with fresh ladders: cut at band boundaries, or unit by unit from its start.</summary>
    public static long PriceStretch(RuleSet rules, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to, Explain explain)
    {
        var first = 0L;
        if (rules.FirstSegment is { } segment && from < to)
        {
            var end = from.AddMinutes(segment.Minutes) < to ? from.AddMinutes(segment.Minutes) : to;
            explain.Add(
                $"首段 {explain.Time(from)}–{explain.Time(end)}：前 {segment.Minutes} 分钟不分时段 {Explain.Yuan(segment.PriceFen)}元",
                $"first segment {explain.Time(from)}–{explain.Time(end)}: the first {segment.Minutes} min {Explain.Yuan(segment.PriceFen)} whatever the band");
            first = segment.PriceFen;
            from = end;
            if (from >= to)
            {
                return first;
            }
        }

        var positions = new LadderPosition[rules.Bands.Count];
        return checked(first + (rules.Split == BandSplit.UnitStart && !rules.IsAllDay
            ? PriceByUnitStart(rules, zone, from, to, positions, explain)
            : PriceByBoundary(rules, zone, from, to, positions, explain)));
    }

    private static long PriceByBoundary(RuleSet rules, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to, LadderPosition[] positions, Explain explain)
    {
        var runs = explain.Enabled ? new List<UnitRun>() : null;
        var total = 0L;
        for (var t = from; t < to;)
        {
            var (index, end) = BandAt(rules, zone, t, to);
            var band = rules.Bands[index];
            runs?.Clear();
            var amount = PriceLadder.Price(band.Steps, ref positions[index], end - t, rules.DropTailMinutes, runs, out var dropped);
            var charged = band.CapFen is { } bandCap && amount > bandCap ? bandCap : amount;
            if (runs is not null)
            {
                SegmentLine(explain, band, t, end, runs, amount, charged, dropped);
            }

            total = checked(total + charged);
            t = end;
        }

        return total;
    }

    private static long PriceByUnitStart(RuleSet rules, TimeZoneInfo zone, DateTimeOffset from, DateTimeOffset to, LadderPosition[] positions, Explain explain)
    {
        var runs = explain.Enabled ? new List<UnitRun>() : null;
        var total = 0L;
        var current = -1;
        var occurrenceStart = from;
        var occurrence = 0L;
        var dropped = TimeSpan.Zero;
        var t = from;
        while (t < to)
        {
            var (index, _) = BandAt(rules, zone, t, to);
            if (index != current)
            {
                total = checked(total + Flush(t));
                current = index;
                occurrenceStart = t;
            }

            var steps = rules.Bands[index].Steps;
            var step = PriceLadder.Peek(steps, positions[index]);
            var unitEnd = t.AddTicks(TimeSpan.TicksPerMinute * step.Minutes);
            if (unitEnd > to && rules.DropTailMinutes > 0 && to - t <= TimeSpan.FromMinutes(rules.DropTailMinutes))
            {
                dropped = to - t;
                break;
            }

            PriceLadder.Take(steps, ref positions[index]);
            occurrence = checked(occurrence + step.PriceFen);
            if (runs is not null)
            {
                AddUnit(runs, step);
            }

            t = unitEnd;
        }

        return checked(total + Flush(t < to ? t : to));

        long Flush(DateTimeOffset until)
        {
            if (current < 0)
            {
                return 0;
            }

            var band = rules.Bands[current];
            var charged = band.CapFen is { } bandCap && occurrence > bandCap ? bandCap : occurrence;
            if (runs is not null)
            {
                SegmentLine(explain, band, occurrenceStart, until, runs, occurrence, charged, dropped);
                runs.Clear();
            }

            occurrence = 0;
            return charged;
        }
    }

    private static void AddUnit(List<UnitRun> runs, PriceStep step)
    {
        if (runs.Count > 0 && runs[^1].Minutes == step.Minutes && runs[^1].PriceFen == step.PriceFen)
        {
            runs[^1] = runs[^1] with { Count = runs[^1].Count + 1 };
        }
        else
        {
            runs.Add(new UnitRun(1, step.Minutes, step.PriceFen));
        }
    }

    private static void SegmentLine(Explain explain, Band band, DateTimeOffset from, DateTimeOffset to, List<UnitRun> runs, long amount, long charged, TimeSpan droppedTail)
    {
        var (zh, en) = Explain.Runs(runs);
        var tailZh = droppedTail > TimeSpan.Zero ? $"（末尾{Explain.DurationZh(droppedTail)}不足计费，不收）" : "";
        var tailEn = droppedTail > TimeSpan.Zero ? $" (last {Explain.Duration(droppedTail)} not charged)" : "";
        var capZh = charged < amount ? $"，超过本时段封顶按 {Explain.Yuan(charged)}元" : "";
        var capEn = charged < amount ? $", band cap {Explain.Yuan(charged)}" : "";
        explain.Add(
            $"{band.Label.Zh} {explain.Time(from)}–{explain.Time(to)}（{Explain.DurationZh(to - from)}）：{zh}{tailZh} = {Explain.Yuan(amount)}元{capZh}",
            $"{band.Label.En} {explain.Time(from)}–{explain.Time(to)} ({Explain.Duration(to - from)}): {en}{tailEn} = {Explain.Yuan(amount)}{capEn}");
    }

    /// <summary>The band in force at <paramref name="t"/> and when it ends (no later than <paramref name="limit"/>).</summary>
    private static (int Index, DateTimeOffset End) BandAt(RuleSet rules, TimeZoneInfo zone, DateTimeOffset t, DateTimeOffset limit)
    {
        if (rules.IsAllDay)
        {
            return (0, limit);
        }

        var local = TimeZoneInfo.ConvertTime(t, zone).DateTime;
        var time = TimeOnly.FromDateTime(local);
        for (var i = 0; i < rules.Bands.Count; i++)
        {
            var band = rules.Bands[i];
            if (band.Contains(time))
            {
                var end = local.Date + band.To.ToTimeSpan();
                if (end <= local)
                {
                    end = end.AddDays(1);
                }

                var instant = LocalDays.ToInstant(end, zone);
                return (i, instant < limit ? instant : limit);
            }
        }

        throw new InvalidOperationException("validated bands cover the whole day");
    }

    private static DateTimeOffset LocalMidnight(TimeZoneInfo zone, DateTimeOffset t, int addDays) =>
        LocalDays.StartOf(LocalDays.DayOf(t, zone).AddDays(addDays), zone);
}
