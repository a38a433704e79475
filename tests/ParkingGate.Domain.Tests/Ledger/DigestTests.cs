using ParkingGate.Domain.Ledger;

namespace ParkingGate.Domain.Tests.Ledger;

public sealed class DigestTests
{
    private static Digest Of(IEnumerable<LedgerEntry> entries, string period = "head")
    {
        var builder = new DigestBuilder(WorkedExamples.Estate, period, 0, WorkedExamples.Genesis);
        foreach (var entry in entries)
        {
            builder.Add(entry);
        }

        return builder.Build();
    }

    [Test]
    public void The_digest_line_reads_like_the_readme_says()
    {
        var line = Of(WorkedExamples.All.Take(2)).ToString();
        Assert.That(line, Is.EqualTo(
            $"PGD1 estate=fenglin-anzhi period=head last=2 count=2 head={WorkedExamples.Fee.Hash} cash=7.00 wechat=0.00 alipay=0.00 other=0.00 receipts=1-1"));
    }

    [Test]
    public void A_reversal_nets_the_cash_to_zero_but_counts_its_receipt()
    {
        var digest = Of(WorkedExamples.All);
        Assert.That(digest.SumsFen["cash"], Is.Zero);
        Assert.That((digest.FirstReceipt, digest.LastReceipt, digest.Count, digest.Last), Is.EqualTo(((long?)1, (long?)2, 3L, 3L)));
    }

    [Test]
    public void Parse_reads_back_what_ToString_wrote()
    {
        var digest = Of(WorkedExamples.All, "day:2026-03-02");
        Assert.That(Digest.TryParse("  " + digest.ToString().Replace(" ", "   ", StringComparison.Ordinal) + " ", out var parsed, out var error), Is.True, error);
        Assert.That(parsed!.ToString(), Is.EqualTo(digest.ToString()));
        Assert.That(parsed.First, Is.EqualTo(1));
    }

    [Test]
    public void An_empty_ledger_has_the_genesis_as_head_and_no_receipts() =>
        Assert.That(Of([]).ToString(), Does.Contain($"last=0 count=0 head={WorkedExamples.Genesis}").And.EndWith("receipts=none"));

    [TestCase("PGD2 estate=x", "starts with PGD1")]
    [TestCase("PGD1 estate=x period=head last=2 count=2", "no head=")]
    [TestCase("PGD1 estate=x period=head last=2 count=3 head=00 cash=0.00 wechat=0.00 alipay=0.00 other=0.00 receipts=none", "are not sequence numbers")]
    [TestCase("PGD1 estate=x period=head last=2 count=2 head=00 cash=0.00 wechat=0.00 alipay=0.00 other=0.00 receipts=none", "64 hex digits")]
    [TestCase("PGD1 estate=x period=head last=2 count=2 head=0000000000000000000000000000000000000000000000000000000000000000 cash=7 wechat=0.00 alipay=0.00 other=0.00 receipts=none", "cash=7")]
    [TestCase("PGD1 estate=x period=head last=2 count=2 head=0000000000000000000000000000000000000000000000000000000000000000 cash=7.00 wechat=0.00 alipay=0.00 other=0.00 receipts=5-1", "receipts=5-1")]
    [TestCase("PGD1 estate=x estate=y", "single key=value")]
    public void A_malformed_line_is_refused_naming_the_part(string line, string message)
    {
        Assert.That(Digest.TryParse(line, out var digest, out var error), Is.False);
        Assert.That(digest, Is.Null);
        Assert.That(error, Does.Contain(message));
    }
}
