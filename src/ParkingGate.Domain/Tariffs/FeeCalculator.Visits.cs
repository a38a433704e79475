namespace ParkingGate.Domain.Tariffs;

/// <summary>What a stay's other visits and its invitation take off its fee: the daily cap, the free period once a day, the invited time.</summary>
public static partial class FeeCalculator
{
    /// <summary>
    /// The part of the stay its visitor invitation makes free: from entry for the invitation's free minutes left, and
    /// never past the end of its window; null without an invitation, with no time left, or for an entry outside the window.
    /// </summary>
    private static (DateTimeOffset From, DateTimeOffset Until)? Invited(QuoteRequest request, DateTimeOffset entry)
    {
        if (request.Invitation is not { FreeMinutesLeft: > 0 } invitation || entry < invitation.From || entry >= invitation.Until)
        {
            return null;
        }

        var end = entry.AddMinutes(invitation.FreeMinutesLeft);
        return (entry, end < invitation.Until ? end : invitation.Until);
    }

    /// <summary>Whole minutes of <paramref name="invited"/> the stay used by <paramref name="exit"/>.</summary>
    private static long MinutesUsed((DateTimeOffset From, DateTimeOffset Until)? invited, DateTimeOffset exit) =>
        invited is { } time ? Math.Max(0, (long)((exit < time.Until ? exit : time.Until) - time.From).TotalMinutes) : 0;

    /// <summary>The plate's daily cap across stays: what this stay may still add to the fees of its stays entering the same day.</summary>
    private static long CapDaily(long cap, TimeZoneInfo zone, DateTimeOffset entry, long fen, IReadOnlyList<EarlierFee> earlier, Explain explain)
    {
        var day = TimeZoneInfo.ConvertTime(entry, zone).Date;
        var before = earlier.Where(e => e.Entry < entry && TimeZoneInfo.ConvertTime(e.Entry, zone).Date == day).Sum(e => e.FeeFen);
        var room = Math.Max(0, cap - before);
        if (fen <= room)
        {
            return fen;
        }

        explain.Add(
            $"每日封顶：本车 {day:M月d日} 入场的停车已计 {Explain.Yuan(before)}元，当天合计最多 {Explain.Yuan(cap)}元，本次收 {Explain.Yuan(room)}元（原为 {Explain.Yuan(fen)}元）",
            $"daily cap: this plate's stays entering on {day:yyyy-MM-dd} were charged {Explain.Yuan(before)}; at most {Explain.Yuan(cap)} a day, so {Explain.Yuan(room)} for this one (instead of {Explain.Yuan(fen)})");
        return room;
    }

    private static bool FreeGranted(FreePeriod free, TimeZoneInfo zone, DateTimeOffset entry, IReadOnlyList<DateTimeOffset> earlier, Explain explain)
    {
        if (!free.OncePerDay)
        {
            return true;
        }

        var day = TimeZoneInfo.ConvertTime(entry, zone).Date;
        var used = earlier.Any(e => e < entry && TimeZoneInfo.ConvertTime(e, zone).Date == day);
        if (used)
        {
            explain.Add("免费时长每天限一次，今天已享受过", "the free period is granted once a day and was used today");
        }

        return !used;
    }
}
