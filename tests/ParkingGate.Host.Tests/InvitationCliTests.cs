using ParkingGate.Host.Cli;

namespace ParkingGate.Host.Tests;

/// <summary>
/// <c>invitation add|list|cancel</c> over a real file, under the reference config's rule (8 free visitor hours per
/// household per month): the visitor's stay is priced with the invitation and the monthly report counts it.
/// </summary>
public sealed class InvitationCliTests : FolderFixture
{
    private CliRunner _cli = null!;

    [SetUp]
    public void CreateRunner() => _cli = new CliRunner(Folder);

    [Test]
    public async Task A_clerk_invites_a_visitor_whose_stay_is_priced_with_it_and_the_monthly_report_counts_it()
    {
        await _cli.ExpectAsync(ExitCodes.Ok, "household", "add", "--room", "3-2-501", "--name", "张建国", "--phone", "13807310001");
        var added = await _cli.ExpectAsync(ExitCodes.Ok, "invitation", "add", "--room", "3-2-501", "--plate", "粤B12345",
            "--from", "2026-03-02T09:00", "--until", "2026-03-02T18:00", "--hours", "3", "--note", "表哥");
        Assert.That(added.Out, Does.StartWith("invitation 1: 粤B12345 invited by 3-2-501").And.Contain("3 free hour(s)").And.Contain("户主代表大会决议"));

        await _cli.ExpectAsync(ExitCodes.Ok, "stay", "enter", "--plate", "粤B12345", "--at", "2026-03-02T10:00");
        var exit = await _cli.ExpectAsync(ExitCodes.Ok, "stay", "exit", "--plate", "粤B12345", "--at", "2026-03-02T13:30");
        Assert.That(exit.Out, Does.Contain("owes 2.00 yuan").And.Contain("访客预约（3-2-501 邀请）覆盖 10:00–13:00，不收费"));

        var list = await _cli.ExpectAsync(ExitCodes.Ok, "invitation", "list");
        Assert.That(list.Out, Does.Contain("粤B12345").And.Contain("inside").And.Contain("表哥"));
        var report = await _cli.ExpectAsync(ExitCodes.Ok, "report", "monthly", "--month", "2026-03");
        Assert.That(report.Out, Does.Contain("访客预约 visitor invitations: 1 次，免费 3 小时，已用 3 小时"));
        Assert.That(report.Out, Does.Match(@"3-2-501\s+张建国\s+预约\s+1 次\s+来访\s+1 次\s+免费\s+3 小时\s+已用\s+3 小时"));
    }

    [Test]
    public async Task An_invitation_over_the_allowance_or_outside_a_window_is_refused_and_nothing_is_written()
    {
        await _cli.ExpectAsync(ExitCodes.Ok, "household", "add", "--room", "3-2-501", "--name", "张建国", "--phone", "13807310001");
        await _cli.ExpectAsync(ExitCodes.Ok, "invitation", "add", "--room", "3-2-501", "--plate", "粤B12345", "--from", "2026-03-02T09:00", "--until", "2026-03-02T18:00", "--hours", "6");
        var before = (await _cli.ExpectAsync(ExitCodes.Ok, "invitation", "list", "--month", "2026-03", "--json")).Out + (await _cli.ExpectAsync(ExitCodes.Ok, "audit", "list", "--json")).Out;

        var over = await _cli.ExpectAsync(ExitCodes.Failed, "invitation", "add", "--room", "3-2-501", "--plate", "粤B77777", "--from", "2026-03-05T09:00", "--until", "2026-03-05T18:00", "--hours", "3");
        Assert.That(over.Err, Does.Contain("3-2-501 has 2 h of its 8 free visitor hours left in 2026-03, not the 3 asked for"));
        var past = await _cli.ExpectAsync(ExitCodes.Failed, "invitation", "add", "--room", "3-2-501", "--plate", "粤B77777", "--from", "2026-03-01T09:00", "--until", "2026-03-01T18:00", "--hours", "1");
        Assert.That(past.Err, Does.Contain("has already ended"));
        var badTime = await _cli.ExpectAsync(ExitCodes.UsageOrConfig, "invitation", "add", "--room", "3-2-501", "--plate", "粤B77777", "--from", "tomorrow", "--until", "2026-03-03T18:00", "--hours", "1");
        Assert.That(badTime.Err, Does.Contain("--from 'tomorrow' is not an ISO 8601 time"));
        var badPlate = await _cli.ExpectAsync(ExitCodes.Failed, "invitation", "add", "--room", "3-2-501", "--plate", "湘A1", "--from", "2026-03-03T09:00", "--until", "2026-03-03T18:00", "--hours", "1");
        Assert.That(badPlate.Err, Does.Contain("invalid plate"));

        var after = (await _cli.ExpectAsync(ExitCodes.Ok, "invitation", "list", "--month", "2026-03", "--json")).Out + (await _cli.ExpectAsync(ExitCodes.Ok, "audit", "list", "--json")).Out;
        Assert.That(after, Is.EqualTo(before));

        var cancelled = await _cli.ExpectAsync(ExitCodes.Ok, "invitation", "cancel", "1", "--reason", "访客改期");
        Assert.That(cancelled.Out, Does.Contain("invitation 1 (粤B12345, 3-2-501) cancelled: 访客改期"));
        await _cli.ExpectAsync(ExitCodes.Ok, "invitation", "add", "--room", "3-2-501", "--plate", "粤B77777", "--from", "2026-03-05T09:00", "--until", "2026-03-05T18:00", "--hours", "8");
    }
}
