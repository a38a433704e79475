using System.Collections.Concurrent;
using System.Net;
using Microsoft.Playwright;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Gate.Lanes;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Host.Tests.Desk;

/// <summary>Forms that must not be fooled: markup, languages, double submits, quotes and SQL, the accountant's exports.</summary>
public sealed partial class DeskBrowserTests
{
    [Test]
    public async Task Markup_in_a_name_is_shown_as_text_and_bad_fields_change_nothing()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "li");
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await page.FillAsync("#room", "4-3-601");
        await page.FillAsync("#name", "<script>alert('x')</script>\"'");
        await page.FillAsync("#phone", "13807310044");
        await page.FillAsync("#plate0", "湘A9Z999");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("<script>alert('x')</script>");
        Assert.That(dialogs, Is.Zero, "the name was rendered as text, not run");

        foreach (var (room, plate, message) in new[] { ("9-9-999", "湘A11111", "9"), ("4-3-602", "湘A#123", "车牌有误"), ("4-3-601", "湘A22222", "4-3-601") })
        {
            await page.FillAsync("#room", room);
            await page.FillAsync("#name", "张三");
            await page.FillAsync("#phone", "13807310055");
            await page.FillAsync("#plate0", plate);
            await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator(".problem")).ToContainTextAsync(message);
        }

        var registry = new ParkingGate.Storage.Registry.RegistryStores(Database, TimeProvider.System, new ParkingGate.Storage.Ledger.LedgerStore(Database, TimeProvider.System, "fenglin-anzhi"));
        Assert.That(await registry.Vehicles.FindVehicleAsync("湘A22222"), Is.Null, "a refused form wrote nothing");
        Assert.That(await registry.Vehicles.FindVehicleAsync("湘A11111"), Is.Null);
        await ScreenshotAsync(page, "households-refused");
    }

    [Test]
    public async Task The_desk_switches_to_english_and_back()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "wang");
        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Households");
        await page.GotoAsync("/inside");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("Inside now");
        await page.GetByRole(AriaRole.Link, new() { Name = "中文" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync("场内车辆");
        await ScreenshotAsync(page, "inside");
        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/login", StringComparison.Ordinal));
        var response = await page.GotoAsync("/inside");
        Assert.That(page.Url, Does.Contain("/login"), "signed out: the pages need sign-in again");
        Assert.That(response!.Status, Is.EqualTo(200));
    }

    [Test]
    public async Task A_pass_form_submitted_twice_sells_one_pass_and_prints_one_receipt()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "li");
        await page.GotoAsync("/passes");
        var html = await page.ContentAsync();
        var antiforgery = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var once = System.Text.RegularExpressions.Regex.Match(html, "name=\"token\" value=\"([0-9a-f]{32})\"").Groups[1].Value;
        Assert.That((antiforgery.Length > 0, once.Length), Is.EqualTo((true, 32)));
        var ledger = new LedgerStore(Database, TimeProvider.System, "fenglin-anzhi");
        var before = (await ledger.HeadAsync())?.Seq ?? 0;
        for (var i = 0; i < 2; i++)
        {
            var form = page.Context.APIRequest.CreateFormData()
                .Set("__RequestVerificationToken", antiforgery).Set("token", once).Set("plate", "湘F12345").Set("months", "1")
                .Set("amount", "120").Set("channel", "wechat").Set("reference", "wx-pass-42");
            var response = await page.Context.APIRequest.PostAsync("/passes?handler=Sell", new() { Form = form, MaxRedirects = 0 });
            Assert.That(response.Status, Is.EqualTo(i == 0 ? 302 : 200), $"submission {i + 1}");
            if (i == 1)
            {
                Assert.That(await response.TextAsync(), Does.Contain("此表单已提交过"));
            }
        }

        var entries = ledger.ReadAll(before + 1).ToList();
        Assert.That(entries.Count(e => e.Kind == ParkingGate.Domain.Ledger.LedgerKind.PassSale && e.Plate == "湘F12345"), Is.EqualTo(1));
        await page.GotoAsync($"/passes?receipt={entries.Single(e => e.Plate == "湘F12345").Seq}");
        await Assertions.Expect(page.Locator("#receipt")).ToContainTextAsync("120.00");
        await ScreenshotAsync(page, "pass-receipt");
    }

    [Test]
    public async Task A_search_with_quotes_and_sql_is_just_text_and_actions_are_in_the_audit_log_by_name()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "li");
        await page.GotoAsync("/households?q=" + Uri.EscapeDataString("' OR 1=1; DROP TABLE households; --"));
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("共 0 户");
        await page.GotoAsync("/blocklist");
        await page.FillAsync("#plate", "湘A77777");
        await page.FillAsync("#reason", "堵塞消防通道");
        await page.GetByRole(AriaRole.Button, new() { Name = "加入黑名单" }).ClickAsync();
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("湘A77777");

        var committee = await NewPageAsync();
        await SignInAsync(committee, "wang");
        await committee.GotoAsync("/audit?who=li");
        await Assertions.Expect(committee.Locator("table")).ToContainTextAsync("加入黑名单");
        await Assertions.Expect(committee.Locator("table")).ToContainTextAsync("车牌 湘A77777，原因 堵塞消防通道");
        await Assertions.Expect(committee.Locator("table")).ToContainTextAsync("登录");
        await Assertions.Expect(committee.Locator("details").First).Not.ToHaveAttributeAsync("open", ""); // the full record on demand
        await ScreenshotAsync(committee, "audit");
        Assert.That(await new ParkingGate.Storage.Registry.RegistryStores(Database, TimeProvider.System, new ParkingGate.Storage.Ledger.LedgerStore(Database, TimeProvider.System, "fenglin-anzhi")).Households.ListHouseholdsAsync(), Is.Not.Empty, "the households table is still there");
    }

    [Test]
    public async Task The_accountant_reads_the_month_exports_it_and_the_committee_prints_the_disclosure()
    {
        var ledger = new LedgerStore(Database, TimeProvider.System, "fenglin-anzhi");
        await ledger.DepositCashAsync(100, "slip-test", "chen"); // at least one entry this month
        var month = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        await using var connection = await Database.OpenConnectionAsync();
        using var sum = connection.CreateCommand();
        sum.CommandText = "SELECT coalesce(sum(amount_fen), 0) FROM ledger WHERE kind IN ('visitor-fee', 'pass-sale', 'refund', 'reversal');";
        var total = (long)(await sum.ExecuteScalarAsync())!; // everything the fixture wrote is from this month

        var page = await NewPageAsync();
        await SignInAsync(page, "chen");
        Assert.That(page.Url, Does.EndWith("/ledger"), "an accountant starts at the ledger");
        await page.GotoAsync($"/reports?month={month}");
        await Assertions.Expect(page.Locator("#total")).ToHaveTextAsync(ParkingGate.Domain.Money.Yuan(total));
        await ScreenshotAsync(page, "reports");
        var xlsx = await page.Context.APIRequest.GetAsync(await page.GetByRole(AriaRole.Link, new() { Name = "导出 Excel" }).GetAttributeAsync("href") ?? "/missing");
        Assert.That(xlsx.Status, Is.EqualTo(200));
        Assert.That(xlsx.Headers["content-disposition"], Does.Contain("fenglin-anzhi-"));
        var bytes = await xlsx.BodyAsync();
        Assert.That(System.Text.Encoding.ASCII.GetString(bytes, 0, 2), Is.EqualTo("PK"), "an .xlsx is a zip");
        using (var stream = new MemoryStream(bytes))
        {
            var rows = MiniExcelLibs.MiniExcel.Query(stream, useHeaderRow: true, sheetName: "明细").Cast<IDictionary<string, object>>().ToList();
            Assert.That(rows.Sum(r => Convert.ToDecimal(r["实收"], System.Globalization.CultureInfo.InvariantCulture)), Is.EqualTo(total / 100m));
        }

        var committee = await NewPageAsync();
        await SignInAsync(committee, "zhao2");
        await committee.GotoAsync($"/reports?handler=Disclosure&month={month}");
        await Assertions.Expect(committee.Locator("#total")).ToHaveTextAsync(ParkingGate.Domain.Money.Yuan(total));
        await Assertions.Expect(committee.Locator("#digest")).ToContainTextAsync("PGD1 estate=fenglin-anzhi period=month:");
        await ScreenshotAsync(committee, "disclosure");

        var clerk = await NewPageAsync();
        await SignInAsync(clerk, "li");
        Assert.That((await clerk.GotoAsync("/reports"))!.Status, Is.EqualTo(403));
    }
}
