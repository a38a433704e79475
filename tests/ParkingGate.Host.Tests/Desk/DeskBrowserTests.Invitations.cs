using Microsoft.Playwright;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Registry;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Host.Tests.Desk;

public sealed partial class DeskBrowserTests
{
    [Test]
    public async Task A_clerk_invites_a_visitor_within_the_households_allowance_and_the_camera_links_the_stay()
    {
        var registry = new RegistryStores(Database, TimeProvider.System, new LedgerStore(Database, TimeProvider.System, "fenglin-anzhi"));
        Assert.That((await registry.Households.AddHouseholdAsync(new HouseholdDraft(new RoomNumber(1, 1, "201"), "陈丽", "13907310123", 2), "li")).IsSuccess, Is.True);

        var page = await NewPageAsync();
        await SignInAsync(page, "li");
        await page.GetByRole(AriaRole.Link, new() { Name = "访客预约" }).ClickAsync();
        await Assertions.Expect(page.Locator("#rule")).ToContainTextAsync("每户每月免费访客 8 小时");

        // A plate mistyped: refused in Chinese, and what was typed is still there.
        await page.FillAsync("#room", "1-1-201");
        await page.FillAsync("#plate", "粤B2026");
        await page.FillAsync("#hours", "3");
        await page.FillAsync("#note", "表妹");
        var register = page.GetByRole(AriaRole.Button, new() { Name = "登记预约" });
        Assert.That((await register.BoundingBoxAsync())!.Y + 30 < 768, Is.True, "the register button is on the first screen");
        await register.ClickAsync();
        await Assertions.Expect(page.Locator(".problem")).ToContainTextAsync("访客车牌有误");
        await Assertions.Expect(page.Locator("#room")).ToHaveValueAsync("1-1-201");
        await Assertions.Expect(page.Locator("#note")).ToHaveValueAsync("表妹");

        await page.FillAsync("#plate", "粤B20260");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记预约" }).ClickAsync();
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("已登记：粤B20260 由 1-1-201 邀请");
        await Assertions.Expect(page.Locator("#allowance")).ToContainTextAsync("1-1-201 本月还剩免费访客时长 5 小时");
        await Assertions.Expect(page.Locator("#room")).ToHaveValueAsync("1-1-201");

        // More hours than are left: refused, naming what is left; nothing registered.
        await page.FillAsync("#plate", "湘C88888");
        await page.FillAsync("#hours", "6");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记预约" }).ClickAsync();
        await Assertions.Expect(page.Locator(".problem")).ToContainTextAsync("剩余 5 小时，不够本次的 6 小时");
        await Assertions.Expect(page.Locator("#plate")).ToHaveValueAsync("湘C88888");
        await Assertions.Expect(page.Locator("#current")).Not.ToContainTextAsync("湘C88888");
        await ScreenshotAsync(page, "invitations-over-allowance");

        await page.FillAsync("#hours", "2");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记预约" }).ClickAsync();
        await Assertions.Expect(page.Locator("#allowance")).ToContainTextAsync("还剩免费访客时长 3 小时");

        // The invited visitor arrives: the lane opens its stay under the invitation.
        await CameraIn.ReadAsync("粤B20260", 95);
        await WaitAsync(() => _decisions.Any(d => d.Plate == "粤B20260" && d.Outcome == LaneOutcome.Opened), "the visitor's entry");
        var stays = new StayStore(Database, TimeProvider.System, new LedgerStore(Database, TimeProvider.System, "fenglin-anzhi"));
        await WaitAsync(() => stays.FindOpenAsync("粤B20260").Result?.InvitationId is not null, "the stay linked to the invitation");
        Assert.That(_decisions.First(d => d.Plate == "粤B20260").Reason.Zh, Does.StartWith("预约访客入场（第 1 号预约）"));
        await page.ReloadAsync();
        var row = page.Locator("#current tr", new() { HasText = "粤B20260" });
        await Assertions.Expect(row).ToContainTextAsync("在场");
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "取消" })).ToHaveCountAsync(0);

        // The other one is called off: a reason is required, then its hours come back.
        var other = page.Locator("#current tr", new() { HasText = "湘C88888" });
        await other.Locator("input[name=reason]").FillAsync("访客不来了");
        await other.GetByRole(AriaRole.Button, new() { Name = "取消" }).ClickAsync();
        await Assertions.Expect(page.Locator(".done")).ToContainTextAsync("免费时长退回 1-1-201");
        await Assertions.Expect(page.Locator("#allowance")).ToContainTextAsync("还剩免费访客时长 5 小时");
        await Assertions.Expect(page.Locator("#current")).Not.ToContainTextAsync("湘C88888");
        await ScreenshotAsync(page, "invitations");
    }
}
