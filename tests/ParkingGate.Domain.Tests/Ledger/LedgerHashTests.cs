using System.Text;
using ParkingGate.Domain.Ledger;

namespace ParkingGate.Domain.Tests.Ledger;

public sealed class LedgerHashTests
{
    [Test]
    public void Genesis_is_bound_to_the_estate()
    {
        Assert.That(LedgerHash.Genesis(WorkedExamples.Estate), Is.EqualTo(WorkedExamples.Genesis));
        Assert.That(LedgerHash.Genesis("another-estate"), Is.Not.EqualTo(WorkedExamples.Genesis));
    }

    [Test]
    public void The_worked_examples_hash_as_the_independent_verifier_computed()
    {
        foreach (var entry in WorkedExamples.All)
        {
            Assert.That(LedgerHash.Compute(entry), Is.EqualTo(entry.Hash), $"entry {entry.Seq}");
        }
    }

    [Test]
    public void The_canonical_form_is_netstrings_in_the_documented_order()
    {
        var text = Encoding.UTF8.GetString(LedgerHash.CanonicalBytes(WorkedExamples.Fee));
        Assert.That(text, Is.EqualTo(
            "21:parkinggate-ledger-v1,1:2,24:2026-03-02T02:15:30.250Z,11:visitor-fee,9:粤B12345,1:1,3:700,4:cash,0:,1:1,6:周红," +
            $"15:fenglin-visitor,64:{WorkedExamples.TariffHash},0:,0:,0:,64:{WorkedExamples.ShiftOpen.Hash},"));
    }

    [Test]
    public void Changing_any_field_changes_the_hash()
    {
        var e = WorkedExamples.Fee;
        LedgerEntry[] changed =
        [
            e with { Seq = 3 }, e with { AtUtc = e.AtUtc.AddMilliseconds(1) }, e with { Kind = LedgerKind.PassSale }, e with { Plate = "粤B12346" },
            e with { StayId = 2 }, e with { AmountFen = 701 }, e with { Channel = "wechat" }, e with { ChannelRef = "x" }, e with { ReceiptNo = 2 },
            e with { Operator = "李" }, e with { TariffId = "x" }, e with { TariffHash = "x" }, e with { ReversesSeq = 1 }, e with { Reason = "x" },
            e with { Detail = "x" }, e with { PrevHash = WorkedExamples.Genesis },
        ];
        Assert.That(changed.Select(LedgerHash.Compute), Has.None.EqualTo(e.Hash));
        Assert.That(changed.Select(LedgerHash.Compute).Distinct().Count(), Is.EqualTo(changed.Length));
    }

    [Test]
    public void A_value_cannot_slide_into_its_neighbour()
    {
        // Without lengths, plate "A" + stay "12" and plate "A1" + stay "2" would read the same.
        var a = WorkedExamples.Fee with { Plate = "A", Operator = "12" };
        var b = WorkedExamples.Fee with { Plate = "A1", Operator = "2" };
        Assert.That(LedgerHash.Compute(a), Is.Not.EqualTo(LedgerHash.Compute(b)));
    }

    [Test]
    public void The_readme_shows_the_worked_examples_with_their_true_hashes_and_lengths()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ParkingGate.sln")))
        {
            dir = dir.Parent;
        }

        Assert.That(dir, Is.Not.Null, "the tests run inside the repository");
        var readme = File.ReadAllText(Path.Combine(dir!.FullName, "README.md"));
        Assert.That(readme, Does.Contain(WorkedExamples.Genesis));
        foreach (var entry in WorkedExamples.All)
        {
            Assert.That(readme, Does.Contain(entry.Hash));
            var canonical = Encoding.UTF8.GetString(LedgerHash.CanonicalBytes(entry));
            var prefix = canonical[..canonical.IndexOf(",64:", StringComparison.Ordinal)]; // up to the first full hash
            Assert.That(readme, Does.Contain(prefix.Length > 120 ? prefix[..120] : prefix), $"entry {entry.Seq}");
        }
    }
}
