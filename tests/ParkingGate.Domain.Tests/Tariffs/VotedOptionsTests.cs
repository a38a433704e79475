using ParkingGate.Domain.Tariffs;
using static ParkingGate.Domain.Tests.Tariffs.Tariffs;

namespace ParkingGate.Domain.Tests.Tariffs;

/// <summary>
/// Tariff options estates vote on: a flat first segment across day and night bands, and a cap on what one plate pays
/// per calendar day across all its visits; each explained, each refused by field when combined inconsistently.
/// </summary>
public sealed class VotedOptionsTests
{
    private const string DayNight = """
        "bands": [
          { "label": { "zh": "白天", "en": "day" }, "from": "07:00", "to": "20:00", "steps": [ { "minutes": 60, "priceFen": 200 } ] },
          { "label": { "zh": "夜间", "en": "night" }, "from": "20:00", "to": "07:00", "steps": [ { "minutes": 60, "priceFen": 100 } ], "capFen": 500 }
        ]
        """;

    private static readonly Tariff FirstTwoHours = WithRules($$"""{ "firstSegment": { "minutes": 120, "priceFen": 300 }, {{DayNight}} }""");

    private static Quote Quote(Tariff tariff, string entry, string exit, params EarlierFee[] earlier)
    {
        var quote = FeeCalculator.Quote(tariff, new QuoteRequest { Entry = At(entry), Exit = At(exit), EarlierFees = earlier });
        Assert.That(quote.IsSuccess, Is.True, () => quote.Problem!.Message);
        return quote.Value!;
    }

    [TestCase("2026-03-02 10:00", "2026-03-02 10:30", 300, TestName = "a short day stay pays the first segment")]
    [TestCase("2026-03-02 19:00", "2026-03-02 21:00", 300, TestName = "the first segment is one price across the evening boundary")]
    [TestCase("2026-03-02 19:00", "2026-03-02 22:00", 400, TestName = "then the night band's ladder")]
    [TestCase("2026-03-02 10:00", "2026-03-02 13:00", 500, TestName = "then the day band's ladder")]
    [TestCase("2026-03-02 05:30", "2026-03-02 08:30", 500, TestName = "a stay from the night into the day: segment, then one day hour")]
    public void A_flat_first_segment_is_priced_once_whatever_the_band(string entry, string exit, long fen)
    {
        Assert.That(Quote(FirstTwoHours, entry, exit).AmountFen, Is.EqualTo(fen));
    }

    [Test]
    public void The_first_segment_says_so_in_the_explanation()
    {
        var lines = Quote(FirstTwoHours, "2026-03-02 19:00", "2026-03-02 22:00").Lines.Select(l => l.Zh).ToList();
        Assert.That(lines, Has.Some.EqualTo("首段 19:00–21:00：前 120 分钟不分时段 3.00元"));
        Assert.That(lines, Has.Some.StartsWith("夜间 21:00–22:00"));
        Assert.That(lines[^1], Is.EqualTo("应收 4.00元"));
    }

    [Test]
    public void A_plate_pays_at_most_the_daily_cap_across_its_visits_of_a_day()
    {
        var capped = WithRules("""{ "steps": [ { "minutes": 60, "priceFen": 500 } ] }""", """, "plateDailyCapFen": 2000""");
        Assert.That(Quote(capped, "2026-03-02 08:00", "2026-03-02 10:00").AmountFen, Is.EqualTo(1000), "the first visit: nothing before it");

        var second = Quote(capped, "2026-03-02 12:00", "2026-03-02 15:00", new EarlierFee(At("2026-03-02 08:00"), 1000));
        Assert.That((second.AmountFen, second.FeeFen), Is.EqualTo((1000L, 1000L)), "1500 by the ladder, 1000 left under the cap");
        Assert.That(second.Lines.Select(l => l.Zh), Has.Some.EqualTo("每日封顶：本车 3月2日 入场的停车已计 10.00元，当天合计最多 20.00元，本次收 10.00元（原为 15.00元）"));
        Assert.That(second.Lines.Select(l => l.En), Has.Some.StartsWith("daily cap: this plate's stays entering on 2026-03-02 were charged 10.00"));

        var third = Quote(capped, "2026-03-02 18:00", "2026-03-02 19:00", new EarlierFee(At("2026-03-02 08:00"), 1000), new EarlierFee(At("2026-03-02 12:00"), 1000));
        Assert.That(third.AmountFen, Is.Zero, "the day's cap is reached");
        var nextDay = Quote(capped, "2026-03-03 08:00", "2026-03-03 09:00", new EarlierFee(At("2026-03-02 12:00"), 1000), new EarlierFee(At("2026-03-02 18:00"), 1000));
        Assert.That(nextDay.AmountFen, Is.EqualTo(500), "a new calendar day starts again");
    }

    [TestCase("""{ "firstSegment": { "minutes": 120, "priceFen": 300 }, "steps": [ { "minutes": 60, "priceFen": 200 } ] }""", "", "rules.firstSegment: is for tariffs with bands")]
    [TestCase("""{ "firstSegment": { "minutes": 120, "priceFen": 300 }, "perEntry": { "priceFen": 500 } }""", "", "rules.firstSegment: cannot be combined with perEntry")]
    [TestCase("""{ "firstSegment": { "minutes": 0, "priceFen": 300 }, BANDS }""", "", "rules.firstSegment.minutes: 0 must be between 1 and 1440")]
    [TestCase("""{ "firstSegment": { "minutes": 120, "priceFen": 9000 }, BANDS, "cap": { "amountFen": 5000 } }""", "", "rules.firstSegment.priceFen: 9000 is above the cap (5000 fen)")]
    [TestCase("""{ "steps": [ { "minutes": 60, "priceFen": 500 } ] }""", """, "plateDailyCapFen": 0""", "plateDailyCapFen: 0 must be more than 0")]
    [TestCase("""{ "steps": [ { "minutes": 60, "priceFen": 500 } ] }""", """, "plateDailyCapFen": 300""", "plateDailyCapFen: 300 is below a single unit (500 fen)")]
    public void An_inconsistent_combination_is_refused_naming_the_field(string rules, string extra, string message)
    {
        var parsed = TryParse(Header(rules.Replace("BANDS", DayNight, StringComparison.Ordinal), extra));
        Assert.That(parsed.IsSuccess, Is.False);
        Assert.That(parsed.Problem!.Message, Does.Contain(message));
    }
}
