using System.Text.Json;
using ParkingGate.Host.Cli;

namespace ParkingGate.Host.Tests;

/// <summary>The money verbs as a booth operator and the accountant use them, end to end on a real file.</summary>
public sealed class LedgerCliTests : FolderFixture
{
    private CliRunner _cli = null!;

    [SetUp]
    public void CreateRunner()
    {
        _cli = new CliRunner(Folder);
        _cli.Time.AdjustTime(new DateTimeOffset(2026, 3, 2, 4, 0, 0, TimeSpan.Zero)); // 12:00 in Changsha
    }

    private async Task<CliRun> OkAsync(params string[] args)
    {
        var run = await _cli.RunAsync(args);
        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        return run;
    }

    private async Task<CliRun> FailsAsync(int code, params string[] args)
    {
        var run = await _cli.RunAsync(args);
        Assert.That(run.ExitCode, Is.EqualTo(code), run.ToString);
        return run;
    }

    [Test]
    public async Task Money_verbs_write_the_audit_rows_the_desk_writes()
    {
        Folder.EditConfig(json => json["reports"] = new System.Text.Json.Nodes.JsonObject { ["exportFolder"] = Path.Combine(Folder.Root, "exports") });
        await OkAsync("shift", "open", "--float", "200");
        await OkAsync("stay", "enter", "--plate", "粤B12345", "--at", "2026-03-02T08:00");
        using var exit = JsonDocument.Parse((await OkAsync("stay", "exit", "--plate", "粤B12345", "--json")).Out);
        var stay = exit.RootElement.GetProperty("stay").GetProperty("id").GetInt64();
        await OkAsync("pay", "cash", "--stay", $"{stay}", "--amount", "4");
        await OkAsync("shift", "close", "--counted", "204", "--witness", "li");
        await OkAsync("export", "--from", "2026-03-02", "--to", "2026-03-02", "--format", "csv");

        using var audit = JsonDocument.Parse((await OkAsync("audit", "list", "--json")).Out);
        var rows = audit.RootElement.EnumerateArray().Reverse()
            .Select(e => (Actor: e.GetProperty("actor").GetString(), Action: e.GetProperty("action").GetString(), Entity: e.GetProperty("entity").GetString(), After: e.GetProperty("afterJson").GetString()))
            .ToList();
        Assert.That(rows.Select(r => (r.Actor, r.Action, r.Entity)), Is.EqualTo(new[]
        {
            ("clerk-li", "shift.open", "shift"), ("clerk-li", "stay.enter", "stay"), ("clerk-li", "stay.exit", "stay"), ("clerk-li", "cash", "stay"),
            ("clerk-li", "shift.close", "shift"), ("clerk-li", "export", "ledger"),
        }));
        var money = rows.Where(r => r.Action is not ("stay.enter" or "stay.exit")).Select(r => r.After);
        Assert.That(money, Is.EqualTo(new[]
        {
            """{"floatFen":20000}""", """{"plate":"粤B12345","amountFen":400,"ledgerSeq":2}""", """{"countedFen":20400,"expectedFen":20400,"witness":"li"}""",
            """{"from":"2026-03-02","to":"2026-03-02","format":"csv","rows":1}""",
        }));
        Assert.That(rows.Single(r => r.Action == "stay.exit").After, Does.Contain("\"dueFen\":400"), "the hand exit records what was due");
    }

    [Test]
    public async Task Corrections_deposits_and_closes_write_their_audit_row_with_the_entry()
    {
        await OkAsync("shift", "open", "--float", "0");
        await OkAsync("stay", "enter", "--plate", "粤B12345", "--at", "2026-03-02T08:00");
        using var exit = JsonDocument.Parse((await OkAsync("stay", "exit", "--plate", "粤B12345", "--json")).Out);
        var stay = exit.RootElement.GetProperty("stay").GetProperty("id").GetInt64();
        await OkAsync("pay", "cash", "--stay", $"{stay}", "--amount", "4");
        await OkAsync("ledger", "refund", "--seq", "2", "--amount", "1", "--reason", "按规定只收3元");
        await OkAsync("ledger", "deposit", "--amount", "3", "--ref", "slip-7");
        await OkAsync("ledger", "reverse", "--seq", "4", "--reason", "存款记错");
        await OkAsync("ledger", "close", "--day", "2026-03-01");
        Assert.That((await FailsAsync(ExitCodes.Failed, "ledger", "reverse", "--seq", "99", "--reason", "x")).Err, Does.Contain("99"));

        using var audit = JsonDocument.Parse((await OkAsync("audit", "list", "--json")).Out);
        var rows = audit.RootElement.EnumerateArray().Reverse()
            .Where(e => e.GetProperty("action").GetString()!.StartsWith("ledger.", StringComparison.Ordinal))
            .Select(e => (Action: e.GetProperty("action").GetString(), Seq: e.GetProperty("entityId").GetInt64(), After: e.GetProperty("afterJson").GetString()))
            .ToList();
        Assert.That(rows.Select(r => (r.Action, r.Seq)), Is.EqualTo(new[] { ("ledger.refund", 3L), ("ledger.deposit", 4L), ("ledger.reverse", 5L), ("ledger.close", 6L) }),
            "one row per entry written, naming the entry; the refused reversal wrote none");
        Assert.That(rows[0].After, Is.EqualTo("""{"refunds":2,"amountFen":-100,"reason":"按规定只收3元","channelRef":null}"""));
        Assert.That(rows[2].After, Is.EqualTo("""{"reverses":4,"amountFen":300,"reason":"存款记错"}"""));
        Assert.That(rows[3].After, Is.EqualTo("""{"period":"day:2026-03-01","entries":0}"""));
    }

    [Test]
    public async Task A_booth_shift_from_open_to_signed_digest()
    {
        await OkAsync("shift", "open", "--float", "200");
        await OkAsync("stay", "enter", "--plate", "粤B12345", "--at", "2026-03-02T08:00");
        var exit = await OkAsync("stay", "exit", "--plate", "粤B12345", "--json");
        using var json = JsonDocument.Parse(exit.Out);
        var stay = json.RootElement.GetProperty("stay").GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(json.RootElement.GetProperty("dueFen").GetInt64(), Is.EqualTo(400));
        Assert.That(json.RootElement.GetProperty("openGate").GetBoolean(), Is.False);

        Assert.That((await FailsAsync(ExitCodes.Failed, "pay", "cash", "--stay", stay, "--amount", "3")).Err, Does.Contain("owes 4.00 yuan"));
        Assert.That((await FailsAsync(ExitCodes.UsageOrConfig, "pay", "cash", "--stay", stay, "--amount", "4.005")).Err, Does.Contain("'4.005'"));
        Assert.That((await OkAsync("pay", "cash", "--stay", stay, "--amount", "4")).Out, Does.Contain("visitor-fee 4.00 yuan cash receipt 1"));
        Assert.That((await OkAsync("pass", "sell", "--plate", "湘B2Z318", "--amount", "150", "--channel", "wechat", "--ref", "4200009")).Out, Does.Contain("pass-sale 150.00"));

        Assert.That((await OkAsync("shift", "status")).Out, Does.Contain("expected in drawer 204.00"));
        Assert.That((await FailsAsync(ExitCodes.Failed, "shift", "close", "--counted", "203", "--witness", "li")).Err, Does.Contain("give the reason"));
        var close = await OkAsync("shift", "close", "--counted", "204", "--witness", "li");
        var digest = close.Out.Split('\n').Single(l => l.StartsWith("PGD1", StringComparison.Ordinal));
        Assert.That(digest, Does.Contain("period=shift:1").And.Contain("cash=4.00 wechat=150.00").And.Contain("receipts=1-2"));

        var digests = Folder.Write("digests.txt", "# shift sheet of 2 March\n" + digest + "\n");
        Assert.That((await OkAsync("ledger", "verify", "--digests", digests)).Out, Does.StartWith("OK: 5 entries").And.Contain("1 digest(s) match"));
        var csv = Path.Combine(Folder.Root, "ledger.csv");
        Assert.That((await OkAsync("ledger", "export", "--out", csv)).Out, Does.Contain("wrote 5 entries"));
        Assert.That(File.ReadAllBytes(csv)[..3], Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }));
        Assert.That((await OkAsync("ledger", "verify", "--csv", csv, "--digest", digest)).Out, Does.StartWith("OK"));
        var python = await PythonVerifier.RunAsync("fenglin-anzhi", "--csv", csv, digest);
        Assert.That(python.ExitCode, Is.Zero, python.Output);
    }

    [Test]
    public async Task A_mistake_is_corrected_by_a_reversal_and_the_ledger_still_verifies()
    {
        await OkAsync("shift", "open", "--float", "0");
        await OkAsync("stay", "enter", "--plate", "粤B12345", "--at", "2026-03-02T08:00");
        await OkAsync("stay", "exit", "--plate", "粤B12345");
        await OkAsync("pay", "cash", "--stay", "1", "--amount", "4");
        Assert.That((await OkAsync("ledger", "reverse", "--seq", "2", "--reason", "收错车 charged the wrong car")).Out, Does.Contain("reversal -4.00 yuan cash receipt 2"));
        Assert.That((await FailsAsync(ExitCodes.Failed, "ledger", "reverse", "--seq", "2", "--reason", "again")).Err, Does.Contain("already reversed"));
        Assert.That((await OkAsync("ledger", "verify")).Out, Does.StartWith("OK: 3 entries"));
    }

    [Test]
    public async Task A_day_close_writes_a_digest_that_verify_accepts_and_refuses_a_second_close()
    {
        await OkAsync("shift", "open", "--float", "0");
        await OkAsync("stay", "enter", "--plate", "粤B12345", "--at", "2026-03-02T08:00");
        await OkAsync("stay", "exit", "--plate", "粤B12345");
        await OkAsync("pay", "cash", "--stay", "1", "--amount", "4");
        Assert.That((await FailsAsync(ExitCodes.Failed, "ledger", "close", "--day", "2026-03-02")).Err, Does.Contain("has not ended"));
        _cli.Time.Advance(TimeSpan.FromDays(1));
        var digest = (await OkAsync("ledger", "close", "--day", "2026-03-02")).Out.Trim();
        Assert.That(digest, Does.StartWith("PGD1 estate=fenglin-anzhi period=day:2026-03-02 last=2 count=2"));
        await FailsAsync(ExitCodes.Failed, "ledger", "close", "--day", "2026-03-02");
        Assert.That((await OkAsync("ledger", "verify", "--digest", digest)).Out, Does.Contain("1 digest(s) match"));
        await FailsAsync(ExitCodes.UsageOrConfig, "ledger", "close", "--day", "2 March");
    }

    [Test]
    public async Task A_wrong_digest_fails_verification_with_exit_1()
    {
        await OkAsync("ledger", "deposit", "--amount", "100");
        var digest = (await OkAsync("ledger", "digest")).Out.Trim().Replace("cash=-100.00", "cash=-90.00", StringComparison.Ordinal);
        var run = await FailsAsync(ExitCodes.Failed, "ledger", "verify", "--digest", digest);
        Assert.That(run.Out, Does.Contain("cash sums to -100.00, the digest says -90.00"));
        Assert.That((await FailsAsync(ExitCodes.UsageOrConfig, "ledger", "verify", "--digest", "hello")).Err, Does.Contain("starts with PGD1"));
    }

    [Test]
    public async Task Stay_list_shows_inside_and_closed_stays()
    {
        await OkAsync("stay", "enter", "--plate", "粤B12345", "--at", "2026-03-02T11:50");
        await OkAsync("stay", "enter", "--plate", "湘A99999", "--at", "2026-03-02T08:00");
        Assert.That((await OkAsync("stay", "exit", "--plate", "粤B12345")).Out, Does.Contain("leaves free"));
        Assert.That((await FailsAsync(ExitCodes.Failed, "stay", "enter", "--plate", "湘A99999")).Err, Does.Contain("already inside"));
        var inside = await OkAsync("stay", "list", "--status", "inside", "--json");
        Assert.That(JsonDocument.Parse(inside.Out).RootElement.EnumerateArray().Select(s => s.GetProperty("plate").GetString()), Is.EqualTo(new[] { "湘A99999" }));
        Assert.That((await OkAsync("stay", "list")).Out, Does.Contain("closed (free)"));
    }
}
