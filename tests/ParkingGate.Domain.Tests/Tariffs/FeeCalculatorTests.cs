using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Tariffs;
using static ParkingGate.Domain.Tests.Tariffs.Tariffs;

namespace ParkingGate.Domain.Tests.Tariffs;

public sealed class FeeCalculatorTests
{
    private static readonly Tariff ChangshaUnitStart = Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "tariffs", "changsha-core.json"))
        .Replace("\"cap\":", "\"bandSplit\": \"unit-start\", \"cap\":", StringComparison.Ordinal));

    private static readonly Tariff Deduct = WithRules("""{ "freePeriod": { "minutes": 15, "mode": "deduct" }, "steps": [ { "minutes": 30, "priceFen": 200 } ] }""");

    private static readonly Tariff NightCap = WithRules("""
        { "bands": [
            { "label": { "zh": "白天", "en": "day" }, "from": "08:00", "to": "20:00", "steps": [ { "minutes": 60, "priceFen": 100 } ] },
            { "label": { "zh": "夜间", "en": "night" }, "from": "20:00", "to": "08:00", "steps": [ { "minutes": 60, "priceFen": 100 } ], "capFen": 300 } ] }
        """);

    private static readonly Dictionary<string, Tariff> ByName = new()
    {
        ["changsha"] = Changsha, ["changsha-unit-start"] = ChangshaUnitStart, ["residential"] = Residential,
        ["deduct"] = Deduct, ["fenglin"] = Fenglin, ["per-entry"] = PerEntry, ["night-cap"] = NightCap,
    };

    internal static long Fee(Tariff tariff, string entry, string exit, VehicleClass vehicleClass = VehicleClass.Small)
    {
        var quote = FeeCalculator.Quote(tariff, new QuoteRequest { Class = vehicleClass, Entry = At(entry), Exit = At(exit) });
        Assert.That(quote.IsSuccess, Is.True, () => quote.Problem!.Message);
        return quote.Value!.AmountFen;
    }

    [TestCase("changsha", "2026-03-02 10:00", "2026-03-02 10:00", 0, TestName = "empty stay is free")]
    [TestCase("changsha", "2026-03-02 10:00", "2026-03-02 10:15:59", 0, TestName = "seconds are dropped: 15 min 59 s is inside a 15-minute free period")]
    [TestCase("changsha", "2026-03-02 10:00", "2026-03-02 10:16", 200, TestName = "one minute over the free period: charged from entry")]
    [TestCase("changsha", "2026-03-02 10:00", "2026-03-02 10:30", 200, TestName = "exactly one day unit")]
    [TestCase("changsha", "2026-03-02 10:00", "2026-03-02 10:31", 400, TestName = "a started second unit is charged in full")]
    [TestCase("changsha", "2026-03-02 10:00", "2026-03-02 11:00", 400, TestName = "first hour at 2 per 30 min")]
    [TestCase("changsha", "2026-03-02 10:00", "2026-03-02 11:30", 700, TestName = "after the first hour 3 per 30 min")]
    [TestCase("changsha", "2026-03-02 10:00", "2026-03-02 11:31", 1000, TestName = "second unit after the first hour")]
    [TestCase("changsha", "2026-03-02 19:30", "2026-03-02 20:00", 200, TestName = "ends on the day-night boundary")]
    [TestCase("changsha", "2026-03-02 19:30", "2026-03-02 20:01", 300, TestName = "one minute into the night is a started night hour")]
    [TestCase("changsha", "2026-03-02 19:50", "2026-03-02 21:10", 400, TestName = "split at the boundary: 10 day minutes and 70 night minutes")]
    [TestCase("changsha", "2026-03-02 22:00", "2026-03-03 06:00", 800, TestName = "night across midnight")]
    [TestCase("changsha", "2026-03-02 23:30", "2026-03-03 00:30", 100, TestName = "midnight inside one night hour")]
    [TestCase("changsha", "2026-03-02 06:00", "2026-03-02 08:00", 500, TestName = "the day ladder starts at its first hour after the night")]
    [TestCase("changsha", "2026-03-02 06:59", "2026-03-02 07:30", 300, TestName = "one night minute then a day unit")]
    [TestCase("changsha", "2026-03-02 08:00", "2026-03-03 08:30", 5200, TestName = "a full capped period then steps restart")]
    [TestCase("changsha", "2026-03-02 08:00", "2026-03-05 08:00", 15000, TestName = "three full periods pay three caps")]
    [TestCase("changsha", "2026-03-02 08:00", "2026-03-05 08:10", 15200, TestName = "the free period is not granted again in a new period")]
    [TestCase("changsha-unit-start", "2026-03-02 19:50", "2026-03-02 21:10", 300, TestName = "unit-start: each unit priced by the band it starts in")]
    [TestCase("changsha-unit-start", "2026-03-02 19:45", "2026-03-02 20:45", 300, TestName = "unit-start: a day unit runs past 20:00")]
    [TestCase("changsha-unit-start", "2026-03-02 08:00", "2026-03-03 08:00", 5000, TestName = "unit-start: capped like the boundary mode")]
    [TestCase("residential", "2026-03-02 10:00", "2026-03-02 11:01", 400, TestName = "residential: first hour forfeited, two started hours")]
    [TestCase("residential", "2026-03-02 10:00", "2026-03-02 15:00", 1000, TestName = "residential: reaching the cap exactly")]
    [TestCase("residential", "2026-03-02 10:00", "2026-03-02 16:00", 1000, TestName = "residential: over the cap")]
    [TestCase("residential", "2026-03-02 10:00", "2026-03-04 10:00", 2000, TestName = "residential: two full periods")]
    [TestCase("residential", "2026-03-02 10:00", "2026-03-04 10:30", 2200, TestName = "residential: remainder priced afresh without the free hour")]
    [TestCase("deduct", "2026-03-02 10:00", "2026-03-02 10:15", 0, TestName = "deduct: inside the free minutes")]
    [TestCase("deduct", "2026-03-02 10:00", "2026-03-02 10:16", 200, TestName = "deduct: one minute after the free minutes")]
    [TestCase("deduct", "2026-03-02 10:00", "2026-03-02 10:45", 200, TestName = "deduct: 30 charged minutes")]
    [TestCase("deduct", "2026-03-02 10:00", "2026-03-02 10:46", 400, TestName = "deduct: 31 charged minutes")]
    [TestCase("fenglin", "2026-03-02 08:00", "2026-03-02 08:30", 0, TestName = "fenglin: 30 free minutes")]
    [TestCase("fenglin", "2026-03-02 08:00", "2026-03-02 08:31", 200, TestName = "fenglin: flat first two hours")]
    [TestCase("fenglin", "2026-03-02 08:00", "2026-03-02 10:00", 200, TestName = "fenglin: end of the flat segment")]
    [TestCase("fenglin", "2026-03-02 08:00", "2026-03-02 10:10", 200, TestName = "fenglin: a 10-minute tail is dropped")]
    [TestCase("fenglin", "2026-03-02 08:00", "2026-03-02 10:11", 300, TestName = "fenglin: an 11-minute tail is charged")]
    [TestCase("fenglin", "2026-03-02 08:00", "2026-03-02 23:59", 1000, TestName = "fenglin: calendar-day cap")]
    [TestCase("fenglin", "2026-03-02 22:00", "2026-03-03 02:00", 400, TestName = "fenglin: a new calendar day restarts the ladder")]
    [TestCase("fenglin", "2026-03-02 23:50", "2026-03-03 00:20", 0, TestName = "fenglin: free period across midnight")]
    [TestCase("fenglin", "2026-03-02 23:50", "2026-03-03 00:41", 200, TestName = "fenglin: 10 minutes before midnight dropped as a tail")]
    [TestCase("per-entry", "2026-03-02 10:00", "2026-03-02 10:10", 500, TestName = "per entry: any short stay")]
    [TestCase("per-entry", "2026-03-02 10:00", "2026-03-02 22:00", 500, TestName = "per entry: exactly 12 hours")]
    [TestCase("per-entry", "2026-03-02 10:00", "2026-03-02 22:01", 1000, TestName = "per entry: a started second 12 hours")]
    [TestCase("night-cap", "2026-03-02 20:00", "2026-03-03 08:00", 300, TestName = "band cap: one night")]
    [TestCase("night-cap", "2026-03-02 18:00", "2026-03-03 10:00", 700, TestName = "band cap applies to the night only")]
    public void Fee_by_rule(string tariff, string entry, string exit, long expectedFen) =>
        Assert.That(Fee(ByName[tariff], entry, exit), Is.EqualTo(expectedFen));

    [TestCase(VehicleClass.Small, "2026-03-02 10:11", 300)]
    [TestCase(VehicleClass.Large, "2026-03-02 10:11", 600)]
    [TestCase(VehicleClass.NewEnergy, "2026-03-02 09:00", 0)]
    [TestCase(VehicleClass.NewEnergy, "2026-03-02 09:10", 0)]
    [TestCase(VehicleClass.NewEnergy, "2026-03-02 09:31", 100)]
    [TestCase(VehicleClass.NewEnergy, "2026-03-02 12:00", 150)]
    public void Fenglin_classes_multiplier_and_discount(VehicleClass vehicleClass, string exit, long expectedFen) =>
        Assert.That(Fee(Fenglin, "2026-03-02 08:00", exit, vehicleClass), Is.EqualTo(expectedFen));

    [Test]
    public void A_class_with_its_own_rules_is_priced_by_them()
    {
        var tariff = WithRules("""{ "steps": [ { "minutes": 60, "priceFen": 100 } ] }""",
            """, "classes": { "large": { "rules": { "steps": [ { "minutes": 60, "priceFen": 500 } ] } } }""");
        Assert.That(Fee(tariff, "2026-03-02 10:00", "2026-03-02 12:00"), Is.EqualTo(200));
        Assert.That(Fee(tariff, "2026-03-02 10:00", "2026-03-02 12:00", VehicleClass.Large), Is.EqualTo(1000));
        Assert.That(Fee(tariff, "2026-03-02 10:00", "2026-03-02 12:00", VehicleClass.NewEnergy), Is.EqualTo(200));
    }

    [Test]
    public void Free_period_once_per_day_goes_to_the_first_stay_of_the_day()
    {
        QuoteRequest Stay(params string[] earlier) => new()
        {
            Entry = At("2026-03-02 15:00"), Exit = At("2026-03-02 15:20"),
            EarlierEntries = earlier.Select(At).ToList(),
        };

        Assert.That(FeeCalculator.Quote(Fenglin, Stay()).Value!.AmountFen, Is.Zero);
        Assert.That(FeeCalculator.Quote(Fenglin, Stay("2026-03-01 23:00")).Value!.AmountFen, Is.Zero);
        var second = FeeCalculator.Quote(Fenglin, Stay("2026-03-02 08:00")).Value!;
        Assert.That(second.AmountFen, Is.EqualTo(200));
        Assert.That(second.Lines.Select(l => l.Zh), Has.Some.Contains("每天限一次"));
    }

    [Test]
    public void Paying_then_leaving_within_the_grace_costs_nothing_more()
    {
        var request = new QuoteRequest
        {
            Entry = At("2026-03-02 10:00"), Exit = At("2026-03-02 10:44"),
            Payments = [new Payment(400, At("2026-03-02 10:30"))],
        };
        var quote = FeeCalculator.Quote(Changsha, request).Value!;
        Assert.That(quote.AmountFen, Is.Zero);
        Assert.That(quote.Lines.Select(l => l.En), Has.Some.Contains("exit grace"));
    }

    [Test]
    public void Leaving_after_the_grace_pays_the_recomputed_fee_less_what_was_paid()
    {
        var request = new QuoteRequest
        {
            Entry = At("2026-03-02 10:00"), Exit = At("2026-03-02 11:10"),
            Payments = [new Payment(400, At("2026-03-02 10:30"))],
        };
        var quote = FeeCalculator.Quote(Changsha, request).Value!;
        Assert.That(quote.FeeFen, Is.EqualTo(700));
        Assert.That(quote.PaidFen, Is.EqualTo(400));
        Assert.That(quote.AmountFen, Is.EqualTo(300));
    }

    [Test]
    public void A_stay_crossing_the_end_of_a_pass_pays_only_after_it_ends()
    {
        var request = new QuoteRequest
        {
            Entry = At("2026-03-02 10:00"), Exit = At("2026-03-02 13:00"),
            Passes = [new Coverage(At("2026-02-01 00:00"), At("2026-03-02 12:00"))],
        };
        var quote = FeeCalculator.Quote(Changsha, request).Value!;
        Assert.That(quote.AmountFen, Is.EqualTo(400)); // 12:00–13:00 on a fresh day ladder
        Assert.That(quote.Lines.Select(l => l.Zh), Has.Some.Contains("月卡覆盖"));
    }

    [Test]
    public void A_pass_covering_the_whole_stay_makes_it_free()
    {
        var request = new QuoteRequest
        {
            Entry = At("2026-03-02 10:00"), Exit = At("2026-03-04 13:00"),
            Passes = [new Coverage(At("2026-03-01 00:00"), At("2026-04-01 00:00"))],
        };
        Assert.That(FeeCalculator.Quote(Changsha, request).Value!.AmountFen, Is.Zero);
    }

    [Test]
    public void A_pass_bought_while_inside_covers_from_its_start()
    {
        var request = new QuoteRequest
        {
            Entry = At("2026-03-02 10:00"), Exit = At("2026-03-02 18:00"),
            Passes = [new Coverage(At("2026-03-02 11:00"), At("2026-04-02 11:00"))],
        };
        Assert.That(FeeCalculator.Quote(Changsha, request).Value!.AmountFen, Is.EqualTo(400)); // 10:00–11:00 only
    }

    [Test]
    public void Exit_before_entry_is_refused_never_priced()
    {
        var quote = FeeCalculator.Quote(Changsha, new QuoteRequest { Entry = At("2026-03-02 10:00"), Exit = At("2026-03-02 09:59") });
        Assert.That(quote.IsSuccess, Is.False);
        Assert.That(quote.Problem!.Kind, Is.EqualTo("exit-before-entry"));
    }

    [Test]
    public void No_entry_record_goes_to_the_booth_or_pays_the_flat_fee()
    {
        var booth = FeeCalculator.Quote(Changsha, new QuoteRequest { Exit = At("2026-03-02 10:00") }).Value!;
        Assert.That(booth.AmountFen, Is.Zero);
        Assert.That(booth.Reviews.Single().Kind, Is.EqualTo("no-entry-record"));

        var flat = FeeCalculator.Quote(PerEntry, new QuoteRequest { Exit = At("2026-03-02 10:00") }).Value!;
        Assert.That(flat.AmountFen, Is.EqualTo(500));
        Assert.That(flat.NeedsReview, Is.False);
    }

    [Test]
    public void Above_three_days_of_cap_is_flagged_for_review_not_demanded_silently()
    {
        var three = FeeCalculator.Quote(Changsha, new QuoteRequest { Entry = At("2026-03-02 08:00"), Exit = At("2026-03-05 08:00") }).Value!;
        var more = FeeCalculator.Quote(Changsha, new QuoteRequest { Entry = At("2026-03-02 08:00"), Exit = At("2026-03-05 08:16") }).Value!;
        Assert.That(three.NeedsReview, Is.False);
        Assert.That(more.Reviews.Single().Kind, Is.EqualTo("above-ceiling"));
        Assert.That(more.AmountFen, Is.EqualTo(15200));
    }

    [Test]
    public void The_ceiling_scales_with_the_class_and_can_be_set_in_the_tariff()
    {
        var large = FeeCalculator.Quote(Fenglin, new QuoteRequest { Class = VehicleClass.Large, Entry = At("2026-03-02 08:00"), Exit = At("2026-03-04 23:00") }).Value!;
        Assert.That(large.AmountFen, Is.EqualTo(6000));
        Assert.That(large.NeedsReview, Is.False, "three days of a doubled cap is the large-vehicle ceiling");

        var strict = WithRules("""{ "steps": [ { "minutes": 60, "priceFen": 100 } ] }""", """, "reviewAboveFen": 500""");
        Assert.That(FeeCalculator.Quote(strict, new QuoteRequest { Entry = At("2026-03-02 08:00"), Exit = At("2026-03-02 13:00") }).Value!.NeedsReview, Is.False);
        Assert.That(FeeCalculator.Quote(strict, new QuoteRequest { Entry = At("2026-03-02 08:00"), Exit = At("2026-03-02 13:01") }).Value!.NeedsReview, Is.True);
    }

    [Test]
    public void A_fuzzy_entry_with_a_fee_is_flagged_a_free_one_is_not()
    {
        var paid = FeeCalculator.Quote(Changsha, new QuoteRequest { Entry = At("2026-03-02 10:00"), Exit = At("2026-03-02 11:00"), EntryWasFuzzy = true }).Value!;
        var free = FeeCalculator.Quote(Changsha, new QuoteRequest { Entry = At("2026-03-02 10:00"), Exit = At("2026-03-02 10:10"), EntryWasFuzzy = true }).Value!;
        Assert.That(paid.Reviews.Single().Kind, Is.EqualTo("fuzzy-entry"));
        Assert.That(free.NeedsReview, Is.False);
    }

    [Test]
    public void The_same_instants_written_with_other_offsets_give_the_same_quote()
    {
        var local = FeeCalculator.Quote(Changsha, new QuoteRequest { Entry = At("2026-03-02 19:00"), Exit = At("2026-03-02 21:00") }).Value!;
        var utc = FeeCalculator.Quote(Changsha, new QuoteRequest
        {
            Entry = new DateTimeOffset(2026, 3, 2, 11, 0, 0, TimeSpan.Zero),
            Exit = new DateTimeOffset(2026, 3, 2, 7, 0, 0, TimeSpan.FromHours(-6)),
        }).Value!;
        Assert.That(utc.AmountFen, Is.EqualTo(500));
        Assert.That(utc.Lines, Is.EqualTo(local.Lines));
    }

    [Test]
    public void Every_quote_names_the_tariff_and_its_hash()
    {
        var quote = FeeCalculator.Quote(Changsha, new QuoteRequest { Entry = At("2026-03-02 10:00"), Exit = At("2026-03-02 11:00") }).Value!;
        Assert.That((quote.TariffId, quote.TariffVersion, quote.TariffHash), Is.EqualTo(("changsha-core", 1, Changsha.Hash)));
        Assert.That(quote.TariffHash, Does.Match("^[0-9a-f]{64}$"));
    }

    [Test]
    public void The_explanation_adds_up_to_the_amount_a_person_reads()
    {
        var quote = FeeCalculator.Quote(Changsha, new QuoteRequest { Entry = At("2026-03-02 19:00"), Exit = At("2026-03-02 21:00") }).Value!;
        Assert.That(quote.Lines.Select(l => l.Zh), Is.EqualTo(new[]
        {
            "入场 19:00，出场 21:00，停车 2小时",
            "超过免费时长 15 分钟，从入场起全程计费",
            "白天 19:00–20:00（1小时）：2×30分钟×2.00元 = 4.00元",
            "夜间 20:00–21:00（1小时）：1×1小时×1.00元 = 1.00元",
            "应收 5.00元",
        }));
        Assert.That(quote.Lines[^1].En, Is.EqualTo("due 5.00"));
    }

    [Test]
    public void A_long_stay_collapses_repeated_periods_into_one_line()
    {
        var quote = FeeCalculator.Quote(Changsha, new QuoteRequest { Entry = At("2026-03-01 08:00"), Exit = At("2026-03-31 09:00") }).Value!;
        Assert.That(quote.FeeFen, Is.EqualTo((30 * 5000) + 400));
        Assert.That(quote.Lines.Select(l => l.Zh), Has.One.EqualTo("第2–30个24小时：同上，每个 50.00元 × 29 = 1450.00元"));
        Assert.That(quote.Lines, Has.Count.LessThan(15));
    }

    [Test]
    public void The_tariff_in_force_at_entry_prices_the_whole_stay()
    {
        var old = WithRules("""{ "steps": [ { "minutes": 60, "priceFen": 100 } ] }""");
        var next = Parse(Header("""{ "steps": [ { "minutes": 60, "priceFen": 300 } ] }""").Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal).Replace("2026-01-01", "2026-03-03", StringComparison.Ordinal));
        var book = new TariffBook([next, old]);

        Assert.That(book.For(At("2026-03-02 23:59"))!.Version, Is.EqualTo(1));
        Assert.That(book.For(At("2026-03-03 00:00"))!.Version, Is.EqualTo(2));
        Assert.That(book.For(At("2025-12-31 23:00")), Is.Null);
        var stay = book.For(At("2026-03-02 22:00"))!;
        Assert.That(Fee(stay, "2026-03-02 22:00", "2026-03-03 02:00"), Is.EqualTo(400), "four hours at the old price, also after midnight");
    }
}
