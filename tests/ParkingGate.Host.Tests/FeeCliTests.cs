using System.Text.Json;
using ParkingGate.Host.Cli;

namespace ParkingGate.Host.Tests;

public sealed class FeeCliTests : FolderFixture
{
    private CliRunner _cli = null!;

    [SetUp]
    public void CreateRunner() => _cli = new CliRunner(Folder);

    private string Tariff(string id) => Path.Combine(Folder.Root, "config", "tariffs", id + ".json");

    [Test]
    public async Task Quote_prints_yuan_and_the_explanation()
    {
        var run = await _cli.RunAsync("fee", "quote", "--tariff", Tariff("changsha-core"), "--entry", "2026-03-02T19:00", "--exit", "2026-03-02T21:00");
        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        Assert.That(run.Out, Does.StartWith("5.00 元"));
        Assert.That(run.Out, Does.Contain("白天 19:00–20:00（1小时）：2×30分钟×2.00元 = 4.00元"));
        Assert.That(run.Out, Does.Contain("night 20:00–21:00 (1 h): 1 × 1 h × 1.00 = 1.00"));
    }

    [Test]
    public async Task Quote_json_has_amount_lines_tariff_and_hash()
    {
        var run = await _cli.RunAsync("fee", "quote", "--tariff", Tariff("changsha-core"), "--entry", "2026-03-02T08:00+08:00", "--exit", "2026-03-03T00:00Z", "--json");
        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        using var json = JsonDocument.Parse(run.Out);
        var root = json.RootElement;
        Assert.That(root.GetProperty("amountFen").GetInt64(), Is.EqualTo(5000));
        Assert.That(root.GetProperty("tariffId").GetString(), Is.EqualTo("changsha-core"));
        Assert.That(root.GetProperty("tariffHash").GetString(), Has.Length.EqualTo(64));
        Assert.That(root.GetProperty("lines").GetArrayLength(), Is.GreaterThan(2));
    }

    [Test]
    public async Task Quote_for_a_large_vehicle_uses_its_class_rule()
    {
        var run = await _cli.RunAsync("fee", "quote", "--tariff", Tariff("fenglin-visitor"), "--entry", "2026-03-02T08:00", "--exit", "2026-03-02T10:11", "--class", "large", "--json");
        Assert.That(JsonDocument.Parse(run.Out).RootElement.GetProperty("amountFen").GetInt64(), Is.EqualTo(600));
    }

    [Test]
    public async Task Exit_before_entry_exits_1_with_both_times()
    {
        var run = await _cli.RunAsync("fee", "quote", "--tariff", Tariff("changsha-core"), "--entry", "2026-03-02T10:00", "--exit", "2026-03-02T09:00");
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failed), run.ToString);
        Assert.That(run.Err, Does.Contain("before entry"));
        Assert.That(run.Out, Is.Empty);
    }

    [TestCase("--class", "truck", "truck")]
    [TestCase("--exit", "yesterday", "ISO 8601")]
    public async Task Bad_arguments_exit_2(string option, string value, string message)
    {
        var options = new Dictionary<string, string> { ["--tariff"] = Tariff("changsha-core"), ["--entry"] = "2026-03-02T10:00", ["--exit"] = "2026-03-02T11:00" };
        options[option] = value;
        string[] args = ["fee", "quote", .. options.SelectMany(o => new[] { o.Key, o.Value })];
        var run = await _cli.RunAsync(args);
        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.UsageOrConfig), run.ToString);
        Assert.That(run.Err, Does.Contain(message));
    }

    [Test]
    public async Task A_broken_tariff_exits_2_for_quote_and_1_for_check_naming_the_field()
    {
        var broken = Folder.Write("broken.json", File.ReadAllText(Tariff("changsha-core")).Replace("\"priceFen\": 100", "\"priceFen\": -100", StringComparison.Ordinal));
        var quote = await _cli.RunAsync("fee", "quote", "--tariff", broken, "--entry", "2026-03-02T10:00", "--exit", "2026-03-02T11:00");
        Assert.That(quote.ExitCode, Is.EqualTo(ExitCodes.UsageOrConfig), quote.ToString);
        Assert.That(quote.Err, Does.Contain("rules.bands[1].steps[0].priceFen: -100 cannot be negative"));
        var check = await _cli.RunAsync("tariff", "check", broken);
        Assert.That(check.ExitCode, Is.EqualTo(ExitCodes.Failed), check.ToString);
        Assert.That(check.Err, Does.Contain("broken.json"));
    }

    [Test]
    public async Task Tariff_check_prints_the_sample_table_a_committee_approves()
    {
        var run = await _cli.RunAsync("tariff", "check", Tariff("changsha-core"));
        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        Assert.That(run.Out, Does.Contain("长发改价费〔2021〕69号"));
        var rows = run.Out.Split('\n').Where(l => l.Contains(" min") || l.Contains(" h ") || l.Contains("days")).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        var byStay = rows.ToDictionary(r => string.Join(' ', r[..^3]), r => r[^3]);
        Assert.That(byStay["10 min"], Is.EqualTo("0.00"));
        Assert.That(byStay["30 min"], Is.EqualTo("2.00"));
        Assert.That(byStay["1 h"], Is.EqualTo("4.00"));
        Assert.That(byStay["2 h"], Is.EqualTo("10.00"));
        Assert.That(byStay["6 h"], Is.EqualTo("34.00"));
        Assert.That(byStay["24 h"], Is.EqualTo("50.00"));
        Assert.That(byStay["3 days"], Is.EqualTo("150.00"));
    }

    [Test]
    public async Task Tariff_check_json_lists_small_and_large()
    {
        var run = await _cli.RunAsync("tariff", "check", Tariff("fenglin-visitor"), "--json");
        using var json = JsonDocument.Parse(run.Out);
        var twoHours = json.RootElement.GetProperty("samples").EnumerateArray().Single(s => s.GetProperty("stay").GetString() == "2 h");
        Assert.That(twoHours.GetProperty("feesFen").GetProperty("small").GetInt64(), Is.EqualTo(200));
        Assert.That(twoHours.GetProperty("feesFen").GetProperty("large").GetInt64(), Is.EqualTo(400));
    }
}
