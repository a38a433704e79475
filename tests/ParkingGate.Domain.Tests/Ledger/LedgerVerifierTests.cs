using ParkingGate.Domain.Ledger;

namespace ParkingGate.Domain.Tests.Ledger;

public sealed class LedgerVerifierTests
{
    private static LedgerVerdict Verify(IEnumerable<LedgerEntry> entries, params Digest[] digests)
    {
        var verifier = new LedgerVerifier(WorkedExamples.Estate, digests);
        foreach (var entry in entries)
        {
            if (!verifier.Add(entry))
            {
                break;
            }
        }

        return verifier.Finish();
    }

    /// <summary>Appends entries the way the store does: next seq, chained, hashed.</summary>
    private static List<LedgerEntry> Chain(params (LedgerKind Kind, long Amount, string? Channel, string? Ref, long? Reverses)[] specs)
    {
        var list = new List<LedgerEntry>();
        var prev = WorkedExamples.Genesis;
        long receipt = 0;
        foreach (var (kind, amount, channel, reference, reverses) in specs)
        {
            var e = new LedgerEntry(list.Count + 1, WorkedExamples.At("2026-03-02T00:00:00.000Z").AddMinutes(list.Count), kind, "粤B12345", null, amount,
                channel, reference, kind.IssuesReceipt() ? ++receipt : null, "周红", null, null, reverses, reverses is null ? null : "mistake", null, prev, "");
            e = e with { Hash = LedgerHash.Compute(e) };
            list.Add(e);
            prev = e.Hash;
        }

        return list;
    }

    [Test]
    public void The_worked_examples_verify()
    {
        var verdict = Verify(WorkedExamples.All);
        Assert.That(verdict.Ok, Is.True, verdict.Problem);
        Assert.That((verdict.Entries, verdict.HeadHash), Is.EqualTo((3L, WorkedExamples.Reversal.Hash)));
    }

    [Test]
    public void An_empty_ledger_verifies_against_its_empty_digest()
    {
        var empty = new DigestBuilder(WorkedExamples.Estate, "head", 0, WorkedExamples.Genesis).Build();
        Assert.That(Verify([], empty).Ok, Is.True);
    }

    [Test]
    public void Another_estates_ledger_fails_at_its_first_entry()
    {
        var verifier = new LedgerVerifier("another-estate", []);
        Assert.That(verifier.Add(WorkedExamples.ShiftOpen), Is.False);
        Assert.That(verifier.Finish().BadSeq, Is.EqualTo(1));
        Assert.That(verifier.Finish().Problem, Does.Contain("another-estate"));
    }

    [Test]
    public void A_second_reversal_of_the_same_entry_fails()
    {
        var entries = Chain((LedgerKind.VisitorFee, 700, "cash", null, null), (LedgerKind.Reversal, -700, "cash", null, 1), (LedgerKind.Reversal, -700, "cash", null, 1));
        var verdict = Verify(entries);
        Assert.That((verdict.Ok, verdict.BadSeq), Is.EqualTo((false, (long?)3)));
        Assert.That(verdict.Problem, Does.Contain("second time"));
    }

    [TestCase(-500, "not the negative")]
    [TestCase(700, "not the negative")]
    public void A_reversal_must_cancel_exactly(long amount, string message)
    {
        var verdict = Verify(Chain((LedgerKind.VisitorFee, 700, "cash", null, null), (LedgerKind.Reversal, amount, "cash", null, 1)));
        Assert.That(verdict.BadSeq, Is.EqualTo(2));
        Assert.That(verdict.Problem, Does.Contain(message));
    }

    [Test]
    public void A_reversal_pointing_nowhere_fails() =>
        Assert.That(Verify(Chain((LedgerKind.VisitorFee, 700, "cash", null, null), (LedgerKind.Reversal, -700, "cash", null, 5))).Problem, Does.Contain("earlier entry"));

    [Test]
    public void A_replayed_channel_reference_fails_where_it_repeats()
    {
        var verdict = Verify(Chain((LedgerKind.VisitorFee, 700, "wechat", "4200001", null), (LedgerKind.VisitorFee, 700, "wechat", "4200001", null)));
        Assert.That(verdict.BadSeq, Is.EqualTo(2));
        Assert.That(verdict.Problem, Does.Contain("4200001").And.Contain("twice"));
    }

    [Test]
    public void The_same_reference_on_two_channels_is_two_payments() =>
        Assert.That(Verify(Chain((LedgerKind.VisitorFee, 700, "wechat", "88", null), (LedgerKind.VisitorFee, 700, "alipay", "88", null))).Ok, Is.True);

    [TestCase(LedgerKind.FreeExit, 100, null, "moves no money")]
    [TestCase(LedgerKind.VisitorFee, -100, "cash", "cannot be negative")]
    [TestCase(LedgerKind.VisitorFee, 100, null, "needs a payment channel")]
    [TestCase(LedgerKind.Refund, 100, "cash", "must point at an earlier entry")]
    public void Entries_of_the_wrong_shape_fail(LedgerKind kind, long amount, string? channel, string message) =>
        Assert.That(Verify(Chain((kind, amount, channel, null, null))).Problem, Does.Contain(message));

    [Test]
    public void A_receipt_gap_fails()
    {
        var entries = Chain((LedgerKind.VisitorFee, 700, "cash", null, null), (LedgerKind.VisitorFee, 300, "cash", null, null));
        var skipped = entries[1] with { ReceiptNo = 3 };
        skipped = skipped with { Hash = LedgerHash.Compute(skipped) };
        var verdict = Verify([entries[0], skipped]);
        Assert.That(verdict.BadSeq, Is.EqualTo(2));
        Assert.That(verdict.Problem, Does.Contain("receipt 3 where 2 was due"));
    }

    [Test]
    public void A_digest_for_an_empty_period_checks_the_head_it_names()
    {
        var entries = Chain((LedgerKind.VisitorFee, 700, "cash", null, null));
        var empty = new DigestBuilder(WorkedExamples.Estate, "day:2026-03-03", 1, entries[0].Hash).Build();
        Assert.That(Verify(entries, empty).Ok, Is.True);
        var wrong = empty with { Head = WorkedExamples.Genesis };
        Assert.That(Verify(entries, wrong).Problem, Does.Contain("rewritten"));
    }

    [Test]
    public void A_digest_of_another_estate_fails()
    {
        var digest = new DigestBuilder("another-estate", "head", 0, WorkedExamples.Genesis).Build();
        Assert.That(Verify([], digest).Problem, Does.Contain("another-estate"));
    }

    [Test]
    public void Verifying_all_at_once_reaches_the_same_verdict_as_entry_by_entry()
    {
        var entries = Chain([.. Enumerable.Range(0, 5000).Select(i => (LedgerKind.VisitorFee, 100L + i, (string?)"cash", (string?)null, (long?)null))]);
        Assert.That(new LedgerVerifier(WorkedExamples.Estate, []).VerifyAll(entries), Is.EqualTo(Verify(entries)));

        var broken = entries.ToList();
        broken[3210] = broken[3210] with { AmountFen = 1 };
        var all = new LedgerVerifier(WorkedExamples.Estate, []).VerifyAll(broken);
        Assert.That(all, Is.EqualTo(Verify(broken)));
        Assert.That(all.BadSeq, Is.EqualTo(3211));
    }

    [Test]
    public void A_source_that_fails_while_reading_surfaces_its_error()
    {
        static IEnumerable<LedgerEntry> Broken()
        {
            yield return WorkedExamples.ShiftOpen;
            throw new InvalidDataException("row 2 is unreadable");
        }

        Assert.That(() => new LedgerVerifier(WorkedExamples.Estate, []).VerifyAll(Broken()), Throws.InstanceOf<InvalidDataException>().With.Message.Contain("row 2"));
    }
}
