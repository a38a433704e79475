using System.Security.Cryptography;
using System.Text;
using ParkingGate.Domain.Tariffs;
using static ParkingGate.Domain.Tests.Tariffs.Tariffs;

namespace ParkingGate.Domain.Tests.Tariffs;

public sealed class TariffParserTests
{
    private const string Day = """{ "from": "07:00", "to": "20:00", "steps": [ { "minutes": 30, "priceFen": 200 } ] }""";

    [Test]
    public void The_hash_is_the_sha256_of_the_exact_file_bytes()
    {
        var json = Header("""{ "steps": [ { "minutes": 60, "priceFen": 100 } ] }""");
        var tariff = Parse(json);
        Assert.That(tariff.Hash, Is.EqualTo(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))));
        Assert.That(Parse(json + " ").Hash, Is.Not.EqualTo(tariff.Hash), "one added byte changes the hash");
    }

    [Test]
    public void Defaults_are_those_of_the_design()
    {
        var tariff = Parse(Header("""{ "freePeriod": { "minutes": 15 }, "steps": [ { "minutes": 60, "priceFen": 100 } ], "cap": { "amountFen": 1000 } }"""));
        Assert.That(tariff.TimeZone.Id, Is.EqualTo("Asia/Shanghai"));
        Assert.That(tariff.Rules.FreePeriod, Is.EqualTo(new FreePeriod(15, FreePeriodMode.Forfeit, false)));
        Assert.That(tariff.Rules.Cap, Is.EqualTo(new Cap(1000, CapPeriod.Rolling24Hours)));
        Assert.That(tariff.Rules.Split, Is.EqualTo(BandSplit.Boundary));
        Assert.That(tariff.Rules.DropTailMinutes, Is.Zero);
        Assert.That(tariff.NoEntry.SendToBooth, Is.True);
        Assert.That(tariff.PaidExitGraceMinutes, Is.EqualTo(15));
    }

    [Test]
    public void Every_shipped_tariff_is_valid_and_names_its_approval()
    {
        foreach (var tariff in new[] { Changsha, Residential, Fenglin, PerEntry })
        {
            Assert.That(tariff.Approval, Is.Not.Empty);
            Assert.That(tariff.Version, Is.GreaterThanOrEqualTo(1));
        }
    }

    [TestCase("""{ "bands": [ {{DAY}}, { "from": "19:00", "to": "07:00", "steps": [ { "minutes": 60, "priceFen": 100 } ] } ] }""", "rules.bands: bands[0] and bands[1] overlap at 19:00", TestName = "overlapping bands")]
    [TestCase("""{ "bands": [ {{DAY}}, { "from": "21:00", "to": "07:00", "steps": [ { "minutes": 60, "priceFen": 100 } ] } ] }""", "rules.bands: no band covers 20:00", TestName = "a gap between bands")]
    [TestCase("""{ "steps": [ { "minutes": 30, "priceFen": -200 } ] }""", "rules.steps[0].priceFen: -200 cannot be negative", TestName = "negative price")]
    [TestCase("""{ "steps": [ { "minutes": 60, "priceFen": 500 } ], "cap": { "amountFen": 300 } }""", "rules.cap.amountFen: 300 is below a single unit (500 fen)", TestName = "cap below one unit")]
    [TestCase("""{ "steps": [ { "minutes": 60, "priceFen": 100 } ], "cap": { "amountFen": 0 } }""", "rules.cap.amountFen: 0 must be more than 0", TestName = "zero cap")]
    [TestCase("""{ "steps": [ { "minutes": 0, "priceFen": 100 } ] }""", "rules.steps[0].minutes: 0 must be between 1 and 1440", TestName = "zero-minute unit")]
    [TestCase("""{ "steps": [ { "minutes": 60, "priceFen": 100, "count": 2 } ] }""", "rules.steps[0].count: the last step repeats", TestName = "last step with a count")]
    [TestCase("""{ "steps": [ { "minutes": 60, "priceFen": 100 }, { "minutes": 60, "priceFen": 200 } ] }""", "rules.steps[0].count: is required", TestName = "earlier step without a count")]
    [TestCase("""{ "steps": [] }""", "rules.steps: needs at least one step", TestName = "no steps")]
    [TestCase("""{ "steps": [ { "minutes": 60, "priceFen": 100 } ], "perEntry": { "priceFen": 500 } }""", "rules: needs exactly one of steps", TestName = "two pricing kinds")]
    [TestCase("""{ "freePeriod": { "minutes": 15, "mode": "sometimes" }, "steps": [ { "minutes": 60, "priceFen": 100 } ] }""", "rules.freePeriod.mode: 'sometimes' must be forfeit or deduct", TestName = "unknown free-period mode")]
    [TestCase("""{ "rounding": { "mode": "drop-tail", "tailMinutes": 60 }, "steps": [ { "minutes": 60, "priceFen": 100 } ] }""", "rules.rounding.tailMinutes: 60: must be at least 1 and shorter than the shortest unit (60 min)", TestName = "tail as long as a unit")]
    [TestCase("""{ "bands": [ { "from": "7:00", "to": "20:00", "steps": [ { "minutes": 60, "priceFen": 100 } ] } ] }""", "rules.bands[0].from: '7:00' is not a time like 07:00", TestName = "badly written time")]
    [TestCase("""{ "steps": [ { "minutes": 60, "priceFen": 100 } ], "bandSplit": "middle" }""", "rules.bandSplit: 'middle' must be boundary or unit-start", TestName = "unknown band split")]
    [TestCase("""{ "steps": [ { "minutes": 60, "priceFen": 100 } ], "cap": { "amountFen": 1000, "period": "weekly" } }""", "rules.cap.period: 'weekly'", TestName = "unknown cap period")]
    [TestCase("""{ "bands": [ { "from": "07:00", "to": "20:00", "steps": [ { "minutes": 60, "priceFen": 300 } ], "capFen": 200 }, { "from": "20:00", "to": "07:00", "steps": [ { "minutes": 60, "priceFen": 100 } ] } ] }""", "rules.bands[0].capFen: 200 is below a single unit", TestName = "band cap below one unit")]
    public void A_bad_rule_is_refused_naming_the_field(string rules, string message)
    {
        var result = TryParse(Header(rules.Replace("{{DAY}}", Day, StringComparison.Ordinal)));
        Assert.That(result.IsSuccess, Is.False);
        Assert.That(result.Problem!.Message, Does.Contain(message));
    }

    [TestCase("\"approval\": \"test meeting\"", "\"approval\": \" \"", "approval: is required", TestName = "missing approval")]
    [TestCase("\"version\": 1", "\"version\": 0", "version: 0 must be 1 or more", TestName = "version zero")]
    [TestCase("\"id\": \"test\"", "\"id\": \"Test Tariff\"", "id: 'Test Tariff'", TestName = "bad id")]
    [TestCase("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"01/01/2026\"", "effectiveFrom: '01/01/2026'", TestName = "bad date")]
    [TestCase("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2026-01-01\", \"timeZone\": \"Mars/Olympus\"", "timeZone: 'Mars/Olympus'", TestName = "unknown zone")]
    [TestCase("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2026-01-01\", \"classes\": { \"truck\": { \"multiplierPercent\": 300 } }", "classes.truck: 'truck' is not a vehicle class", TestName = "unknown class")]
    [TestCase("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2026-01-01\", \"classes\": { \"large\": { \"multiplierPercent\": 0 } }", "classes.large.multiplierPercent: 0", TestName = "zero multiplier")]
    [TestCase("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2026-01-01\", \"classes\": { \"new-energy\": { \"discount\": { \"percent\": 150 } } }", "classes.new-energy.discount.percent: 150", TestName = "discount over 100 percent")]
    [TestCase("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2026-01-01\", \"noEntryRecord\": { \"mode\": \"flat\" }", "noEntryRecord.priceFen", TestName = "flat no-entry fee without a price")]
    [TestCase("\"effectiveFrom\": \"2026-01-01\"", "\"effectiveFrom\": \"2026-01-01\", \"discount\": 5", "discount", TestName = "unknown key")]
    [TestCase("\"version\": 1", "\"version\": \"one\"", "version", TestName = "wrong type")]
    public void A_bad_header_is_refused_naming_the_field(string find, string replace, string message)
    {
        var json = Header("""{ "steps": [ { "minutes": 60, "priceFen": 100 } ] }""").Replace(find, replace, StringComparison.Ordinal);
        var result = TryParse(json);
        Assert.That(result.IsSuccess, Is.False);
        Assert.That(result.Problem!.Message, Does.Contain(message));
    }

    [Test]
    public void Broken_json_is_refused_with_its_line()
    {
        var result = TryParse("{\n  \"id\": \"x\",\n  \"version\": ,\n}");
        Assert.That(result.Problem!.Message, Does.Contain("line 3"));
    }

    [Test]
    public void All_problems_are_reported_at_once()
    {
        var result = TryParse("""{ "id": "X", "version": 0, "effectiveFrom": "2026-01-01", "rules": { "steps": [ { "minutes": 60, "priceFen": -1 } ] } }""");
        Assert.That(result.Problem!.Message, Does.Contain("id:").And.Contain("version:").And.Contain("approval:").And.Contain("priceFen"));
    }
}
