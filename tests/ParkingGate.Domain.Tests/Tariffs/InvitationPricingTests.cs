using ParkingGate.Domain.Tariffs;
using static ParkingGate.Domain.Tests.Tariffs.Tariffs;

namespace ParkingGate.Domain.Tests.Tariffs;

/// <summary>
/// A stay under a visitor invitation (访客预约): free from entry for the invitation's free time left, never past the
/// end of its window, then priced as a visitor's with a fresh ladder; each step explained.
/// </summary>
public sealed class InvitationPricingTests
{
    private static readonly Tariff Hourly = WithRules("""{ "steps": [ { "minutes": 60, "priceFen": 500 } ] }""");

    private static Quote Quote(string entry, string exit, long minutesLeft, string from = "2026-03-02 09:00", string until = "2026-03-02 18:00")
    {
        var quote = FeeCalculator.Quote(Hourly, new QuoteRequest
        {
            Entry = At(entry), Exit = At(exit), Invitation = new InvitedTime("3-2-501", At(from), At(until), minutesLeft),
        });
        Assert.That(quote.IsSuccess, Is.True, () => quote.Problem!.Message);
        return quote.Value!;
    }

    [TestCase("2026-03-02 10:00", "2026-03-02 12:00", 180, 0, 120, TestName = "a visit shorter than the free time is free")]
    [TestCase("2026-03-02 10:00", "2026-03-02 14:30", 180, 1000, 180, TestName = "after the free time the ladder starts fresh")]
    [TestCase("2026-03-02 17:00", "2026-03-02 19:00", 180, 500, 60, TestName = "free time ends with the window")]
    [TestCase("2026-03-02 10:00", "2026-03-02 11:30", 30, 500, 30, TestName = "only what is left of the invitation is free")]
    [TestCase("2026-03-02 10:00", "2026-03-02 12:00", 0, 1000, 0, TestName = "an invitation used up frees nothing")]
    [TestCase("2026-03-02 08:00", "2026-03-02 10:00", 180, 1000, 0, TestName = "an entry before the window is a plain visit")]
    public void A_stay_is_free_for_the_invitations_time_within_its_window(string entry, string exit, long left, long fen, long used)
    {
        var quote = Quote(entry, exit, left);
        Assert.That((quote.AmountFen, quote.InvitedMinutes), Is.EqualTo((fen, used)));
    }

    [Test]
    public void The_explanation_names_the_household_the_free_stretch_and_what_is_left()
    {
        var quote = Quote("2026-03-02 10:00", "2026-03-02 14:30", 240);
        var zh = quote.Lines.Select(l => l.Zh).ToList();
        Assert.That(zh, Has.Some.EqualTo("访客预约（3-2-501 邀请）覆盖 10:00–14:00，不收费"));
        Assert.That(zh, Has.Some.EqualTo("访客预约免费时长：本次用 240 分钟，本预约还剩 0 分钟"));
        Assert.That(zh[^1], Is.EqualTo("应收 5.00元"));
        Assert.That(quote.Lines.Select(l => l.En), Has.Some.EqualTo("invitation by 3-2-501 covers 10:00–14:00: no charge"));

        Assert.That(Quote("2026-03-02 10:00", "2026-03-02 11:00", 0).Lines.Select(l => l.Zh), Has.Some.EqualTo("访客预约（3-2-501 邀请）的免费时长已用完，按访客收费"));
        Assert.That(Quote("2026-03-02 08:00", "2026-03-02 10:00", 60).Lines.Select(l => l.Zh), Has.Some.StartsWith("入场不在访客预约（3-2-501 邀请）时段 09:00–18:00 内"));
    }

    [Test]
    public void Without_an_invitation_nothing_is_said_of_one()
    {
        var quote = FeeCalculator.Quote(Hourly, new QuoteRequest { Entry = At("2026-03-02 10:00"), Exit = At("2026-03-02 12:00") }).Value!;
        Assert.That((quote.AmountFen, quote.InvitedMinutes), Is.EqualTo((1000L, 0L)));
        Assert.That(quote.Lines.Select(l => l.Zh), Has.None.Contains("访客预约"));
    }

    [Test]
    public void Leaving_within_the_paid_grace_still_counts_the_invited_minutes()
    {
        var quote = FeeCalculator.Quote(Hourly, new QuoteRequest
        {
            Entry = At("2026-03-02 10:00"), Exit = At("2026-03-02 13:10"),
            Payments = [new Payment(500, At("2026-03-02 13:00"))],
            Invitation = new InvitedTime("3-2-501", At("2026-03-02 09:00"), At("2026-03-02 18:00"), 120),
        }).Value!;
        Assert.That((quote.AmountFen, quote.InvitedMinutes), Is.EqualTo((0L, 120L)));
    }
}
