using Microsoft.Playwright;
using ParkingGate.Domain.Conduct;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Storage.Conduct;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Host.Tests.Desk;

public sealed partial class DeskBrowserTests
{
    /// <summary>A real image (a 1×1 PNG), so the browser can show it.</summary>
    private static readonly byte[] PhotoPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private ConductStore Conduct => new(Database, TimeProvider.System, "fenglin-anzhi", ConductStore.PhotoFolderBeside(Database.Path));

    private static ConductRules ConductRules => ConductRulesParser.Parse(File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "config", "conduct", "fenglin-conduct.json"))).Value!;

    private async Task<RegistryStores> HouseholdWithPlateAsync(string room, string plate)
    {
        var registry = new RegistryStores(Database, TimeProvider.System, new LedgerStore(Database, TimeProvider.System, "fenglin-anzhi"));
        Assert.That(RoomNumber.TryParse(room, out var parsed, out _), Is.True);
        Assert.That((await registry.Households.AddHouseholdAsync(new HouseholdDraft(parsed!, "何勇", "13907310456", 2), "li")).IsSuccess, Is.True);
        Assert.That((await registry.Vehicles.AddVehicleAsync(parsed!, Plate.Parse(plate), VehicleClass.Small, "li")).IsSuccess, Is.True);
        Gate.RegistryChanged();
        return registry;
    }

    [Test]
    public async Task A_patroller_records_a_violation_from_a_phone_confirming_a_near_plate_without_taking_the_photo_again()
    {
        await HouseholdWithPlateAsync("2-2-402", "湘A3H838");
        var phone = await Browser.NewContextAsync(new() { BaseURL = Url, ViewportSize = new() { Width = 390, Height = 844 }, Locale = "zh-CN", IsMobile = true, HasTouch = true });
        var page = await phone.NewPageAsync();
        await SignInAsync(page, "liu");
        Assert.That(page.Url, Does.EndWith("/conduct/report"), "a patroller starts on the report page");
        await Assertions.Expect(page.Locator("header")).Not.ToContainTextAsync("场内车辆");
        await Assertions.Expect(page.Locator("header")).Not.ToContainTextAsync("红黑榜");

        await page.FillAsync("#plate", "湘A3HB38");
        await page.SelectOptionAsync("#kind", "fire-lane");
        await page.FillAsync("#place", "2栋北侧消防通道");
        await page.SetInputFilesAsync("#photos", new FilePayload { Name = "IMG_0412.png", MimeType = "image/png", Buffer = PhotoPng });
        var record = page.GetByRole(AriaRole.Button, new() { Name = "登记" });
        await record.ClickAsync();
        await Assertions.Expect(page.Locator(".problem")).ToContainTextAsync("只差一个易混字符");
        await Assertions.Expect(page.Locator("#held")).ToContainTextAsync("已上传 1 张照片，不必重拍");
        await Assertions.Expect(page.Locator("#place")).ToHaveValueAsync("2栋北侧消防通道");
        await ScreenshotAsync(page, "conduct-report-confirm");

        await page.GetByLabel("湘A3H838（2-2-402）").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登记" }).ClickAsync();
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("湘A3H838（2-2-402） 堵塞消防通道，照片 1 张");
        await Assertions.Expect(page.Locator("#mine")).ToContainTextAsync("湘A3H838");
        var box = await page.GetByRole(AriaRole.Button, new() { Name = "登记" }).BoundingBoxAsync();
        Assert.That(box!.Width, Is.GreaterThan(300), "the button fills the phone's width");
        await ScreenshotAsync(page, "conduct-report-done");

        var violation = (await Conduct.ViolationsAsync()).Single(v => v.Plate == "湘A3H838");
        Assert.That((violation.Room, violation.Reporter, violation.Photos.Count), Is.EqualTo(("2-2-402", "liu", 1)));

        await page.GotoAsync("/conduct");
        Assert.That(page.Url, Does.Contain("/denied"), "a patroller does not browse the register");
        await page.GotoAsync("/inside");
        Assert.That(page.Url, Does.Contain("/denied"));
    }

    [Test]
    public async Task The_committee_accepts_a_proposal_and_the_plate_is_refused_at_the_gate_until_the_blocks_last_day()
    {
        var registry = await HouseholdWithPlateAsync("3-1-201", "湘A7C777");
        var rules = ConductRules;
        foreach (var daysAgo in new[] { 60, 20, 0 })
        {
            var seen = await Conduct.RecordViolationAsync(new ViolationDraft(Plate.Parse("湘A7C777"), "fire-lane", "1栋消防通道", DateTimeOffset.UtcNow.AddDays(-daysAgo).AddMinutes(-5)), [new ConductPhoto(PhotoPng)], rules, "liu");
            Assert.That(seen.IsSuccess, Is.True, () => seen.Problem!.Message);
        }

        var page = await NewPageAsync();
        await SignInAsync(page, "li");
        await page.GotoAsync("/conduct");
        var row = page.Locator("#proposals tr", new() { HasText = "湘A7C777" });
        await Assertions.Expect(row).ToContainTextAsync("90天内3次堵塞消防通道");
        await Assertions.Expect(row).ToContainTextAsync("待村委决定");
        await Assertions.Expect(row.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        page = await NewPageAsync();
        await SignInAsync(page, "he"); // a committee member of their own: another test locks zhao out
        await page.GotoAsync("/conduct");
        await Assertions.Expect(page.Locator("#verdict")).ToContainTextAsync("登记簿校验通过");
        await Assertions.Expect(page.Locator("#violations img.thumb").First).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#violations img.thumb')].every(i => i.complete)");
        Assert.That(await page.Locator("#violations img.thumb").First.EvaluateAsync<int>("img => img.naturalWidth"), Is.EqualTo(1), "the photo is served to the committee");
        row = page.Locator("#proposals tr", new() { HasText = "湘A7C777" });
        await row.GetByRole(AriaRole.Button, new() { Name = "同意，列入黑名单30天" }).ClickAsync();
        await Assertions.Expect(page.Locator(".problem")).ToHaveCountAsync(0);
        Assert.That(await page.Locator("input[name=reason]:invalid").CountAsync(), Is.GreaterThan(0), "the browser asks for the reason first");
        await row.Locator("input[name=reason]").FillAsync("2026年村委会议，5票同意");
        await row.GetByRole(AriaRole.Button, new() { Name = "同意，列入黑名单30天" }).ClickAsync();
        var lastDay = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Date.AddDays(30);
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync($"湘A7C777 列入黑名单至 {lastDay:yyyy-MM-dd}，到期自动解除");
        await Assertions.Expect(page.Locator("#proposals tr", new() { HasText = "湘A7C777" })).ToContainTextAsync("同意（he）：2026年村委会议，5票同意");
        await ScreenshotAsync(page, "conduct-register");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "导出 Excel" }).ClickAsync());
        Assert.That(download.SuggestedFilename, Does.Match(@"^fenglin-anzhi-conduct-\d{4}-\d{2}\.xlsx$"));
        var sheet = MiniExcelLibs.MiniExcel.Query(await download.PathAsync(), useHeaderRow: true, sheetName: "违停明细", excelType: MiniExcelLibs.ExcelType.XLSX).Cast<IDictionary<string, object>>().ToList();
        Assert.That(sheet.Select(r => r["车牌"]), Has.Member("湘A7C777"));

        var entry = await registry.Blocklist.FindBlocklistEntryAsync("湘A7C777");
        Assert.That(entry?.EndsUtc, Is.Not.Null);
        await CameraIn.ReadAsync("湘A7C777", 95);
        await WaitAsync(() => _decisions.Any(d => d.Plate == "湘A7C777"), "the entry decision");
        Assert.That(_decisions.First(d => d.Plate == "湘A7C777").Outcome, Is.EqualTo(LaneOutcome.Refused));
    }

    [Test]
    public async Task The_committee_commends_signs_off_and_prints_last_months_notice_with_plates_masked()
    {
        await HouseholdWithPlateAsync("4-2-301", "湘A8D812");
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone);
        var lastMonth = new DateTimeOffset(today.Year, today.Month, 1, 10, 0, 0, TimeSpan.FromHours(8)).AddMonths(-1);
        foreach (var (plate, kind, day) in new[] { ("湘A8D812", "fire-lane", 3), ("粤B55501", "disorderly", 9), ("湘A8D812", "other-space", 20) })
        {
            var seen = await Conduct.RecordViolationAsync(new ViolationDraft(Plate.Parse(plate), kind, "4栋南侧", lastMonth.AddDays(day)) { ConfirmedPlate = plate }, [], ConductRules, "liu");
            Assert.That(seen.IsSuccess, Is.True, () => seen.Problem!.Message);
        }

        var page = await NewPageAsync();
        await SignInAsync(page, "he"); // a committee member of their own: another test locks zhao out
        await page.GotoAsync("/conduct");
        await page.GetByRole(AriaRole.Link, new() { Name = "月度红黑榜公示" }).ClickAsync();
        await Assertions.Expect(page.Locator("#draft")).ToContainTextAsync("草稿：未经村委签发，不能打印");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(page.Locator("#notice")).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator("#notprintable")).ToContainTextAsync("尚未经村委签发，不能打印");
        await page.EmulateMediaAsync(new() { Media = Media.Screen });

        await page.FillAsync("#who", "4栋 何勇");
        await page.FillAsync("#room", "4-2-301");
        await page.FillAsync("#words", "主动清理消防通道杂物");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#red")).ToContainTextAsync("4栋 何勇（4-2-301）：主动清理消防通道杂物");
        await page.GetByRole(AriaRole.Button, new() { Name = "审核无误，签发" }).ClickAsync();
        await Assertions.Expect(page.Locator("#signed")).ToContainTextAsync("已由 he");

        var notice = page.Locator("#notice");
        await Assertions.Expect(notice).ToContainTextAsync("停车文明红黑榜");
        var rows = await page.Locator("#black tbody tr").CountAsync();
        await Assertions.Expect(notice).ToContainTextAsync($"黑榜（违停 {rows} 次）");
        await Assertions.Expect(page.Locator("#black tbody tr", new() { HasText = "湘A·8**12" })).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#black tbody tr", new() { HasText = "粤B·5**01" })).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#black")).ToContainTextAsync("4-2-3**");
        await Assertions.Expect(page.Locator("#black")).Not.ToContainTextAsync("湘A8D812");
        await Assertions.Expect(page.Locator("#bybuilding")).ToContainTextAsync("4栋 2 次");
        var digest = await page.Locator("#digest").InnerTextAsync();
        Assert.That(Conduct.Verify(digest).Ok, Is.True, "the notice's digest line verifies against the register");

        await page.EmulateMediaAsync(new() { Media = Media.Print });
        await Assertions.Expect(notice).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("header")).ToBeHiddenAsync();
        var pdf = Path.Combine(TestContext.CurrentContext.TestDirectory, "desk-screenshots", "conduct-notice.pdf");
        Directory.CreateDirectory(Path.GetDirectoryName(pdf)!);
        var printed = await page.PdfAsync(new() { Path = pdf, Format = "A4", PrintBackground = true });
        Assert.That(printed.Length, Is.GreaterThan(10_000), "a printed page with text and a QR code");
        await ScreenshotAsync(page, "conduct-notice-print");
    }
}
