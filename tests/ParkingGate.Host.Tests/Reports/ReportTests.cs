using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;
using ParkingGate.Domain.Ledger;
using ParkingGate.Gate.Configuration;
using ParkingGate.Host.Configuration;
using ParkingGate.Storage;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Reports;
using ParkingGate.Testing;

namespace ParkingGate.Host.Tests.Reports;

/// <summary>Reports and exports of a generated month, checked against what the generator did, to the fen.</summary>
[NonParallelizable]
public sealed partial class ReportTests
{
    private static readonly DateOnly March = new(2026, 3, 1);
    private TestFolder _folder = null!;
    private GeneratedTraffic _traffic = null!;
    private LoadedConfig _config = null!;
    private SqliteDatabase _database = null!;
    private TimeZoneInfo _zone = null!;

    private string Exports => Path.Combine(_folder.Root, "exports");

    [OneTimeSetUp]
    public async Task GenerateMarchAsync()
    {
        _folder = new TestFolder();
        var json = JsonNode.Parse(File.ReadAllText(_folder.Config), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
        json["reports"] = new JsonObject { ["exportFolder"] = Exports };
        File.WriteAllText(_folder.Config, json.ToJsonString());
        _config = ConfigLoader.Load(_folder.Config);
        _zone = TimeZones.Find(_config.Options.Estate.TimeZone)!;
        _database = await SqliteDatabase.OpenAsync(_folder.Database, TimeProvider.System);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 2, 28, 12, 0, 0, TimeSpan.Zero));
        _traffic = await GeneratedTraffic.WriteAsync(_database, clock, "fenglin-anzhi", _config.Tariffs, _zone, March, 31, 25, seed: 2026);
    }

    [OneTimeTearDown]
    public void Clean()
    {
        SqliteConnection.ClearAllPools();
        _folder.Dispose();
    }

    private async Task<PeriodReport> MonthAsync()
    {
        var (from, until) = Cli.ReportCommands.Period(March, March.AddMonths(1), _zone);
        return await new ReportStore(_database, new LedgerStore(_database, TimeProvider.System, "fenglin-anzhi"), TimeProvider.System).ReportAsync(from, until, ["out-1"], 7);
    }

    [Test]
    public async Task A_generated_month_adds_up_to_the_fen_by_category_and_by_channel()
    {
        var income = (await MonthAsync()).Income;
        Assert.That(_traffic.TotalFen, Is.GreaterThan(0));
        foreach (var channel in PaymentChannel.All)
        {
            Assert.That(income.ByChannel[channel], Is.EqualTo(_traffic.Channel(channel)), channel);
        }

        foreach (var kind in Domain.Reports.IncomeSummary.Categories)
        {
            Assert.That(income.ByCategory[kind], Is.EqualTo(_traffic.Category(kind)), kind.ToName());
            Assert.That(income.CountByCategory[kind], Is.EqualTo(_traffic.Counts.GetValueOrDefault(kind)), kind.ToName());
        }

        Assert.That(income.TotalFen, Is.EqualTo(_traffic.TotalFen));
        Assert.That(income.ByChannel.Values.Sum(), Is.EqualTo(income.TotalFen), "cash + WeChat + Alipay + other = total");
        Assert.That(income.ByCategory.Values.Sum(), Is.EqualTo(income.TotalFen));
        Assert.That((income.ByCategory[LedgerKind.Refund], income.ByCategory[LedgerKind.Reversal]), Is.EqualTo((_traffic.Category(LedgerKind.Refund), _traffic.Category(LedgerKind.Reversal))));
        Assert.That(income.ByCategory[LedgerKind.Refund], Is.LessThan(0), "refunds net out of the income");
        Assert.That(income.ByCategory[LedgerKind.Reversal], Is.LessThan(0), "reversals net out of the income");
        Assert.That(income.CashDepositedFen, Is.EqualTo(_traffic.DepositedFen));
        Assert.That(income.ManualOpenings, Has.Count.EqualTo(_traffic.ManualOpenings));
        Assert.That(income.FreeExits.Count(e => e.Reason == "救护车/紧急情况"), Is.EqualTo(_traffic.FreeExitsByHand));
    }

    [Test]
    public async Task The_report_agrees_with_a_plain_sum_over_the_ledger_and_with_the_month_digest()
    {
        var report = await MonthAsync();
        await using var connection = await _database.OpenConnectionAsync();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(sum(amount_fen), 0) FROM ledger WHERE kind IN ('visitor-fee', 'pass-sale', 'refund', 'reversal') AND seq BETWEEN $a AND $b;";
        command.Parameters.AddWithValue("$a", report.FirstSeq);
        command.Parameters.AddWithValue("$b", report.LastSeq);
        Assert.That((long)(await command.ExecuteScalarAsync())!, Is.EqualTo(report.Income.TotalFen));

        var digest = new DigestBuilder("fenglin-anzhi", "2026-03", report.FirstSeq - 1, "");
        foreach (var entry in new LedgerStore(_database, TimeProvider.System, "fenglin-anzhi").ReadAll(report.FirstSeq, report.LastSeq))
        {
            digest.Add(entry);
        }

        var sums = digest.Build().SumsFen;
        Assert.That(sums[PaymentChannel.Cash], Is.EqualTo(report.Income.ByChannel[PaymentChannel.Cash] - report.Income.CashDepositedFen), "the digest's cash is the drawer: income less deposits");
        Assert.That(sums[PaymentChannel.WeChat], Is.EqualTo(report.Income.ByChannel[PaymentChannel.WeChat]));
        Assert.That(sums[PaymentChannel.Alipay], Is.EqualTo(report.Income.ByChannel[PaymentChannel.Alipay]));
        Assert.That(report.Visits, Is.EqualTo(_traffic.Visits));
        Assert.That(report.Anomalies, Is.Empty, "every visitor exit of the generated month has its ledger entry");
    }

    [Test]
    public async Task The_monthly_report_command_prints_the_totals()
    {
        var run = await new CliRunner(_folder).RunAsync("report", "monthly", "--month", "2026-03");
        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        Assert.That(run.Out, Does.Contain("停车收入月报 monthly report 2026-03"));
        Assert.That(run.Out, Does.Match($@"合计 total\s+{Domain.Money.Yuan(_traffic.TotalFen).Replace(".", "\\.", StringComparison.Ordinal)}"));
        Assert.That(run.Out, Does.Contain($"人工开闸 manual openings: {_traffic.ManualOpenings}"));

        var bad = await new CliRunner(_folder).RunAsync("report", "monthly", "--month", "2026-13");
        Assert.That(bad.ExitCode, Is.EqualTo(Cli.ExitCodes.UsageOrConfig));
        Assert.That(bad.Err, Does.Contain("2026-13"));
    }

    [Test]
    public async Task The_xlsx_export_holds_the_right_values_when_read_back()
    {
        var run = await new CliRunner(_folder).RunAsync("export", "--from", "2026-03-01", "--to", "2026-03-31", "--format", "xlsx");
        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        var path = Path.Combine(Exports, "fenglin-anzhi-20260301-20260331.xlsx");
        Assert.That(File.Exists(path), Is.True, "the file name carries the estate and the period");
        Assert.That(MiniExcel.GetSheetNames(path), Is.EqualTo(new[] { "明细", "汇总", "免费放行与人工开闸", "异常与长期停放" }));
        var detail = MiniExcel.Query(path, useHeaderRow: true, sheetName: "明细").Cast<IDictionary<string, object>>().ToList();
        Assert.That(detail[0].Keys, Is.EqualTo(ParkingGate.Reports.PeriodExport.DetailColumns));
        var expectedRows = _traffic.Counts.Values.Sum();
        Assert.That(detail, Has.Count.EqualTo(expectedRows));
        var paid = detail.Sum(r => Convert.ToDecimal(r["实收"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(paid, Is.EqualTo(_traffic.TotalFen / 100m));
        var wechat = detail.Where(r => (string)r["支付方式"] == "微信").Sum(r => Convert.ToDecimal(r["实收"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(wechat, Is.EqualTo(_traffic.Channel(PaymentChannel.WeChat) / 100m));
        var summary = MiniExcel.Query(path, useHeaderRow: true, sheetName: "汇总").Cast<IDictionary<string, object>>().ToList();
        Assert.That(Convert.ToDecimal(summary.Single(r => (string)r["项目"] == "合计")["金额"], System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(_traffic.TotalFen / 100m));
        var openings = MiniExcel.Query(path, useHeaderRow: true, sheetName: "免费放行与人工开闸").Cast<IDictionary<string, object>>().ToList();
        Assert.That(openings.Count(r => (string)r["类型"] == "人工开闸"), Is.EqualTo(_traffic.ManualOpenings));
    }

    [Test]
    public async Task The_csv_export_is_utf8_with_a_bom_and_chinese_headers()
    {
        var run = await new CliRunner(_folder).RunAsync("export", "--from", "2026-03-01", "--to", "2026-03-07", "--format", "csv", "--out", "march-week1.csv");
        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Exports, "march-week1.csv"));
        Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "Excel needs the BOM to read UTF-8");
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines[0], Is.EqualTo(string.Join(',', ParkingGate.Reports.PeriodExport.DetailColumns)));
        Assert.That(lines.Skip(1), Has.Some.Contains("临时停车费").And.Some.Contains("粤B"));
    }

    [Test]
    public async Task An_export_outside_the_folder_or_of_an_empty_period_writes_nothing()
    {
        var outside = await new CliRunner(_folder).RunAsync("export", "--from", "2026-03-01", "--to", "2026-03-31", "--out", "../escaped.xlsx");
        Assert.That(outside.ExitCode, Is.EqualTo(Cli.ExitCodes.UsageOrConfig));
        Assert.That(outside.Err, Does.Contain("outside the export folder"));
        Assert.That(File.Exists(Path.Combine(_folder.Root, "escaped.xlsx")), Is.False);

        var empty = await new CliRunner(_folder).RunAsync("export", "--from", "2025-01-01", "--to", "2025-01-31", "--format", "csv");
        Assert.That(empty.ExitCode, Is.EqualTo(Cli.ExitCodes.Failed));
        Assert.That(empty.Err, Does.Contain("no entries"));
        Assert.That(File.Exists(Path.Combine(Exports, "fenglin-anzhi-20250101-20250131.csv")), Is.False);
        Assert.That(Directory.Exists(Exports) ? Directory.GetFiles(Exports, "*.part") : [], Is.Empty);
    }

    [Test]
    public async Task A_visitor_let_out_without_a_ledger_entry_is_listed_as_an_anomaly()
    {
        var at = new DateTimeOffset(2026, 4, 15, 4, 0, 0, TimeSpan.Zero); // after the generated month, which has none
        await new LaneEventStore(_database).AppendAsync(new LaneEventRecord(0, at, "out-1", "r-x", "粤Z99999", "粤Z99999", ParkingGate.Domain.Lanes.LaneOutcome.Opened, ParkingGate.Domain.Lanes.Visitor.Visitor, new("测试", "test"), null, null, null));
        var run = await new CliRunner(_folder).RunAsync("report", "daily", "--date", "2026-04-15");
        Assert.That(run.Out, Does.Contain("无入账出场 exits without a ledger entry: 1"));
        Assert.That(run.Out, Does.Contain("粤Z99999"));
    }

    [Test]
    public async Task The_disclosure_sheet_prints_to_one_a4_page_with_the_months_totals()
    {
        var expenses = ParkingGate.Domain.TextFileEncoding.Gbk.GetBytes("日期,项目,金额,凭证号\n2026-03-10,道闸维修,350.00,FP-2026-031\n2026-03-20,照明电费,120.50,DF-0320\n");
        var expenseFile = Path.Combine(_folder.Root, "支出.csv");
        await File.WriteAllBytesAsync(expenseFile, expenses);
        foreach (var lane in new[] { "in-1", "out-1" })
        {
            await new LaneEventStore(_database).AppendAsync(new LaneEventRecord(0, new DateTimeOffset(2026, 3, 15, 2, 0, 0, TimeSpan.Zero), lane, $"r-{lane}", "湘A1234警", "湘A1234警",
                ParkingGate.Domain.Lanes.LaneOutcome.Opened, ParkingGate.Domain.Lanes.Visitor.Special, new("特种车辆（警车）免费通行", "special vehicle (police): free passage"), null, null, null) { Special = "警车" });
        }

        var run = await new CliRunner(_folder).RunAsync("disclosure", "--month", "2026-03", "--out", "公示-2026-03.html", "--expenses", expenseFile);
        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        var html = Path.Combine(Exports, "公示-2026-03.html");

        using var playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(html).AbsoluteUri);
        Assert.That(await page.InnerTextAsync("#total"), Is.EqualTo(Domain.Money.Yuan(_traffic.TotalFen)));
        Assert.That(await page.InnerTextAsync("#channel-wechat"), Is.EqualTo(Domain.Money.Yuan(_traffic.Channel(PaymentChannel.WeChat))));
        Assert.That(await page.InnerTextAsync("#channel-cash"), Is.EqualTo(Domain.Money.Yuan(_traffic.Channel(PaymentChannel.Cash))));
        Assert.That(await page.InnerTextAsync("#visits"), Is.EqualTo(_traffic.Visits.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(await page.InnerTextAsync("#spent"), Is.EqualTo("470.50"));
        Assert.That(await page.InnerTextAsync("#specials"), Is.EqualTo("警车 2 次"));
        Assert.That(await page.InnerTextAsync("#balance"), Is.EqualTo(Domain.Money.Yuan(_traffic.TotalFen - 47_050)));
        Assert.That(await page.InnerTextAsync("#digest"), Does.StartWith("PGD1 estate=fenglin-anzhi period=month:2026-03"));
        Assert.That(await page.InnerTextAsync("body"), Does.Contain("道闸维修").And.Contain("parkinggate_verify.py"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(TestContext.CurrentContext.WorkDirectory, "disclosure-2026-03.png"), FullPage = true });
        var pdf = await page.PdfAsync(new() { Format = "A4", PrintBackground = true, PreferCSSPageSize = true });
        Assert.That(Encoding.ASCII.GetString(pdf, 0, 5), Is.EqualTo("%PDF-"));
        Assert.That(System.Text.RegularExpressions.Regex.Count(Encoding.Latin1.GetString(pdf), @"/Type\s*/Page[^s]"), Is.EqualTo(1), "one A4 page for the notice board");
        var pdfPath = Path.Combine(TestContext.CurrentContext.WorkDirectory, "disclosure-2026-03.pdf");
        await File.WriteAllBytesAsync(pdfPath, pdf);
        TestContext.AddTestAttachment(pdfPath, "the disclosure sheet as printed");
    }
}
