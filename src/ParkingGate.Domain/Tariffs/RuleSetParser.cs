using System.Globalization;

namespace ParkingGate.Domain.Tariffs;

/// <summary>Builds a rule set (bands, ladders, free period, rounding, cap) from its document, naming each bad field.</summary>
internal static class RuleSetParser
{
    private static readonly LocalizedText AllDay = new("全天", "all day");
    private static readonly LocalizedText PerEntry = new("按次", "per entry");

    public static RuleSet? BuildRules(RuleSetDocument d, string field, FieldErrors errors)
    {
        var before = errors.Count;
        var free = BuildFreePeriod(d.FreePeriod, $"{field}.freePeriod", errors);
        var bands = BuildBands(d, field, errors);
        var tail = BuildRounding(d.Rounding, $"{field}.rounding", bands, errors);
        var split = d.BandSplit switch
        {
            null or "boundary" => BandSplit.Boundary,
            "unit-start" => BandSplit.UnitStart,
            _ => Invalid(errors, $"{field}.bandSplit", $"'{d.BandSplit}' must be boundary or unit-start", BandSplit.Boundary),
        };
        var cap = BuildCap(d.Cap, $"{field}.cap", bands, errors);
        var first = BuildFirstSegment(d, $"{field}.firstSegment", cap, errors);
        return errors.Count == before ? new RuleSet(free, tail, bands, split, cap) { FirstSegment = first } : null;
    }

    /// <summary>
    /// A flat first segment across bands: only with bands (a plain ladder writes it as its first step), never with a
    /// per-entry fee, and not above the cap it would then always reach.
    /// </summary>
    private static FirstSegment? BuildFirstSegment(RuleSetDocument d, string field, Cap? cap, FieldErrors errors)
    {
        if (d.FirstSegment is not { } f)
        {
            return null;
        }

        if (d.Bands is null)
        {
            errors.Add(field, d.PerEntry is not null
                ? "cannot be combined with perEntry: a per-entry fee has no segments"
                : "is for tariffs with bands: without bands, write it as the ladder's first step (steps[0] with count 1)");
            return null;
        }

        if (f.Minutes is not (>= 1 and <= 1440))
        {
            errors.Add($"{field}.minutes", f.Minutes is null ? "is required" : $"{f.Minutes} must be between 1 and 1440");
        }

        if (f.PriceFen is not >= 0)
        {
            errors.Add($"{field}.priceFen", f.PriceFen is null ? "is required" : $"{f.PriceFen} cannot be negative");
        }
        else if (cap is not null && f.PriceFen > cap.AmountFen)
        {
            errors.Add($"{field}.priceFen", $"{f.PriceFen} is above the cap ({cap.AmountFen} fen): every stay would pay the cap");
        }

        return f is { Minutes: >= 1 and <= 1440, PriceFen: >= 0 } ? new FirstSegment(f.Minutes.Value, f.PriceFen.Value) : null;
    }

    private static FreePeriod? BuildFreePeriod(FreePeriodDocument? d, string field, FieldErrors errors)
    {
        if (d is null)
        {
            return null;
        }

        if (d.Minutes is not (>= 0 and <= 1440))
        {
            errors.Add($"{field}.minutes", d.Minutes is null ? "is required" : $"{d.Minutes} must be between 0 and 1440");
        }

        var mode = d.Mode switch
        {
            null or "forfeit" => FreePeriodMode.Forfeit,
            "deduct" => FreePeriodMode.Deduct,
            _ => Invalid(errors, $"{field}.mode", $"'{d.Mode}' must be forfeit or deduct", FreePeriodMode.Forfeit),
        };
        return d.Minutes is > 0 ? new FreePeriod(d.Minutes.Value, mode, d.OncePerDay ?? false) : null;
    }

    private static int BuildRounding(RoundingDocument? d, string field, IReadOnlyList<Band> bands, FieldErrors errors)
    {
        switch (d?.Mode ?? "started-unit")
        {
            case "started-unit":
                return 0;
            case "drop-tail":
                var shortest = bands.SelectMany(b => b.Steps).Select(s => s.Minutes).DefaultIfEmpty(int.MaxValue).Min();
                if (d!.TailMinutes is not >= 1 || d.TailMinutes >= shortest)
                {
                    errors.Add($"{field}.tailMinutes", $"{d.TailMinutes?.ToString(CultureInfo.InvariantCulture) ?? "missing"}: must be at least 1 and shorter than the shortest unit ({shortest} min)");
                    return 0;
                }

                return d.TailMinutes.Value;
            default:
                errors.Add($"{field}.mode", $"'{d!.Mode}' must be started-unit or drop-tail");
                return 0;
        }
    }

    private static Cap? BuildCap(CapDocument? d, string field, IReadOnlyList<Band> bands, FieldErrors errors)
    {
        if (d is null)
        {
            return null;
        }

        var period = d.Period switch
        {
            null or "rolling-24h" => CapPeriod.Rolling24Hours,
            "calendar-day" => CapPeriod.CalendarDay,
            _ => Invalid(errors, $"{field}.period", $"'{d.Period}' must be rolling-24h or calendar-day", CapPeriod.Rolling24Hours),
        };
        if (d.AmountFen is not > 0)
        {
            errors.Add($"{field}.amountFen", d.AmountFen is null ? "is required" : $"{d.AmountFen} must be more than 0");
            return null;
        }

        var unit = bands.Where(b => b.Steps.Count > 0).Select(b => b.Steps[0].PriceFen).DefaultIfEmpty(0).Max();
        if (d.AmountFen < unit)
        {
            errors.Add($"{field}.amountFen", $"{d.AmountFen} is below a single unit ({unit} fen): the cap would make every unit cost less than its price");
        }

        return new Cap(d.AmountFen.Value, period);
    }

    private static Band[] BuildBands(RuleSetDocument d, string field, FieldErrors errors)
    {
        var kinds = (d.Steps is null ? 0 : 1) + (d.Bands is null ? 0 : 1) + (d.PerEntry is null ? 0 : 1);
        if (kinds != 1)
        {
            errors.Add(field, "needs exactly one of steps (one price ladder all day), bands (day/night) or perEntry");
            return [];
        }

        if (d.PerEntry is { } perEntry)
        {
            if (perEntry.PriceFen is not >= 0)
            {
                errors.Add($"{field}.perEntry.priceFen", perEntry.PriceFen is null ? "is required" : $"{perEntry.PriceFen} cannot be negative");
            }

            if (perEntry.EveryHours is not (null or (>= 1 and <= 720)))
            {
                errors.Add($"{field}.perEntry.everyHours", $"{perEntry.EveryHours} must be between 1 and 720");
            }

            var minutes = perEntry.EveryHours is { } hours ? hours * 60 : int.MaxValue;
            return [new Band(PerEntry, TimeOnly.MinValue, TimeOnly.MinValue, [new PriceStep(minutes, perEntry.PriceFen ?? 0, null)], null)];
        }

        if (d.Steps is not null)
        {
            return [new Band(AllDay, TimeOnly.MinValue, TimeOnly.MinValue, BuildSteps(d.Steps, $"{field}.steps", errors), null)];
        }

        var bands = new List<Band>();
        for (var i = 0; i < d.Bands!.Count; i++)
        {
            var b = d.Bands[i];
            var key = $"{field}.bands[{i}]";
            var from = ParseTime(b.From, $"{key}.from", errors);
            var to = ParseTime(b.To, $"{key}.to", errors);
            var steps = BuildSteps(b.Steps, $"{key}.steps", errors);
            if (b.CapFen is { } bandCap && steps.Count > 0 && bandCap < steps[0].PriceFen)
            {
                errors.Add($"{key}.capFen", $"{bandCap} is below a single unit ({steps[0].PriceFen} fen)");
            }

            var label = new LocalizedText(b.Label?.Zh ?? b.Label?.En ?? $"时段{i + 1}", b.Label?.En ?? b.Label?.Zh ?? $"band {i + 1}");
            bands.Add(new Band(label, from, to, steps, b.CapFen));
        }

        CheckCoverage(bands, $"{field}.bands", errors);
        return [.. bands];
    }

    /// <summary>The bands must cover every minute of the day exactly once.</summary>
    private static void CheckCoverage(List<Band> bands, string field, FieldErrors errors)
    {
        if (bands.Count == 0)
        {
            errors.Add(field, "lists no band");
            return;
        }

        var owner = new int[24 * 60];
        for (var i = 0; i < bands.Count; i++)
        {
            var start = (int)bands[i].From.ToTimeSpan().TotalMinutes;
            var end = (int)bands[i].To.ToTimeSpan().TotalMinutes;
            var length = end > start ? end - start : end + owner.Length - start;
            for (var m = 0; m < length; m++)
            {
                var at = (start + m) % owner.Length;
                if (owner[at] != 0)
                {
                    errors.Add(field, $"bands[{owner[at] - 1}] and bands[{i}] overlap at {TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(at)):HH\\:mm}");
                    return;
                }

                owner[at] = i + 1;
            }
        }

        var gap = Array.IndexOf(owner, 0);
        if (gap >= 0)
        {
            errors.Add(field, $"no band covers {TimeOnly.FromTimeSpan(TimeSpan.FromMinutes(gap)):HH\\:mm}: bands must cover the whole day");
        }
    }

    private static List<PriceStep> BuildSteps(List<StepDocument>? steps, string field, FieldErrors errors)
    {
        if (steps is null || steps.Count == 0)
        {
            errors.Add(field, "needs at least one step");
            return [];
        }

        var result = new List<PriceStep>();
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            var key = $"{field}[{i}]";
            var last = i == steps.Count - 1;
            if (s.Minutes is not (>= 1 and <= 1440))
            {
                errors.Add($"{key}.minutes", s.Minutes is null ? "is required" : $"{s.Minutes} must be between 1 and 1440");
            }

            if (s.PriceFen is not >= 0)
            {
                errors.Add($"{key}.priceFen", s.PriceFen is null ? "is required" : $"{s.PriceFen} cannot be negative");
            }

            if (last && s.Count is not null)
            {
                errors.Add($"{key}.count", "the last step repeats for the rest of the stay, so it has no count");
            }
            else if (!last && s.Count is not >= 1)
            {
                errors.Add($"{key}.count", s.Count is null ? "is required on every step but the last" : $"{s.Count} must be 1 or more");
            }

            result.Add(new PriceStep(s.Minutes ?? 1, s.PriceFen ?? 0, last ? null : s.Count));
        }

        return result;
    }

    private static TimeOnly ParseTime(string? text, string field, FieldErrors errors)
    {
        if (text == "24:00")
        {
            return TimeOnly.MinValue;
        }

        if (TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        errors.Add(field, text is null ? "is required (HH:mm)" : $"'{text}' is not a time like 07:00");
        return TimeOnly.MinValue;
    }

    private static T Invalid<T>(FieldErrors errors, string field, string why, T fallback)
    {
        errors.Add(field, why);
        return fallback;
    }
}
