using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Host.Tests.Desk;

/// <summary>The booth where the money goes wrong most easily: no shift, no entry record, a form sent twice, English on a Chinese page.</summary>
public sealed partial class DeskBrowserTests
{
    private const string Estate = "fenglin-anzhi";

    private LedgerStore Ledger => new(Database, TimeProvider.System, Estate);

    private ShiftBook Shifts => new(Database, TimeProvider.System, Ledger);

    private StayStore Stays => new(Database, TimeProvider.System, Ledger);

    /// <summary>Closes whatever shift another test left open, so each booth test starts without one.</summary>
    private async Task NoShiftAsync()
    {
        if (await Shifts.CurrentShiftAsync() is { } open)
        {
            Assert.That((await Shifts.CloseShiftAsync(open.ExpectedFen, null, "chen", open.OpenedBy)).IsSuccess, Is.True);
        }
    }

    [Test]
    public async Task Without_a_shift_of_their_own_the_cashier_is_offered_no_cash_button_and_told_why()
    {
        await NoShiftAsync();
        await Stays.EnterAsync(new StayEntry(Plate.Parse("粤B60001"), VehicleClass.Small, "in-1", DateTimeOffset.UtcNow.AddHours(-3), null, false), "test");
        var exit = (await Stays.ExitAsync(new StayExit(Plate.Parse("粤B60001"), VehicleClass.Small, "out-1", DateTimeOffset.UtcNow, null), Tariffs, "test")).Value!;
        var page = await NewPageAsync();
        await SignInAsync(page, "zhou");
        var card = page.Locator($"#stay-{exit.Stay.Id}");

        await page.GotoAsync($"/booth?sel=s{exit.Stay.Id}");
        await Assertions.Expect(page.Locator(".problem").First).ToContainTextAsync("当前没有开班，不能收现金");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("现金") })).ToHaveCountAsync(0);

        Assert.That((await Shifts.OpenShiftAsync(0, "sun")).IsSuccess, Is.True);
        await page.GotoAsync($"/booth?sel=s{exit.Stay.Id}");
        await Assertions.Expect(page.Locator(".problem").First).ToContainTextAsync("当前班次是 sun 开的");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("现金") })).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "booth-someone-elses-shift");

        // a form posted anyway (an old tab) is refused in Chinese and takes nothing
        var before = Ledger.ReadAll().Count();
        Assert.That((await Gate.Settlement.PayCashAsync(exit.Stay.Id, exit.Stay.DueFen!.Value, "zhou")).Problem!.Zh, Does.Contain("现金只能收进收款人自己的班次"));
        Assert.That(Ledger.ReadAll().Count(), Is.EqualTo(before));
        await NoShiftAsync();
    }

    [Test]
    public async Task A_car_with_no_entry_record_is_charged_what_the_cashier_decides_with_a_reason_never_zero()
    {
        await NoShiftAsync();
        var exit = (await Stays.ExitAsync(new StayExit(Plate.Parse("粤Z60002"), VehicleClass.Small, "out-1", DateTimeOffset.UtcNow, null), Tariffs, "test")).Value!;
        Assert.That((exit.Stay.DueFen, exit.Quote.NeedsReview), Is.EqualTo(((long?)0, true)), "the tariff sends a car with no entry record to the booth");
        Assert.That((await Shifts.OpenShiftAsync(5_000, "zhou")).IsSuccess, Is.True);
        var page = await NewPageAsync();
        await SignInAsync(page, "zhou");
        await page.GotoAsync($"/booth?sel=s{exit.Stay.Id}");
        var card = page.Locator($"#stay-{exit.Stay.Id}");
        await Assertions.Expect(card).ToContainTextAsync("无入场记录");
        await Assertions.Expect(card).Not.ToContainTextAsync("小时-");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("已收现金") })).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "booth-no-entry-record");

        await card.GetByLabel("其他金额（元）").FillAsync("6");
        await card.GetByRole(AriaRole.Button, new() { Name = "按此金额收现金" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.problem")).ToContainTextAsync("必须填写原因");
        await Assertions.Expect(page.Locator($"#stay-{exit.Stay.Id}").GetByLabel("其他金额（元）")).ToHaveValueAsync("6");

        await page.Locator($"#stay-{exit.Stay.Id}").GetByLabel("其他金额（元）").FillAsync("0");
        await page.Locator($"#stay-{exit.Stay.Id}").GetByLabel("按其他金额收费的原因").FillAsync("司机说早上进来");
        await page.Locator($"#stay-{exit.Stay.Id}").GetByRole(AriaRole.Button, new() { Name = "按此金额收现金" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.problem")).ToContainTextAsync("免费放行");

        await page.Locator($"#stay-{exit.Stay.Id}").GetByLabel("其他金额（元）").FillAsync("6");
        await page.Locator($"#stay-{exit.Stay.Id}").GetByLabel("按其他金额收费的原因").FillAsync("司机说早上9点进来，按6小时收");
        await page.Locator($"#stay-{exit.Stay.Id}").GetByRole(AriaRole.Button, new() { Name = "按此金额收现金" }).ClickAsync();
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("已收 粤Z60002 现金 6.00 元");
        var fee = Ledger.ReadAll().Last(e => e.Kind == LedgerKind.VisitorFee);
        Assert.That((fee.Plate, fee.AmountFen, fee.Channel, fee.Operator, fee.Reason), Is.EqualTo(("粤Z60002", 600L, PaymentChannel.Cash, "zhou", "司机说早上9点进来，按6小时收")));
        Assert.That(Ledger.ReadAll().Any(e => e.Kind == LedgerKind.VisitorFee && e.AmountFen == 0), Is.False, "never a fee of 0");

        var books = await NewPageAsync();
        await SignInAsync(books, "chen");
        await books.GotoAsync("/ledger");
        await Assertions.Expect(books.Locator("table")).ToContainTextAsync("0.00（备用金 50.00）"); // the shift-open line shows its float
        await Assertions.Expect(books.Locator("table")).ToContainTextAsync("临停收费");
        await NoShiftAsync();
    }

    [Test]
    public async Task Cash_confirmed_twice_is_taken_once_and_the_second_time_says_so()
    {
        await NoShiftAsync();
        await Stays.EnterAsync(new StayEntry(Plate.Parse("粤B60003"), VehicleClass.Small, "in-1", DateTimeOffset.UtcNow.AddHours(-3), null, false), "test");
        var exit = (await Stays.ExitAsync(new StayExit(Plate.Parse("粤B60003"), VehicleClass.Small, "out-1", DateTimeOffset.UtcNow, null), Tariffs, "test")).Value!;
        Assert.That((await Shifts.OpenShiftAsync(0, "zhou")).IsSuccess, Is.True);
        var page = await NewPageAsync();
        await SignInAsync(page, "zhou");
        var second = await page.Context.NewPageAsync(); // the same booth open in a second tab
        await page.GotoAsync($"/booth?sel=s{exit.Stay.Id}");
        await second.GotoAsync($"/booth?sel=s{exit.Stay.Id}");
        var button = new LocatorGetByRoleOptions { NameRegex = new Regex("已收现金") };
        await page.Locator($"#stay-{exit.Stay.Id}").GetByRole(AriaRole.Button, button).ClickAsync();
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("已收 粤B60003");
        await second.Locator($"#stay-{exit.Stay.Id}").GetByRole(AriaRole.Button, button).ClickAsync();
        await Assertions.Expect(second.Locator(".done")).ToContainTextAsync("已收过");
        Assert.That(await second.Locator("p.problem").AllInnerTextsAsync(), Is.Empty);
        Assert.That(Ledger.ReadAll().Count(e => e.Kind == LedgerKind.VisitorFee && e.Plate == "粤B60003"), Is.EqualTo(1));
        await NoShiftAsync();
    }

    [Test]
    public async Task Chinese_pages_carry_no_english_error_and_no_internal_name()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "wang");
        await page.GotoAsync("/blocklist");
        await page.FillAsync("#plate", "湘A1234");
        await page.FillAsync("#reason", "测试");
        await page.GetByRole(AriaRole.Button, new() { Name = "加入黑名单" }).ClickAsync();
        await Assertions.Expect(page.Locator(".problem")).ToContainTextAsync("车牌有误");
        // what a person reads: the page without its digest lines (a format to copy as it is) and the records shown on demand
        const string Readable = "m => { const c = m.cloneNode(true); c.querySelectorAll('code, details').forEach(e => e.remove()); return c.innerText; }";
        var seen = new List<string> { await page.EvalOnSelectorAsync<string>("main", Readable) };
        foreach (var path in new[] { "/booth", "/ledger", "/audit", "/users", "/lanes", "/shift", "/households", "/passes", "/reports", "/inside", "/blocklist" })
        {
            await page.GotoAsync(path);
            seen.Add(await page.EvalOnSelectorAsync<string>("main", Readable));
        }

        // every car the booth has waiting, each as the cashier sees it selected (held reads, exits with no entry record, arrears)
        await page.GotoAsync("/booth");
        foreach (var link in (await page.Locator("section.queue a").EvaluateAllAsync<string[]>("as => as.map(a => a.getAttribute('href'))")).Take(15))
        {
            await page.GotoAsync(link);
            seen.Add(await page.EvalOnSelectorAsync<string>("main", Readable));
        }

        var english = new Regex(@"\b(VisitorFee|FreeExit|ManualOpening|ShiftOpen|ShiftClose|PassSale|CashDeposit|visitor-fee|free-exit|cash|wechat|clerk|cashier|accountant|admin|Small|Large|NewEnergy|household\.\w+|vehicle\.\w+|shift\.\w+|ledger\.\w+|sign-in|is already|must be|not a|has \d+ characters)\b");
        foreach (var text in seen)
        {
            var hits = english.Matches(text).Select(m => m.Value).Distinct().ToList();
            Assert.That(hits, Is.Empty, () => $"English or internal names on a Chinese page: {string.Join(", ", hits)}\n{text[..Math.Min(text.Length, 600)]}");
        }
    }

    [Test]
    public async Task A_held_read_is_settled_from_the_booth_with_the_keyboard_and_only_once()
    {
        var registry = new ParkingGate.Storage.Registry.RegistryStores(Database, TimeProvider.System, Ledger);
        var rules = new ParkingGate.Domain.Registry.RegistryRules(new ParkingGate.Domain.Registry.EstateLayout([(6, 2)]), 2, 4);
        foreach (var (room, plate) in new[] { ("6-1-101", "湘A5S001"), ("6-1-102", "湘AS5001") })
        {
            var draft = ParkingGate.Domain.Registry.HouseholdDraft.Create(room, "住户", "13807310077", 2, rules).Value!;
            Assert.That((await registry.Households.AddHouseholdWithVehiclesAsync(draft, [(Plate.Parse(plate), VehicleClass.Small)], "setup")).IsSuccess, Is.True);
        }

        Gate.RegistryChanged();
        await CameraIn.ReadAsync("湘A55001", 95);
        await WaitAsync(() => _decisions.Any(d => d.PlateRead == "湘A55001"), "the held decision");
        Assert.That(_decisions.Last(d => d.PlateRead == "湘A55001").Outcome, Is.EqualTo(ParkingGate.Domain.Lanes.LaneOutcome.Held));
        var events = new ParkingGate.Storage.Lanes.LaneEventStore(Database);
        var held = (await events.HeldAsync(DateTimeOffset.UtcNow.AddMinutes(-5))).First(e => e.PlateRead == "湘A55001");

        var page = await NewPageAsync();
        await SignInAsync(page, "zhou");
        await page.GotoAsync($"/booth?sel=h{held.Id}");
        var row = page.Locator($"#held-{held.Id}");
        await Assertions.Expect(row).ToContainTextAsync("可能是 湘A5S001 或 湘AS5001");
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "湘A5S001" })).ToBeVisibleAsync();
        await ScreenshotAsync(page, "booth-held");

        // the keyboard alone: the box holds the read and has the focus; a plate that is not one is refused and stays typed
        await Assertions.Expect(row.GetByLabel("湘A55001 的车牌")).ToBeFocusedAsync();
        await Assertions.Expect(row.GetByLabel("湘A55001 的车牌")).ToHaveValueAsync("湘A55001");
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("湘A5S0");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("p.problem").First).ToContainTextAsync("车牌有误");
        await Assertions.Expect(page.Locator($"#held-{held.Id}").GetByLabel("湘A55001 的车牌")).ToHaveValueAsync("湘A5S0");
        var pulses = CameraIn.Pulses.Count;
        // a keyboard with no Chinese input: the letters typed, the province from the plate keys (Tab to it, Enter)
        var box = page.Locator($"#held-{held.Id}").GetByLabel("湘A55001 的车牌");
        await box.FocusAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.TypeAsync("A5S001");
        await page.Locator($"#held-{held.Id} .platekeys button[data-key='湘']").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(box).ToHaveValueAsync("湘A5S001");
        await Assertions.Expect(box).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("湘A5S001：已开闸");
        await WaitAsync(() => CameraIn.Pulses.Count > pulses, "the entry barrier pulse");
        await Assertions.Expect(page.Locator($"#held-{held.Id}")).ToHaveCountAsync(0);
        Assert.That(_decisions.Last(d => d.Plate == "湘A5S001") is { Outcome: ParkingGate.Domain.Lanes.LaneOutcome.Opened, Who: ParkingGate.Domain.Lanes.Visitor.Resident }, Is.True);

        var again = await Gate.Settlement.SettleHeldAsync(held.Id, "湘AS5001", "sun");
        Assert.That(again.Problem!.Zh, Does.Contain("已经有人处理过了"), "two cashiers cannot settle one read");
        var audit = (await new ParkingGate.Storage.Audit.AuditLog(Database, TimeProvider.System).ListAsync(20, "lane")).First(a => a.Action == "held.settle");
        Assert.That((audit.Actor, audit.EntityId), Is.EqualTo(("zhou", (long?)held.Id)));
        Assert.That(audit.AfterJson, Does.Contain("\"read\":\"湘A55001\"").And.Contain("\"plate\":\"湘A5S001\""));
    }
}
