using Microsoft.Playwright;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;

namespace ParkingGate.Host.Tests.Desk;

/// <summary>The cameras' own lists as the desk shows them.</summary>
public sealed partial class DeskBrowserTests
{
    [Test]
    public async Task The_lanes_page_shows_each_cameras_list_and_the_admin_can_send_it_all_again()
    {
        var registry = new ParkingGate.Storage.Registry.RegistryStores(Database, TimeProvider.System, Ledger);
        var draft = HouseholdDraft.Create("6-2-301", "李", "13807310088", 2, new RegistryRules(new EstateLayout([(6, 2)]), 2, 4)).Value!;
        Assert.That((await registry.Households.AddHouseholdWithVehiclesAsync(draft, [(Plate.Parse("湘A6L301"), VehicleClass.Small)], "li")).IsSuccess, Is.True);
        Gate.RegistryChanged();
        await WaitAsync(() => CameraIn.WhiteList.ContainsKey("湘A6L301") && CameraOut.WhiteList.ContainsKey("湘A6L301"), "the new resident on both cameras' lists");

        var page = await NewPageAsync();
        await SignInAsync(page, "wang");
        await page.GotoAsync("/lanes");
        var lists = page.Locator("#camera-lists");
        await Assertions.Expect(lists).ToContainTextAsync("sn-in-1");
        await Assertions.Expect(lists.Locator("tr", new() { HasText = "sn-in-1" }).Locator("td").Nth(1)).ToHaveTextAsync("0");
        await WaitAsync(() => Gate.Lists!.OfflineOnly.Contains("sn-in-1"), "the camera to confirm its offline-only mode");
        await page.ReloadAsync();
        await Assertions.Expect(lists.Locator("tr", new() { HasText = "sn-in-1" }).Locator("td").Nth(6)).ToHaveTextAsync("已确认");
        await Gate.Lists!.CheckAsync("sn-in-1");
        await page.ReloadAsync();
        await Assertions.Expect(lists.Locator("tr", new() { HasText = "sn-in-1" }).Locator("td").Nth(5)).ToContainTextAsync("一致（");
        await ScreenshotAsync(page, "lanes-camera-lists");

        CameraIn.WhiteList.Clear(); // the camera was reset to its factory settings
        await lists.Locator("tr", new() { HasText = "sn-in-1" }).GetByRole(AriaRole.Button, new() { Name = "全部重新下发" }).ClickAsync();
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("sn-in-1 的白名单将全部重新下发");
        await WaitAsync(() => CameraIn.WhiteList.ContainsKey("湘A6L301"), "the whole list sent again");

        var cashier = await NewPageAsync();
        await SignInAsync(cashier, "zhou");
        await cashier.GotoAsync("/lanes");
        await Assertions.Expect(cashier.Locator("#camera-lists").GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
    }
}

/// <summary>A lane held open (常开) from the lanes page, as the cashier does it for a funeral procession.</summary>
public sealed partial class DeskBrowserTests
{
    [Test]
    public async Task The_cashier_holds_a_lane_open_with_a_reason_and_ends_the_hold_and_the_camera_follows()
    {
        var page = await NewPageAsync();
        await SignInAsync(page, "zhou");
        await page.GotoAsync("/lanes");
        var row = page.Locator("#hold-in-1");
        try
        {
            await row.GetByRole(AriaRole.Button, new() { Name = "常开" }).ClickAsync();
            await Assertions.Expect(page.Locator(".problem")).ToContainTextAsync("未常开：常开必须填写原因");
            Assert.That(CameraIn.HeldOpen, Is.False, "nothing is held without a reason");

            await row.GetByRole(AriaRole.Textbox).FillAsync("出殡车队");
            await row.GetByRole(AriaRole.Button, new() { Name = "常开" }).ClickAsync();
            await Assertions.Expect(page.Locator("#hold-in-1")).ToContainTextAsync("常开中");
            await Assertions.Expect(page.Locator("#hold-in-1")).ToContainTextAsync("zhou：出殡车队");
            await WaitAsync(() => CameraIn.HeldOpen, "the camera's output held on");
            await ScreenshotAsync(page, "lanes-hold-open");

            var pulses = CameraIn.Pulses.Count;
            var seen = _decisions.Count;
            await CameraIn.ReadAsync("湘AH0001", 95);
            await WaitAsync(() => _decisions.Count > seen, "the read during the hold recorded");
            Assert.That(CameraIn.Pulses.Count, Is.EqualTo(pulses), "no pulse while the barrier is held up");
            Assert.That(_decisions.Last().Reason.Zh, Does.EndWith("（常开中：出殡车队）"));

            await page.Locator("#hold-in-1").GetByRole(AriaRole.Textbox).FillAsync("车队已过");
            await page.Locator("#hold-in-1").GetByRole(AriaRole.Button, new() { Name = "结束常开" }).ClickAsync();
            await Assertions.Expect(page.Locator("#hold-in-1")).ToContainTextAsync("正常");
            await WaitAsync(() => !CameraIn.HeldOpen, "the camera's output let go");
            var ledger = Ledger.ReadAll().Where(e => e.Kind is ParkingGate.Domain.Ledger.LedgerKind.HoldStart or ParkingGate.Domain.Ledger.LedgerKind.HoldEnd).TakeLast(2).ToList();
            Assert.That(ledger.Select(e => (e.Operator, e.Reason)), Is.EqualTo(new[] { ("zhou", "出殡车队"), ("zhou", "车队已过") }));
        }
        finally
        {
            await new ParkingGate.Storage.Lanes.LaneHoldStore(Database, Ledger).EndAsync("in-1", "测试结束", "test");
            Gate.HoldsChanged();
            await WaitAsync(() => !CameraIn.HeldOpen, "the lane back to normal for the other tests");
        }
    }
}
