using ParkingGate.Domain.Conduct;

namespace ParkingGate.Domain.Tests.Conduct;

/// <summary>The conduct register's chain, its verification against a notice's digest line, and what it says once read.</summary>
public sealed class ConductRegisterTests
{
    private const string Estate = "fenglin-anzhi";
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 1, 0, 0, TimeSpan.Zero);

    private static readonly ConductRules Rules = ConductRulesParser.Parse(File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "conduct", "fenglin-conduct.json"))).Value!;

    /// <summary>Chains records as the store does: numbered, each linked to the one before and hashed.</summary>
    private static List<ConductRecord> Chain(params ConductRecord[] drafts)
    {
        var chained = new List<ConductRecord>();
        var prev = ConductHash.Genesis(Estate);
        foreach (var draft in drafts)
        {
            var record = draft with { Seq = chained.Count + 1, AtUtc = Start.AddHours(chained.Count), PrevHash = prev, Hash = "" };
            record = record with { Hash = ConductHash.Compute(record) };
            chained.Add(record);
            prev = record.Hash;
        }

        return chained;
    }

    private static ConductRecord Seen(string plate, string offence, int day) =>
        new(0, default, ConductKind.Violation, plate, "3-2-501", offence, "3栋东侧消防通道", Start.AddDays(day), "ab", "patrol-liu", null, null, null, "", "");

    private static ConductRecord Correcting(long seq, string? detail = null, string? plate = null) =>
        new(0, default, ConductKind.Correction, plate, null, null, null, null, null, "li", seq, "看错车牌", detail, "", "");

    private static ConductVerdict Verify(IEnumerable<ConductRecord> records, string? digest = null)
    {
        var verifier = new ConductVerifier(Estate);
        foreach (var r in records)
        {
            verifier.Add(r);
        }

        return verifier.Finish(digest, Estate);
    }

    [Test]
    public void A_register_as_written_verifies_and_gives_its_digest_line()
    {
        var records = Chain(Seen("湘A12345", "fire-lane", 0), Correcting(1, ConductView.Withdraw));
        var verdict = Verify(records);
        Assert.That((verdict.Ok, verdict.Records), Is.EqualTo((true, 2L)));
        Assert.That(verdict.DigestLine(Estate), Is.EqualTo($"PGR1 estate={Estate} last=2 head={records[1].Hash}"));
        Assert.That(Verify(records, verdict.DigestLine(Estate)).Ok, Is.True);
        Assert.That(Verify(records, $"PGR1 estate={Estate} last=1 head={records[0].Hash}").Ok, Is.True, "an earlier notice is still held by a longer register");
    }

    [Test]
    public void A_changed_record_a_missing_one_or_a_rewritten_head_fails_by_number()
    {
        var records = Chain(Seen("湘A12345", "fire-lane", 0), Seen("湘A12345", "fire-lane", 1), Seen("湘B22222", "disorderly", 2));
        var digest = Verify(records).DigestLine(Estate);

        var changed = records.ToList();
        changed[1] = changed[1] with { Plate = "湘A99999" };
        Assert.That(Verify(changed) is { Ok: false, BadSeq: 2 } v && v.Problem!.Contains("does not match its hash", StringComparison.Ordinal), Is.True);

        var missing = records.Where(r => r.Seq != 2).ToList();
        Assert.That(Verify(missing).Problem, Does.Contain("record 3 follows 1"));

        var rewritten = Chain(Seen("湘A12345", "fire-lane", 0), Seen("湘A12345", "fire-lane", 1), Seen("湘B22222", "other-space", 2));
        var verdict = Verify(rewritten, digest);
        Assert.That(verdict.Ok, Is.False, "a register rewritten from the start verifies on its own, but not against the notice");
        Assert.That(verdict.Problem, Does.Contain("the register was rewritten"));
        Assert.That(Verify(records.Take(2), digest).Problem, Does.Contain("the digest names record 3, but the register ends at 2"));
    }

    [Test]
    public void A_correction_or_a_decision_pointing_at_nothing_fails()
    {
        Assert.That(Verify(Chain(Seen("湘A12345", "fire-lane", 0), Correcting(7))).Problem, Does.Contain("points at record 7"));
        var decision = new ConductRecord(0, default, ConductKind.Decision, "湘A12345", null, null, null, null, null, "zhao", 1, "同意", "accept", "", "");
        Assert.That(Verify(Chain(Seen("湘A12345", "fire-lane", 0), decision)).Problem, Does.Contain("not at an earlier proposal"));
    }

    [Test]
    public void Corrections_change_what_a_violation_says_and_a_withdrawn_one_counts_for_nothing()
    {
        var records = Chain(Seen("湘A1234S", "fire-lane", 0), Correcting(1, plate: "湘A12345"), Seen("湘B22222", "disorderly", 1), Correcting(3, ConductView.Withdraw));
        var violations = ConductView.Violations(records);
        Assert.That(violations.Select(v => (v.Seq, v.Plate, v.Withdrawn)), Is.EqualTo(new[] { (1L, "湘A12345", false), (3L, "湘B22222", true) }));
        Assert.That(violations[0].Corrections, Is.EqualTo(new[] { 2L }));
        Assert.That(violations[0].Room, Is.Null, "a corrected plate takes the household the correction found (none here)");
    }

    [Test]
    public void Three_fire_lane_violations_within_90_days_propose_the_plate_once()
    {
        var records = Chain(Seen("湘A12345", "fire-lane", 0), Seen("湘A12345", "fire-lane", 40), Seen("湘A12345", "disorderly", 50), Seen("湘A12345", "fire-lane", 80));
        var violations = ConductView.Violations(records);
        var due = ConductView.ProposalsDue(Rules, violations, [], violations[^1]);
        Assert.That(due.Single().Counted.Select(v => v.Seq), Is.EqualTo(new[] { 1L, 2L, 4L }));
        Assert.That(ConductView.ProposalDetail(Rules, due[0].Rule, due[0].Counted), Does.StartWith("count=3 withinDays=90 blockDays=30 violations=1,2,4 rules=fenglin-conduct v1"));

        var proposal = new ConductRecord(5, default, ConductKind.Proposal, "湘A12345", "3-2-501", "fire-lane", null, null, null, "rules", 4, null, null, "", "");
        var fourth = ConductView.Violations(Chain(Seen("湘A12345", "fire-lane", 0), Seen("湘A12345", "fire-lane", 40), Seen("湘A12345", "disorderly", 50), Seen("湘A12345", "fire-lane", 80), Seen("湘A12345", "fire-lane", 85)));
        Assert.That(ConductView.ProposalsDue(Rules, fourth, [proposal], fourth[^1]), Is.Empty, "the plate is proposed already in this window");

        var spread = ConductView.Violations(Chain(Seen("湘A12345", "fire-lane", 0), Seen("湘A12345", "fire-lane", 50), Seen("湘A12345", "fire-lane", 95)));
        Assert.That(ConductView.ProposalsDue(Rules, spread, [], spread[^1]), Is.Empty, "the first is more than 90 days before the third");

        var withdrawn = ConductView.Violations(Chain(Seen("湘A12345", "fire-lane", 0), Correcting(1, ConductView.Withdraw), Seen("湘A12345", "fire-lane", 40), Seen("湘A12345", "fire-lane", 80)));
        Assert.That(ConductView.ProposalsDue(Rules, withdrawn, [], withdrawn[^1]), Is.Empty, "a withdrawn violation does not count");
    }
}
