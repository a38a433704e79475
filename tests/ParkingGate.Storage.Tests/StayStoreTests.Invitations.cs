using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Storage.Tests;

/// <summary>Visitor invitations (访客预约): registered under the rule, linked to the visitor's stay, priced, counted against the month.</summary>
public sealed partial class StayStoreTests
{
    private static readonly InvitationRule EightHours = new(8, "户主代表大会决议（2026-02-15）");
    private static readonly RoomNumber Inviter = new(3, 2, "501");

    private async Task AddInviterAsync() =>
        Assert.That((await _registry.Households.AddHouseholdAsync(new HouseholdDraft(Inviter, "王芳", "13807310001", 2), "li")).IsSuccess, Is.True);

    private Task<Domain.Result<Invitation>> InviteAsync(string from, string until, int hours, Plate? plate = null, RoomNumber? room = null) =>
        _registry.Invitations.InviteAsync(new InvitationDraft(room ?? Inviter, plate ?? Visitor, At(from), At(until), hours, "表哥"), EightHours, Shanghai, "li");

    [Test]
    public async Task A_visitor_entering_in_the_window_is_priced_with_the_invitation_and_the_minutes_are_kept()
    {
        await AddInviterAsync();
        var invited = await InviteAsync("2026-03-02 09:00", "2026-03-02 18:00", 3);
        Assert.That(invited.IsSuccess, Is.True, () => invited.Problem!.Message);

        var stay = await EnterAsync("2026-03-02 10:00");
        Assert.That(stay.InvitationId, Is.EqualTo(invited.Value!.Id));
        var exit = await ExitAsync("2026-03-02 13:30");
        Assert.That(exit.Quote.AmountFen, Is.EqualTo(200), "10:00–13:00 free, then the first 2 h step for 13:00–13:30");
        Assert.That(exit.Quote.Lines.Select(l => l.Zh), Has.Some.EqualTo("访客预约（3-2-501 邀请）覆盖 10:00–13:00，不收费"));
        Assert.That((await _stays.FindAsync(stay.Id))!.InvitedMinutes, Is.EqualTo(180));

        var listed = await _registry.Invitations.ForMonthAsync(new DateOnly(2026, 3, 1));
        Assert.That(listed.Single().UsedMinutes, Is.EqualTo(180));
        Assert.That(listed.Single().Inside, Is.True, "awaiting payment at the exit");
    }

    [Test]
    public async Task A_second_visit_under_the_same_invitation_gets_only_what_is_left()
    {
        await AddInviterAsync();
        Assert.That((await InviteAsync("2026-03-02 09:00", "2026-03-02 18:00", 2)).IsSuccess, Is.True);
        await EnterAsync("2026-03-02 10:00");
        Assert.That((await ExitAsync("2026-03-02 11:30")).OpenGate, Is.True, "90 min of the 120 used, free");
        await EnterAsync("2026-03-02 14:00");
        var second = await ExitAsync("2026-03-02 15:30");
        Assert.That(second.Quote.InvitedMinutes, Is.EqualTo(30));
        Assert.That(second.Quote.Lines.Select(l => l.Zh), Has.Some.EqualTo("访客预约免费时长：本次用 30 分钟，本预约还剩 0 分钟"));
    }

    [Test]
    public async Task A_visitor_entering_outside_the_window_is_a_plain_visitor()
    {
        await AddInviterAsync();
        Assert.That((await InviteAsync("2026-03-02 14:00", "2026-03-02 18:00", 3)).IsSuccess, Is.True);
        var early = await EnterAsync("2026-03-02 10:00");
        Assert.That(early.InvitationId, Is.Null);
        var exit = await ExitAsync("2026-03-02 13:30");
        Assert.That(exit.Quote.Lines.Select(l => l.Zh), Has.None.Contains("访客预约"));
    }

    [Test]
    public async Task The_month_holds_an_invitations_hours_until_its_window_ends_then_only_what_was_used()
    {
        await AddInviterAsync();
        Assert.That((await InviteAsync("2026-03-02 09:00", "2026-03-02 18:00", 5)).IsSuccess, Is.True);
        var over = await InviteAsync("2026-03-03 09:00", "2026-03-03 18:00", 4, Plate.Parse("粤B77777"));
        Assert.That(over.Problem?.Kind, Is.EqualTo("over-allowance"), "5 h held, 3 h left of 8");

        await EnterAsync("2026-03-02 10:00");
        await ExitAsync("2026-03-02 11:00");
        _temp.Time.SetUtcNow(At("2026-03-02 18:30"));
        Assert.That(await _registry.Invitations.HeldMinutesAsync("3-2-501", new DateOnly(2026, 3, 1), _temp.Time.GetUtcNow()), Is.EqualTo(60));
        var now = await InviteAsync("2026-03-03 09:00", "2026-03-03 18:00", 4, Plate.Parse("粤B77777"));
        Assert.That(now.IsSuccess, Is.True, "the unused 4 h came back once the window ended");
        Assert.That((await InviteAsync("2026-04-01 09:00", "2026-04-01 18:00", 8, Plate.Parse("粤B66666"))).IsSuccess, Is.True, "April is a month of its own");

        var report = await _registry.Invitations.ByHouseholdAsync(At("2026-03-01 00:00"), At("2026-04-01 00:00"));
        Assert.That(report.Single(), Is.EqualTo(new InvitationTotals("3-2-501", "王芳", 2, 1, 540, 60)));
    }

    [Test]
    public async Task An_invitation_the_registry_refuses_writes_nothing()
    {
        await AddInviterAsync();
        Assert.That((await _registry.Vehicles.AddVehicleAsync(Inviter, Plate.Parse("湘A11111"), VehicleClass.Small, "li")).IsSuccess, Is.True);
        Assert.That((await _registry.Blocklist.AddToBlocklistAsync(Plate.Parse("湘A22222"), "堵塞消防通道", "li")).IsSuccess, Is.True);
        Assert.That((await InviteAsync("2026-03-02 09:00", "2026-03-02 18:00", 2)).IsSuccess, Is.True);
        var before = _temp.Dump();

        Assert.That((await InviteAsync("2026-03-02 09:00", "2026-03-02 18:00", 2, Plate.Parse("湘A11111"))).Problem?.Kind, Is.EqualTo("resident-plate"));
        Assert.That((await InviteAsync("2026-03-02 09:00", "2026-03-02 18:00", 2, Plate.Parse("湘A22222"))).Problem?.Kind, Is.EqualTo("blocklisted"));
        Assert.That((await InviteAsync("2026-03-02 12:00", "2026-03-02 20:00", 2)).Problem?.Kind, Is.EqualTo("overlapping-invitation"));
        Assert.That((await InviteAsync("2026-03-02 12:00", "2026-03-02 20:00", 2, Plate.Parse("粤B77777"), new RoomNumber(1, 1, "101"))).Problem?.Kind, Is.EqualTo("unknown-room"));
        Assert.That((await InviteAsync("2026-03-01 09:00", "2026-03-01 18:00", 2, Plate.Parse("粤B77777"))).Problem?.Kind, Is.EqualTo("window-past"));
        Assert.That((await InviteAsync("2026-03-02 12:00", "2026-03-02 20:00", 7, Plate.Parse("粤B77777"))).Problem?.Kind, Is.EqualTo("over-allowance"));
        Assert.That((await _registry.Invitations.InviteAsync(
            new InvitationDraft(Inviter, Plate.Parse("粤B77777"), At("2026-03-02 12:00"), At("2026-03-02 20:00"), 2, null), InvitationRule.Off, Shanghai, "li")).Problem?.Kind, Is.EqualTo("invitations-off"));

        Assert.That(_temp.Dump(), Is.EqualTo(before));
    }

    [Test]
    public async Task An_invitation_is_cancelled_with_a_reason_until_its_visitor_comes()
    {
        await AddInviterAsync();
        var first = (await InviteAsync("2026-03-02 09:00", "2026-03-02 18:00", 8)).Value!;
        Assert.That((await _registry.Invitations.CancelAsync(first.Id, " ", "li")).Problem?.Kind, Is.EqualTo("missing-reason"));
        var cancelled = await _registry.Invitations.CancelAsync(first.Id, "访客改期", "li");
        Assert.That(cancelled.Value?.CancelReason, Is.EqualTo("访客改期"));
        Assert.That((await _registry.Invitations.CancelAsync(first.Id, "again", "li")).Problem?.Kind, Is.EqualTo("already-cancelled"));
        Assert.That((await _registry.Invitations.CancelAsync(999, "typo", "li")).Problem?.Kind, Is.EqualTo("unknown-invitation"));

        var second = (await InviteAsync("2026-03-02 09:00", "2026-03-02 18:00", 8)).Value!;
        Assert.That(second, Is.Not.Null, "the cancelled invitation's 8 h came back");
        await EnterAsync("2026-03-02 10:00");
        Assert.That((await _registry.Invitations.CancelAsync(second.Id, "changed mind", "li")).Problem?.Kind, Is.EqualTo("visitor-came"));
        Assert.That((await _registry.Invitations.CurrentAsync(_temp.Time.GetUtcNow())).Select(i => i.Id), Is.EqualTo(new[] { second.Id }));
    }
}
