using System.Collections.Concurrent;
using System.Net;
using Microsoft.Playwright;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Gate.Lanes;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Host.Tests.Desk;

/// <summary>The desk in a real browser: what clerks, the booth and the committee do with it.</summary>
public sealed partial class DeskBrowserTests : DeskFixture
{
    private readonly ConcurrentQueue<LaneDecision> _decisions = new();

    [SetUp]
    public void Listen()
    {
        _decisions.Clear();
        Gate.Decided -= _decisions.Enqueue;
        Gate.Decided += _decisions.Enqueue;
    }

    [Test]
    public async Task A_clerk_registers_a_household_with_two_plates_and_the_camera_then_opens_for_one()
    {
        var page = await NewPageAsync();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await SignInAsync(page, "li");
        Assert.That(page.Url, Does.EndWith("/households"), "a clerk starts on the households page");
        await page.FillAsync("#room", "2-1-302");
        await page.FillAsync("#name", "刘芳");
        await page.FillAsync("#phone", "13807310022");
        await page.FillAsync("#plate0", "湘A2B345");
        await page.FillAsync("#plate1", "湘AK7788");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("已登记 2-1-302 刘芳，车辆 2 辆：湘A2B345、湘AK7788");
        TestContext.Out.WriteLine($"signed in and registered a household with two plates in {started.Elapsed.TotalSeconds:0.0} s of browser time");
        await Assertions.Expect(page.Locator("table")).ToContainTextAsync("湘A2B345、湘AK7788");
        await ScreenshotAsync(page, "households-registered");

        var pulses = CameraIn.Pulses.Count;
        await CameraIn.ReadAsync("湘AK7788", 95);
        await WaitAsync(() => _decisions.Any(d => d.Plate == "湘AK7788"), "the entry decision");
        Assert.That(_decisions.First(d => d.Plate == "湘AK7788") is { Outcome: LaneOutcome.Opened, Who: Visitor.Resident }, Is.True);
        await WaitAsync(() => CameraIn.Pulses.Count > pulses, "the barrier pulse");
    }

    [Test]
    public async Task A_plate_one_confusable_character_from_a_registered_one_must_be_confirmed()
    {
        var registry = new ParkingGate.Storage.Registry.RegistryStores(Database, TimeProvider.System, new ParkingGate.Storage.Ledger.LedgerStore(Database, TimeProvider.System, "fenglin-anzhi"));
        var draft = HouseholdDraft.Create("5-1-101", "黄伟", "13807310066", 2, new RegistryRules(new EstateLayout([(5, 2)]), 2, 4));
        Assert.That((await registry.Households.AddHouseholdWithVehiclesAsync(draft.Value!, [(Plate.Parse("湘A6B808"), VehicleClass.Small)], "setup")).IsSuccess, Is.True);

        var page = await NewPageAsync();
        await SignInAsync(page, "qian");
        await page.FillAsync("#room", "2-1-303");
        await page.FillAsync("#name", "周强");
        await page.FillAsync("#phone", "13807310033");
        await page.FillAsync("#plate0", "湘A6B8D8"); // D for 0: a camera could read one as the other
        await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".problem").Last).ToContainTextAsync("湘A6B8D8 与已登记的 湘A6B808 只差一个易混字符");
        Assert.That(await registry.Vehicles.FindVehicleAsync("湘A6B8D8"), Is.Null, "not registered before it is confirmed");
        await ScreenshotAsync(page, "households-confusable");
        await page.GetByLabel("已核对，确认登记").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("已登记 2-1-303");
        Assert.That(await registry.Vehicles.FindVehicleAsync("湘A6B8D8"), Is.Not.Null);
    }

    [Test]
    public async Task The_booth_takes_cash_from_a_visitor_and_the_exit_opens_and_runs_its_shift()
    {
        await NoShiftAsync();
        var stay = await new StayStore(Database, TimeProvider.System, new LedgerStore(Database, TimeProvider.System, "fenglin-anzhi"))
            .EnterAsync(new StayEntry(Plate.Parse("粤B54321"), VehicleClass.Small, "in-1", DateTimeOffset.UtcNow.AddHours(-3), null, false), "test");
        Assert.That(stay.IsSuccess, Is.True);
        await CameraOut.ReadAsync("粤B54321", 95);
        await WaitAsync(() => _decisions.Any(d => d.Plate == "粤B54321" && d.Outcome == LaneOutcome.AwaitingPayment), "the exit to wait for payment");

        var page = await NewPageAsync();
        await SignInAsync(page, "zhou");
        Assert.That(page.Url, Does.EndWith("/booth"), "a cashier starts at the booth");
        await page.GotoAsync("/shift");
        await page.FillAsync("#float", "100");
        await page.GetByRole(AriaRole.Button, new() { Name = "开班" }).ClickAsync();
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("已开班");

        await page.GotoAsync("/booth");
        var card = page.Locator($"#stay-{stay.Value!.Id}");
        await Assertions.Expect(card).ToContainTextAsync("粤B54321");
        await Assertions.Expect(card).ToContainTextAsync("应收");
        await Assertions.Expect(card.Locator("li").First).ToBeVisibleAsync(); // the explanation lines
        await ScreenshotAsync(page, "booth-waiting");
        var pulses = CameraOut.Pulses.Count;
        // the car just read at the exit is on top and selected, its cash button focused: Enter takes the cash
        await Assertions.Expect(page.Locator("section.queue tbody tr").First).ToHaveIdAsync($"q-s{stay.Value!.Id}");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("已收现金") })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("已开闸");
        await WaitAsync(() => CameraOut.Pulses.Count > pulses, "the exit barrier pulse");
        var closed = await new StayStore(Database, TimeProvider.System, new LedgerStore(Database, TimeProvider.System, "fenglin-anzhi")).FindAsync(stay.Value!.Id);
        Assert.That(closed, Is.Not.Null);
        Assert.That(closed!.Status, Is.EqualTo(StayStatus.Closed));
        Assert.That(closed.LedgerSeq, Is.Not.Null, "the cash is in the ledger");

        // Close the shift: the counted cash, and a second signatory with their own password.
        await page.GotoAsync("/shift");
        var due = closed.FeeFen ?? 0;
        await page.FillAsync("#counted", ParkingGate.Domain.Money.Yuan(10_000 + due));
        await page.FillAsync("#witness", "zhou");
        await page.FillAsync("#witnessPassword", Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "交班并生成摘要" }).ClickAsync();
        await Assertions.Expect(page.Locator(".problem")).ToContainTextAsync("复核人必须是另一位用户");
        await page.FillAsync("#counted", ParkingGate.Domain.Money.Yuan(10_000 + due));
        await page.FillAsync("#witness", "sun");
        await page.FillAsync("#witnessPassword", Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "交班并生成摘要" }).ClickAsync();
        await Assertions.Expect(page.Locator("#sheet")).ToContainTextAsync("PGD1 estate=fenglin-anzhi");
        await Assertions.Expect(page.Locator("#sheet")).ToContainTextAsync("0.00");
        await Assertions.Expect(page.Locator("#sheet")).ToContainTextAsync("备用金100.00 元"); // the float, on paper
        await Assertions.Expect(page.Locator("#sheet")).ToContainTextAsync("复核人sun");
        await ScreenshotAsync(page, "shift-sheet");
    }

    [Test]
    public async Task Opening_by_hand_without_a_reason_is_refused_and_with_one_is_in_the_ledger()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "zhou");
        await page.GotoAsync("/lanes");
        var ledger = new LedgerStore(Database, TimeProvider.System, "fenglin-anzhi");
        var before = (await ledger.HeadAsync())?.Seq ?? 0;
        var pulses = CameraIn.Pulses.Count;
        await page.GetByRole(AriaRole.Button, new() { Name = "开闸", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".problem")).ToContainTextAsync("人工开闸必须填写原因");
        Assert.That((await ledger.HeadAsync())?.Seq ?? 0, Is.EqualTo(before), "nothing written");
        Assert.That(CameraIn.Pulses.Count, Is.EqualTo(pulses), "nothing opened");

        await page.SelectOptionAsync("#lane", "in-1");
        await page.FillAsync("#reason", "救护车进入");
        await page.GetByRole(AriaRole.Button, new() { Name = "开闸", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("in-1 已开闸，已记入账本");
        var head = await ledger.HeadAsync();
        Assert.That((head!.Kind, head.Reason, head.Operator), Is.EqualTo((ParkingGate.Domain.Ledger.LedgerKind.ManualOpening, "救护车进入", "zhou")));
        await WaitAsync(() => CameraIn.Pulses.Count > pulses, "the barrier pulse");
        await ScreenshotAsync(page, "lanes");
    }

    [Test]
    public async Task A_clerk_cannot_open_the_accountants_pages()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "li");
        var response = await page.GotoAsync("/ledger");
        Assert.That(response!.Status, Is.EqualTo(403));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("无权访问");
        response = await page.GotoAsync("/booth");
        Assert.That(response!.Status, Is.EqualTo(403));

        var accountant = await NewPageAsync();
        await SignInAsync(accountant, "chen");
        await accountant.GotoAsync("/ledger");
        await accountant.GetByRole(AriaRole.Button, new() { Name = "校验整本账" }).ClickAsync();
        await Assertions.Expect(accountant.Locator(".done")).ToContainTextAsync("校验通过");
        await ScreenshotAsync(accountant, "ledger");
    }

    [Test]
    public async Task Every_page_needs_sign_in()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(Url) };
        foreach (var path in new[] { "/", "/households", "/booth", "/lanes", "/inside", "/ledger", "/audit", "/passes", "/blocklist", "/shift", "/pictures/x.jpg" })
        {
            var response = await http.GetAsync(path);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect), path);
            Assert.That(response.Headers.Location!.ToString(), Does.Contain("/login"), path);
        }
    }

    [Test]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "zhou");
        var pulses = CameraIn.Pulses.Count;
        var response = await page.Context.APIRequest.PostAsync("/lanes?handler=Open", new()
        {
            Form = page.Context.APIRequest.CreateFormData().Set("lane", "in-1").Set("reason", "forged request"),
        });
        Assert.That(response.Status, Is.EqualTo(400));
        Assert.That(CameraIn.Pulses.Count, Is.EqualTo(pulses));

        using var http = new HttpClient { BaseAddress = new Uri(Url) };
        var login = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "wang", ["password"] = Password }));
        Assert.That(login.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var page = await NewPageAsync();
        for (var i = 0; i < 5; i++)
        {
            await SignInAsync(page, "zhao", "wrong-password");
        }

        await Assertions.Expect(page.Locator(".problem")).ToContainTextAsync("账户已锁定");
        await SignInAsync(page, "zhao");
        await Assertions.Expect(page.Locator(".problem")).ToContainTextAsync("账户已锁定");
        Assert.That(page.Url, Does.Contain("/login"));
        await ScreenshotAsync(page, "locked");
    }
}
