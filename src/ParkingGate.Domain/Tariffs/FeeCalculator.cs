namespace ParkingGate.Domain.Tariffs;

/// <summary>
/// Prices a stay by a tariff. Pure: no clock, no I/O; the same request always gives the same quote.
/// </summary>
/// <remarks>
/// The order of the rules, as the tariff README documents them:
/// the stay is counted in whole minutes (seconds are dropped); a payment followed by an exit within the
/// paid-exit grace is free; the free period (if granted) makes a short stay free or is deducted; a class
/// discount's free minutes push the start of charging later; time covered by a pass or by a visitor invitation's free
/// hours (from entry, within its window) is not charged; what is
/// left is cut into cap periods, each priced on fresh ladders and capped; the class discount and multiplier
/// apply to the total; payments already made are subtracted.
/// </remarks>
public static partial class FeeCalculator
{
    /// <summary>Quotes <paramref name="request"/> by <paramref name="tariff"/>.</summary>
    /// <returns>The quote, or a problem when the exit is before the entry.</returns>
    public static Result<Quote> Quote(Tariff tariff, QuoteRequest request)
    {
        ArgumentNullException.ThrowIfNull(tariff);
        ArgumentNullException.ThrowIfNull(request);
        if (request.Entry is not { } entry)
        {
            return NoEntry(tariff, request);
        }

        if (request.Exit < entry)
        {
            return Result<Quote>.Failure("exit-before-entry",
                $"exit {request.Exit:yyyy-MM-dd HH:mm:ss zzz} is before entry {entry:yyyy-MM-dd HH:mm:ss zzz}", $"出场时间 {request.Exit:yyyy-MM-dd HH:mm:ss} 早于入场时间 {entry:yyyy-MM-dd HH:mm:ss}");
        }

        var zone = tariff.TimeZone;
        var sameDay = TimeZoneInfo.ConvertTime(entry, zone).Date == TimeZoneInfo.ConvertTime(request.Exit, zone).Date;
        var explain = new Explain(zone, !sameDay, enabled: true);
        var fee = Fee(tariff, request, entry, explain);
        if (!fee.WithinPaidGrace && tariff.PlateDailyCapFen is { } dailyCap)
        {
            fee = fee with { Fen = CapDaily(dailyCap, tariff.TimeZone, entry, fee.Fen, request.EarlierFees, explain) };
        }

        var paid = request.Payments.Sum(p => p.AmountFen);
        var due = Math.Max(0, fee.Fen - paid);
        if (fee.WithinPaidGrace)
        {
            due = 0;
        }
        else if (paid > 0)
        {
            explain.Add($"已付 {Explain.Yuan(paid)}元", $"already paid {Explain.Yuan(paid)}");
        }

        explain.Add($"应收 {Explain.Yuan(due)}元", $"due {Explain.Yuan(due)}");
        var reviews = new List<Review>();
        var ceiling = Ceiling(tariff, request.Class);
        if (due > ceiling)
        {
            reviews.Add(new Review("above-ceiling", new LocalizedText(
                $"金额 {Explain.Yuan(due)}元 超过复核上限 {Explain.Yuan(ceiling)}元，请人工核对入场记录",
                $"{Explain.Yuan(due)} is above the review ceiling of {Explain.Yuan(ceiling)}: check the entry record")));
        }

        if (request.EntryWasFuzzy && due > 0)
        {
            reviews.Add(new Review("fuzzy-entry", new LocalizedText(
                "入场车牌为模糊匹配，请人工核对后再收费",
                "the entry plate was a fuzzy match: check it before charging")));
        }

        return new Quote(due, fee.Fen, paid, explain.Lines, tariff.Id, tariff.Version, tariff.Hash, reviews) { InvitedMinutes = fee.InvitedMinutes };
    }

    private readonly record struct StayFee(long Fen, bool WithinPaidGrace, long InvitedMinutes = 0);

    /// <summary>A stretch of the stay that is not charged, and the words that say why.</summary>
    private readonly record struct Cover(DateTimeOffset From, DateTimeOffset Until, string Zh, string En);

    private static StayFee Fee(Tariff tariff, QuoteRequest request, DateTimeOffset entry, Explain explain)
    {
        var minutes = (long)(request.Exit - entry).TotalMinutes;
        var exit = entry.AddMinutes(minutes);
        explain.Add(
            $"入场 {explain.Time(entry)}，出场 {explain.Time(request.Exit)}，停车 {Explain.DurationZh(exit - entry)}",
            $"entry {explain.Time(entry)}, exit {explain.Time(request.Exit)}, stayed {Explain.Duration(exit - entry)}");
        if (request.Payments.Count > 0)
        {
            var lastPaid = request.Payments.Max(p => p.PaidAt);
            if (request.Exit <= lastPaid.AddMinutes(tariff.PaidExitGraceMinutes))
            {
                explain.Add(
                    $"{explain.Time(lastPaid)} 已付款，在 {tariff.PaidExitGraceMinutes} 分钟离场宽限内出场，不再收费",
                    $"paid at {explain.Time(lastPaid)} and left within the {tariff.PaidExitGraceMinutes}-minute exit grace: nothing more to pay");
                return new StayFee(request.Payments.Sum(p => p.AmountFen), WithinPaidGrace: true, MinutesUsed(Invited(request, entry), exit));
            }

            explain.Add(
                $"付款后超过 {tariff.PaidExitGraceMinutes} 分钟离场宽限，从入场起重新计费，扣除已付",
                $"left more than {tariff.PaidExitGraceMinutes} min after paying: recomputed from entry, less what was paid");
        }

        var classRule = tariff.For(request.Class);
        var rules = classRule.Rules ?? tariff.Rules;
        var chargeFrom = entry;
        if (rules.FreePeriod is { } free && FreeGranted(free, tariff.TimeZone, entry, request.EarlierEntries, explain))
        {
            if (free.Mode == FreePeriodMode.Forfeit)
            {
                if (minutes <= free.Minutes)
                {
                    explain.Add($"在免费时长 {free.Minutes} 分钟内，不收费", $"within the {free.Minutes}-minute free period: no charge");
                    return new StayFee(0, false);
                }

                explain.Add($"超过免费时长 {free.Minutes} 分钟，从入场起全程计费", $"over the {free.Minutes}-minute free period: charged from entry");
            }
            else
            {
                chargeFrom = entry.AddMinutes(free.Minutes);
                explain.Add($"减免前 {free.Minutes} 分钟", $"first {free.Minutes} min free (deducted)");
            }
        }

        if (classRule.DiscountFreeMinutes > 0 && entry.AddMinutes(classRule.DiscountFreeMinutes) > chargeFrom)
        {
            chargeFrom = entry.AddMinutes(classRule.DiscountFreeMinutes);
            explain.Add($"{ClassZh(request.Class)}优惠：前 {classRule.DiscountFreeMinutes} 分钟免费", $"{ClassEn(request.Class)} discount: first {classRule.DiscountFreeMinutes} min free");
        }

        var covers = request.Passes.Select(p => new Cover(p.From, p.Until, "月卡覆盖", "pass covers")).ToList();
        var invited = Invited(request, entry);
        if (request.Invitation is { } invitation)
        {
            if (invited is { } time)
            {
                covers.Add(new Cover(time.From, time.Until, $"访客预约（{invitation.Room} 邀请）覆盖", $"invitation by {invitation.Room} covers"));
            }
            else if (invitation.FreeMinutesLeft <= 0)
            {
                explain.Add($"访客预约（{invitation.Room} 邀请）的免费时长已用完，按访客收费", $"the invitation by {invitation.Room} has no free time left: charged as a visitor");
            }
            else
            {
                explain.Add(
                    $"入场不在访客预约（{invitation.Room} 邀请）时段 {explain.Time(invitation.From)}–{explain.Time(invitation.Until)} 内，按访客收费",
                    $"entered outside the window {explain.Time(invitation.From)}–{explain.Time(invitation.Until)} of the invitation by {invitation.Room}: charged as a visitor");
            }
        }

        var fen = 0L;
        foreach (var (from, to, anchor) in Uncovered(entry, chargeFrom, exit, covers, explain))
        {
            fen = checked(fen + BandPricing.PriceInterval(rules, tariff.TimeZone, anchor, from, to, explain));
        }

        var used = MinutesUsed(invited, exit);
        if (used > 0)
        {
            var left = request.Invitation!.FreeMinutesLeft - used;
            explain.Add($"访客预约免费时长：本次用 {used} 分钟，本预约还剩 {left} 分钟", $"invitation free time: {used} min used by this stay, {left} min left");
        }

        return new StayFee(ApplyClass(fen, classRule, request.Class, explain), false, used);
    }

    /// <summary>
    /// The parts of [<paramref name="from"/>, <paramref name="to"/>) no pass or invitation covers, each with the instant its
    /// cap periods count from.
    /// </summary>
    private static List<(DateTimeOffset From, DateTimeOffset To, DateTimeOffset Anchor)> Uncovered(
        DateTimeOffset entry, DateTimeOffset from, DateTimeOffset to, IReadOnlyList<Cover> covers, Explain explain)
    {
        var parts = new List<(DateTimeOffset, DateTimeOffset, DateTimeOffset)>();
        var cursor = from;
        foreach (var cover in covers.Where(p => p.Until > from && p.From < to).OrderBy(p => p.From))
        {
            if (cover.From > cursor)
            {
                parts.Add((cursor, cover.From, cursor == from ? entry : cursor));
            }

            var coveredUntil = cover.Until < to ? cover.Until : to;
            if (coveredUntil > cursor)
            {
                explain.Add(
                    $"{cover.Zh} {explain.Time(cover.From > cursor ? cover.From : cursor)}–{explain.Time(coveredUntil)}，不收费",
                    $"{cover.En} {explain.Time(cover.From > cursor ? cover.From : cursor)}–{explain.Time(coveredUntil)}: no charge");
                cursor = coveredUntil;
            }
        }

        if (cursor < to)
        {
            parts.Add((cursor, to, cursor == from ? entry : cursor));
        }

        return parts;
    }

    private static long ApplyClass(long fen, ClassRule rule, Plates.VehicleClass vehicleClass, Explain explain)
    {
        if (rule.DiscountPercent != 100 && fen > 0)
        {
            var discounted = Money.Percent(fen, rule.DiscountPercent);
            explain.Add($"{ClassZh(vehicleClass)}优惠：按 {rule.DiscountPercent}% 收取，{Explain.Yuan(fen)} → {Explain.Yuan(discounted)}元",
                $"{ClassEn(vehicleClass)} discount: {rule.DiscountPercent}% of {Explain.Yuan(fen)} = {Explain.Yuan(discounted)}");
            fen = discounted;
        }

        if (rule.MultiplierPercent != 100 && fen > 0)
        {
            var multiplied = Money.Percent(fen, rule.MultiplierPercent);
            explain.Add($"{ClassZh(vehicleClass)}按 {rule.MultiplierPercent}% 收取，{Explain.Yuan(fen)} → {Explain.Yuan(multiplied)}元",
                $"{ClassEn(vehicleClass)}: {rule.MultiplierPercent}% of {Explain.Yuan(fen)} = {Explain.Yuan(multiplied)}");
            fen = multiplied;
        }

        return fen;
    }

    private static string ClassZh(Plates.VehicleClass vehicleClass) => vehicleClass switch
    {
        Plates.VehicleClass.Large => "大型车",
        Plates.VehicleClass.NewEnergy => "新能源车",
        _ => "小型车",
    };

    private static string ClassEn(Plates.VehicleClass vehicleClass) => vehicleClass switch
    {
        Plates.VehicleClass.Large => "large vehicle",
        Plates.VehicleClass.NewEnergy => "new-energy vehicle",
        _ => "small vehicle",
    };

    private static Result<Quote> NoEntry(Tariff tariff, QuoteRequest request)
    {
        var explain = new Explain(tariff.TimeZone, withDate: true, enabled: true);
        if (tariff.NoEntry.SendToBooth)
        {
            explain.Add("无入场记录，由收费亭人工处理", "no entry record: the booth decides");
            var review = new Review("no-entry-record", new LocalizedText("无入场记录，请人工确认收费", "no entry record: decide the fee by hand"));
            return new Quote(0, 0, 0, explain.Lines, tariff.Id, tariff.Version, tariff.Hash, [review]);
        }

        var paid = request.Payments.Sum(p => p.AmountFen);
        var due = Math.Max(0, tariff.NoEntry.FlatFen - paid);
        explain.Add($"无入场记录，按固定金额 {Explain.Yuan(tariff.NoEntry.FlatFen)}元 收取", $"no entry record: flat fee {Explain.Yuan(tariff.NoEntry.FlatFen)}");
        explain.Add($"应收 {Explain.Yuan(due)}元", $"due {Explain.Yuan(due)}");
        return new Quote(due, tariff.NoEntry.FlatFen, paid, explain.Lines, tariff.Id, tariff.Version, tariff.Hash, []);
    }

    /// <summary>
    /// The review ceiling: the tariff's own, or three days of cap, or (without a cap) what a three-day stay costs.
    /// </summary>
    private static long Ceiling(Tariff tariff, Plates.VehicleClass vehicleClass)
    {
        if (tariff.ReviewAboveFen is { } set)
        {
            return set;
        }

        var classRule = tariff.For(vehicleClass);
        var rules = classRule.Rules ?? tariff.Rules;
        var quiet = new Explain(tariff.TimeZone, false, enabled: false);
        long threeDays;
        if (rules.Cap is { } cap)
        {
            threeDays = checked(3 * cap.AmountFen);
        }
        else
        {
            var start = LocalDays.StartOf(tariff.EffectiveFrom, tariff.TimeZone);
            threeDays = BandPricing.PriceStretch(rules, tariff.TimeZone, start, start.AddDays(3), quiet);
        }

        return ApplyClass(threeDays, classRule, vehicleClass, quiet);
    }
}
