using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;

namespace ParkingGate.Domain.Tests.Registry;

/// <summary>The meeting's invitation rule: what window and hours an invitation may have, and the household's month.</summary>
public sealed class InvitationRuleTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly InvitationRule Rule = new(8, "户主代表大会决议（2026-02-15）", LongestDays: 3, DaysAhead: 30);
    private static readonly DateTimeOffset Now = At("2026-03-02 09:30");

    private static DateTimeOffset At(string local) => new(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(8));

    private static InvitationDraft Draft(string from, string until, int hours) =>
        new(new RoomNumber(3, 2, "501"), Plate.Parse("湘A12345"), At(from), At(until), hours, null);

    [Test]
    public void A_window_today_with_hours_it_can_hold_is_accepted()
    {
        Assert.That(Rule.Check(Draft("2026-03-02 09:00", "2026-03-02 18:00", 3), Now, Shanghai), Is.Null);
    }

    [TestCase("2026-03-02 18:00", "2026-03-02 09:00", 3, "bad-window", "预约结束时间 2026-03-02 09:00 不晚于开始时间 2026-03-02 18:00")]
    [TestCase("2026-03-01 09:00", "2026-03-01 18:00", 3, "window-past", "预约时段 2026-03-01 09:00–2026-03-01 18:00 已经过去")]
    [TestCase("2026-04-10 09:00", "2026-04-10 18:00", 3, "too-far-ahead", "超过 30 天以后")]
    [TestCase("2026-03-02 09:00", "2026-03-06 09:00", 3, "window-too-long", "超过 3 天")]
    [TestCase("2026-03-02 09:00", "2026-03-02 18:00", 0, "bad-free-hours", "免费小时数须为 1–8（每户每月额度），不是 0")]
    [TestCase("2026-03-02 09:00", "2026-03-03 18:00", 9, "bad-free-hours", "不是 9")]
    [TestCase("2026-03-02 09:00", "2026-03-02 11:00", 3, "free-hours-over-window", "免费 3 小时超过了预约时段")]
    public void A_window_or_hours_the_rule_does_not_allow_is_refused_naming_it(string from, string until, int hours, string kind, string zh)
    {
        var problem = Rule.Check(Draft(from, until, hours), Now, Shanghai);
        Assert.That(problem?.Kind, Is.EqualTo(kind));
        Assert.That(problem!.Zh, Does.Contain(zh));
    }

    [Test]
    public void Without_the_rule_in_the_config_no_invitation_is_taken()
    {
        var problem = InvitationRule.Off.Check(Draft("2026-03-02 09:00", "2026-03-02 18:00", 3), Now, Shanghai);
        Assert.That(problem?.Kind, Is.EqualTo("invitations-off"));
        Assert.That(new InvitationRule(8, " ").Enabled, Is.False, "hours without the meeting's approval are not a rule");
    }

    [Test]
    public void The_households_month_must_have_the_hours_left()
    {
        var month = new DateOnly(2026, 3, 1);
        Assert.That(Rule.CheckAllowance(Draft("2026-03-02 09:00", "2026-03-02 18:00", 3), month, 300), Is.Null, "8 h less 5 h leaves 3 h");
        var over = Rule.CheckAllowance(Draft("2026-03-02 09:00", "2026-03-02 18:00", 3), month, 330);
        Assert.That(over?.Kind, Is.EqualTo("over-allowance"));
        Assert.That(over!.Zh, Is.EqualTo("3-2-501 2026年3月的免费访客时长共 8 小时，已用或已预约 5.5 小时，剩余 2.5 小时，不够本次的 3 小时"));
        Assert.That(over.Message, Does.Contain("2.5 h of its 8 free visitor hours left in 2026-03"));
    }
}
