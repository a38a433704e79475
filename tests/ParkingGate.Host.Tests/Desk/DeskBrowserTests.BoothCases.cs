using System.Text.RegularExpressions;
using Microsoft.Playwright;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Ledger;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Host.Tests.Desk;

/// <summary>The odd cars the booth settles: an exit with no entry record, a car that owes from before, a queue that fills the screen.</summary>
public sealed partial class DeskBrowserTests
{
    private static readonly LocatorGetByRoleOptions CashButton = new() { NameRegex = new Regex("已收现金") };

    /// <summary>A car through the entry camera and then the exit camera; returns the exit's stay once the exit has decided.</summary>
    private async Task<Stay> ExitAsync(string plate)
    {
        var before = _decisions.Count(d => d.Plate == plate && d.Lane == "out-1");
        await CameraOut.ReadAsync(plate, 95);
        await WaitAsync(() => _decisions.Count(d => d.Plate == plate && d.Lane == "out-1" && d.Outcome is LaneOutcome.AwaitingPayment or LaneOutcome.Held or LaneOutcome.Opened) > before, $"the exit of {plate}");
        return (await Stays.FindOpenAsync(plate))!;
    }

    private async Task EnterAsync(string plate)
    {
        var before = _decisions.Count(d => d.Plate == plate && d.Lane == "in-1");
        await CameraIn.ReadAsync(plate, 95);
        await WaitAsync(() => _decisions.Count(d => d.Plate == plate && d.Lane == "in-1") > before, $"the entry of {plate}");
    }

    [Test]
    public async Task An_exit_with_no_entry_record_is_matched_to_the_car_inside_by_its_picture_and_priced_from_that_entry()
    {
        await NoShiftAsync();
        await EnterAsync("粤B61234"); // the entry camera misread the plate
        var inside = (await Stays.FindOpenAsync("粤B61234"))!;
        var exit = await ExitAsync("粤E77001");
        Assert.That(exit.EntryUtc, Is.Null);
        Assert.That((await Shifts.OpenShiftAsync(0, "zhou")).IsSuccess, Is.True);
        var page = await NewPageAsync();
        await SignInAsync(page, "zhou");
        await page.GotoAsync($"/booth?sel=s{exit.Id}");
        var card = page.Locator($"#stay-{exit.Id}");
        await Assertions.Expect(card).ToContainTextAsync("无入场记录");
        await card.GetByLabel("车牌的一部分").FillAsync("1234");
        await card.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        var candidate = page.Locator($"#inside-{inside.Id}");
        await Assertions.Expect(candidate).ToContainTextAsync("粤B61234");
        await Assertions.Expect(candidate.Locator("img")).ToBeVisibleAsync(); // the entry picture beside the exit's
        await ScreenshotAsync(page, "booth-no-entry-match");

        await candidate.GetByRole(AriaRole.Button, new() { Name = "是这辆车" }).ClickAsync();
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("粤E77001 按入场");
        var priced = (await Stays.FindAsync(exit.Id))!;
        Assert.That((priced.EntryUtc, priced.EntryLane), Is.EqualTo((inside.EntryUtc, inside.EntryLane)));
        Assert.That((await Stays.FindAsync(inside.Id))! is { Status: StayStatus.Closed, MergedInto: { } into } && into == exit.Id, Is.True, "the stay inside closed into the exit's");
        Assert.That(await Stays.FindOpenAsync("粤B61234"), Is.Null, "the car is counted inside once, not twice");

        // the inside stay began moments ago: the tariff's free period applies and the gate has opened, or a fee is due
        if (priced.Status != StayStatus.Closed)
        {
            await page.Locator($"#stay-{exit.Id}").GetByRole(AriaRole.Button, CashButton).ClickAsync();
            await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("已收 粤E77001");
        }

        var entry = Ledger.ReadAll().Last(e => e.StayId == exit.Id);
        Assert.That(entry.Kind is LedgerKind.VisitorFee or LedgerKind.FreeExit, Is.True);
        Assert.That(entry.AmountFen > 0 || entry.Reason is { Length: > 0 }, Is.True, "never a 0 fee without a reason");
        await NoShiftAsync();
    }

    [Test]
    public async Task An_exit_with_no_entry_record_is_priced_from_the_entry_time_the_driver_states()
    {
        await NoShiftAsync();
        var exit = await ExitAsync("粤E77002");
        Assert.That((await Shifts.OpenShiftAsync(0, "zhou")).IsSuccess, Is.True);
        var page = await NewPageAsync();
        await SignInAsync(page, "zhou");
        await page.GotoAsync($"/booth?sel=s{exit.Id}");
        await page.FillAsync("#entered", "早上");
        await page.GetByRole(AriaRole.Button, new() { Name = "按此时间计费" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.problem").First).ToContainTextAsync("看不懂");
        await Assertions.Expect(page.Locator("#entered")).ToHaveValueAsync("早上");

        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var stated = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddHours(-5), zone);
        await page.FillAsync("#entered", stated.ToString("MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "按此时间计费" }).ClickAsync();
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("粤E77002 按入场");
        var card = page.Locator($"#stay-{exit.Id}");
        await Assertions.Expect(card).ToContainTextAsync("司机所述，zhou 录入");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, CashButton)).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("已收 粤E77002");
        var fee = Ledger.ReadAll().Last(e => e.StayId == exit.Id);
        Assert.That((fee.Kind, fee.AmountFen > 0), Is.EqualTo((LedgerKind.VisitorFee, true)));
        Assert.That(fee.Reason, Does.Contain("司机所述"), "the books show which fees rest on a stated entry");
        var audit = (await new ParkingGate.Storage.Audit.AuditLog(Database, TimeProvider.System).ListAsync(50, "stay")).First(a => a.Action == "stay.entry-stated");
        Assert.That((audit.Actor, audit.EntityId), Is.EqualTo(("zhou", (long?)exit.Id)));
        await NoShiftAsync();
    }

    [Test]
    public async Task A_car_let_out_owing_pays_its_arrears_at_the_next_visit_in_an_entry_linked_to_the_old_stay()
    {
        await NoShiftAsync();
        await Stays.EnterAsync(new StayEntry(ParkingGate.Domain.Plates.Plate.Parse("粤E77003"), ParkingGate.Domain.Plates.VehicleClass.Small, "in-1", DateTimeOffset.UtcNow.AddHours(-4), null, false), "test");
        var first = await ExitAsync("粤E77003");
        Assert.That(first.DueFen, Is.GreaterThan(0));
        var page = await NewPageAsync();
        await SignInAsync(page, "zhou");
        await page.GotoAsync($"/booth?sel=s{first.Id}");
        var pulses = CameraOut.Pulses.Count;
        var card = page.Locator($"#stay-{first.Id}");
        await card.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("欠费放行") }).ClickAsync();
        await Assertions.Expect(page.Locator("p.problem").First).ToContainTextAsync("必须填写原因");
        await page.Locator($"#stay-{first.Id}").GetByLabel("欠费放行原因").FillAsync("司机没带钱，留了电话");
        await page.Locator($"#stay-{first.Id}").GetByRole(AriaRole.Button, new() { NameRegex = new Regex("欠费放行") }).ClickAsync();
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync($"粤E77003 欠费 {ParkingGate.Domain.Money.Yuan(first.DueFen!.Value)} 元放行");
        await WaitAsync(() => CameraOut.Pulses.Count > pulses, "the exit barrier pulse");
        var owing = (await Stays.FindAsync(first.Id))!;
        Assert.That((owing.Status, owing.ClosedHow, owing.OwedFen), Is.EqualTo((StayStatus.Closed, (StayClosing?)StayClosing.Manual, first.DueFen)));
        Assert.That(Ledger.ReadAll().Single(e => e.Seq == owing.LedgerSeq) is { Kind: LedgerKind.ManualOpening, AmountFen: 0, Reason: { } why } && why.Contains("司机没带钱", StringComparison.Ordinal), Is.True);

        var books = await NewPageAsync();
        await SignInAsync(books, "chen");
        await books.GotoAsync("/reports");
        await Assertions.Expect(books.Locator("#owing")).ToContainTextAsync("粤E77003");

        // the next visit: the board says so at the entry; at the exit the booth takes both, the arrears linked to the old stay
        await EnterAsync("粤E77003");
        await WaitAsync(() => CameraIn.Spoken.Any(s => s.Contains("欠费", StringComparison.Ordinal)), "the entry board to mention the arrears");
        var second = (await Stays.ExitAsync(new StayExit(ParkingGate.Domain.Plates.Plate.Parse("粤E77003"), ParkingGate.Domain.Plates.VehicleClass.Small, "out-1", DateTimeOffset.UtcNow, null), Tariffs, "lane:out-1")).Value!.Stay;
        Assert.That(second.Status, Is.EqualTo(StayStatus.AwaitingPayment), "a car that owes is not let out free: it stops at the booth");
        Assert.That((await Shifts.OpenShiftAsync(0, "zhou")).IsSuccess, Is.True);
        await page.GotoAsync($"/booth?sel=s{second.Id}");
        card = page.Locator($"#stay-{second.Id}");
        await Assertions.Expect(card).ToContainTextAsync("欠费");
        await Assertions.Expect(card.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("含欠费") })).ToBeFocusedAsync();
        await ScreenshotAsync(page, "booth-arrears");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("已收 粤E77003");
        var arrears = Ledger.ReadAll().Single(e => e.Kind == LedgerKind.VisitorFee && e.StayId == first.Id);
        Assert.That((arrears.AmountFen, arrears.Channel, arrears.Operator), Is.EqualTo((first.DueFen!.Value, PaymentChannel.Cash, "zhou")));
        Assert.That((await Stays.FindAsync(first.Id))!.ArrearsSeq, Is.EqualTo(arrears.Seq));
        Assert.That((await Stays.FindAsync(second.Id))!.Status, Is.EqualTo(StayStatus.Closed));
        await books.GotoAsync("/reports");
        await Assertions.Expect(books.Locator("#owing")).Not.ToContainTextAsync("粤E77003");
        await NoShiftAsync();
    }

    [Test]
    public async Task The_queue_shows_eight_cars_on_one_screen_newest_first_and_refreshes_itself()
    {
        for (var i = 0; i < 8; i++)
        {
            await Stays.EnterAsync(new StayEntry(ParkingGate.Domain.Plates.Plate.Parse($"粤F8800{i}"), ParkingGate.Domain.Plates.VehicleClass.Small, "in-1", DateTimeOffset.UtcNow.AddHours(-3), null, false), "test");
            await Stays.ExitAsync(new StayExit(ParkingGate.Domain.Plates.Plate.Parse($"粤F8800{i}"), ParkingGate.Domain.Plates.VehicleClass.Small, "out-1", DateTimeOffset.UtcNow.AddMilliseconds((i - 8) * 20), null), Tariffs, "test");
        }

        var page = await NewPageAsync();
        await SignInAsync(page, "zhou");
        await page.GotoAsync("/booth");
        var rows = page.Locator("section.queue tbody tr");
        Assert.That(await rows.CountAsync(), Is.GreaterThanOrEqualTo(8));
        for (var i = 0; i < 8; i++)
        {
            var box = await rows.Nth(i).BoundingBoxAsync();
            Assert.That(box!.Y + box.Height, Is.LessThanOrEqualTo(768), $"row {i + 1} is on the screen without scrolling");
        }

        await Assertions.Expect(rows.First).ToContainTextAsync("粤F88007"); // the newest exit on top
        await ScreenshotAsync(page, "booth-queue");

        // a car arrives at the exit: the page shows it by itself, with nobody touching it
        await Stays.EnterAsync(new StayEntry(ParkingGate.Domain.Plates.Plate.Parse("粤F88009"), ParkingGate.Domain.Plates.VehicleClass.Small, "in-1", DateTimeOffset.UtcNow.AddHours(-2), null, false), "test");
        await ExitAsync("粤F88009");
        await Assertions.Expect(page.Locator("section.queue tbody tr").First).ToContainTextAsync("粤F88009", new() { Timeout = 10_000 });
    }

    [Test]
    public async Task A_car_without_a_plate_is_let_in_under_a_temporary_id_and_found_by_its_picture_at_the_exit()
    {
        var events = new ParkingGate.Storage.Lanes.LaneEventStore(Database);
        async Task<ParkingGate.Storage.Lanes.LaneEventRecord> HeldAtAsync(ParkingGate.Simulator.SimulatedVzenithCamera camera, string lane)
        {
            var before = _decisions.Count(d => d.Lane == lane && d.Outcome == LaneOutcome.Held);
            await camera.ReadAsync("无牌", 95);
            await WaitAsync(() => _decisions.Count(d => d.Lane == lane && d.Outcome == LaneOutcome.Held) > before, $"the unreadable car held at {lane}");
            return (await events.HeldAsync(DateTimeOffset.UtcNow.AddMinutes(-5))).First(e => e.Lane == lane);
        }

        var heldIn = await HeldAtAsync(CameraIn, "in-1");
        var page = await NewPageAsync();
        await SignInAsync(page, "zhou");
        await page.GotoAsync($"/booth?sel=h{heldIn.Id}");
        var pulses = CameraIn.Pulses.Count;
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("按临时编号") }).ClickAsync();
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("无牌车按临时编号 无牌");
        await WaitAsync(() => CameraIn.Pulses.Count > pulses, "the entry barrier pulse");
        var stay = (await Stays.InsideAsync(StayStore.UnplatedPrefix, null, null, 1)).Single();
        Assert.That(stay.Plate, Does.Match("^无牌[0-9]{4}$"));
        Assert.That((await events.FirstPicturesAsync([stay.Id])).ContainsKey(stay.Id), Is.True, "the entry picture is the stay's, to find it by at the exit");

        var heldOut = await HeldAtAsync(CameraOut, "out-1");
        await page.GotoAsync($"/booth?sel=h{heldOut.Id}");
        var candidate = page.Locator($"#inside-{stay.Id}");
        await Assertions.Expect(candidate.Locator("img")).ToBeVisibleAsync();
        await ScreenshotAsync(page, "booth-unplated-exit");
        await candidate.GetByRole(AriaRole.Button, new() { Name = "是这辆车" }).ClickAsync();
        await Assertions.Expect(page.Locator(".booth-head")).ToContainTextAsync($"{stay.Plate}：");
        var left = (await Stays.FindAsync(stay.Id))!;
        Assert.That((left.ExitLane, left.Status is StayStatus.Closed or StayStatus.AwaitingPayment), Is.EqualTo(("out-1", true)), "priced like any stay");
        var audit = (await new ParkingGate.Storage.Audit.AuditLog(Database, TimeProvider.System).ListAsync(20, "lane")).First(a => a.Action == "held.settle");
        Assert.That(audit.AfterJson, Does.Contain(stay.Plate));
    }
}
