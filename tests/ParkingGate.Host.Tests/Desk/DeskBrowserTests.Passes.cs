using Microsoft.Playwright;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Host.Tests.Desk;

public sealed partial class DeskBrowserTests
{
    [Test]
    public async Task A_clerk_sees_the_passes_ending_soon_with_the_phone_and_renews_one_in_one_step()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var registry = new RegistryStores(Database, TimeProvider.System, new LedgerStore(Database, TimeProvider.System, "fenglin-anzhi"));
        var room = new RoomNumber(4, 2, "603");
        Assert.That((await registry.Households.AddHouseholdAsync(new HouseholdDraft(room, "孙秀兰", "13907310088", 2), "li")).IsSuccess, Is.True);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, zone).DateTime);
        foreach (var (plate, endsIn) in new[] { ("湘F55555", 5), ("湘F66666", 40) })
        {
            var sold = await registry.Passes.SellPassAsync(new PassSale(Plate.Parse(plate), 1, today.AddDays(endsIn).AddMonths(-1), 3, 12000, "wechat", $"wx-{plate}", room), zone, "li");
            Assert.That(sold.IsSuccess, Is.True, () => sold.Problem!.Message);
        }

        var page = await NewPageAsync();
        await SignInAsync(page, "li");
        await page.GotoAsync("/passes");
        var row = page.Locator("#ending tr", new() { HasText = "湘F55555" });
        await Assertions.Expect(row).ToContainTextAsync("孙秀兰");
        await Assertions.Expect(row).ToContainTextAsync("13907310088");
        await Assertions.Expect(row).ToContainTextAsync("5 天");
        await Assertions.Expect(page.Locator("#ending")).Not.ToContainTextAsync("湘F66666");
        var renew = row.GetByRole(AriaRole.Button, new() { Name = "续费1个月 120.00元" });
        Assert.That(await renew.IsVisibleAsync() && (await renew.BoundingBoxAsync())!.Y < 768, Is.True, "the renewal is on the first screen");
        await ScreenshotAsync(page, "passes-ending");

        // WeChat without its reference: refused in words, nothing sold.
        await row.Locator("select[name=channel]").SelectOptionAsync("wechat");
        await renew.ClickAsync();
        await Assertions.Expect(page.Locator(".problem")).ToContainTextAsync("湘F55555：非现金续费请填写支付流水号");

        row = page.Locator("#ending tr", new() { HasText = "湘F55555" });
        await row.Locator("select[name=channel]").SelectOptionAsync("wechat");
        await row.Locator("input[name=reference]").FillAsync("wx-renew-55555");
        await row.GetByRole(AriaRole.Button, new() { Name = "续费1个月 120.00元" }).ClickAsync();
        await Assertions.Expect(page.Locator("#receipt")).ToContainTextAsync("湘F55555");
        await Assertions.Expect(page.Locator("#receipt")).ToContainTextAsync("120.00");
        await Assertions.Expect(page.Locator("#ending tr", new() { HasText = "湘F55555" })).ToHaveCountAsync(0);
        await ScreenshotAsync(page, "passes-renewed");

        var covering = await registry.Passes.PassesCoveringAsync("湘F55555", DateTimeOffset.UtcNow.AddDays(20));
        Assert.That(covering, Has.Count.EqualTo(1), "the renewal runs right after the pass it renews");
    }

    [Test]
    public async Task A_clerk_sets_a_households_parking_spaces_on_its_page()
    {
        var registry = new RegistryStores(Database, TimeProvider.System, new LedgerStore(Database, TimeProvider.System, "fenglin-anzhi"));
        var added = await registry.Households.AddHouseholdAsync(new HouseholdDraft(new RoomNumber(5, 1, "402"), "周建军", "13907310099", 2), "li");
        Assert.That(added.IsSuccess, Is.True);
        var page = await NewPageAsync();
        await SignInAsync(page, "li");
        await page.GotoAsync("/households/edit?room=5-1-402");
        await Assertions.Expect(page.Locator("#spaces")).ToHaveValueAsync("1");
        await page.FillAsync("#spaces", "2");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).First.ClickAsync();
        await Assertions.Expect(page.Locator("#spaces")).ToHaveValueAsync("2");
        Assert.That(await registry.Households.SpacesAsync(added.Value!.Id), Is.EqualTo(2));
        await ScreenshotAsync(page, "household-spaces");
    }
}
