using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Gate.Lanes;

namespace ParkingGate.Gate.Tests;

public sealed partial class LaneControllerTests
{
    [Test]
    public async Task An_invited_visitor_is_greeted_as_one_and_pays_less_than_a_visitor_who_came_with_it()
    {
        var now = _time.GetUtcNow();
        var invited = await _registry.Invitations.InviteAsync(
            new InvitationDraft(new RoomNumber(3, 2, "501"), Plate.Parse("粤B12345"), now.AddHours(-1), now.AddHours(8), 2, "表哥"),
            new InvitationRule(8, "户主代表大会决议（测试）"), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), "li");
        Assert.That(invited.IsSuccess, Is.True, () => invited.Problem!.Message);

        var entry = await SeeAsync(In, "粤B12345");
        Assert.That((entry.Outcome, entry.Who), Is.EqualTo((LaneOutcome.Opened, Visitor.Visitor)));
        Assert.That(entry.Reason.Zh, Is.EqualTo($"预约访客入场（第 {invited.Value!.Id} 号预约）"));
        Assert.That(_outputs.Shown.Last().Message.Zh, Is.EqualTo("粤B12345 预约访客 欢迎光临"));
        var plain = await SeeAsync(In, "粤C54321");
        Assert.That(_outputs.Shown.Last().Message.Zh, Is.EqualTo("粤C54321 临时车 欢迎光临"));
        Assert.That(plain.Reason.Zh, Is.EqualTo("访客入场"));

        _time.Advance(TimeSpan.FromHours(3));
        var invitedOut = await SeeAsync(Out, "粤B12345");
        var plainOut = await SeeAsync(Out, "粤C54321");
        Assert.That(plainOut.DueFen, Is.GreaterThan(0));
        Assert.That(invitedOut.DueFen ?? 0, Is.LessThan(plainOut.DueFen), "two of the three hours were the household's free hours");
        Assert.That((await _stays.FindAsync(invitedOut.StayId!.Value))!.InvitedMinutes, Is.EqualTo(120));
    }
}
