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
        await Assertions.Expect(lists.Locator("tr", new() { HasText = "sn-in-1" }).Locator("td").Nth(5)).ToHaveTextAsync("已确认");
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
