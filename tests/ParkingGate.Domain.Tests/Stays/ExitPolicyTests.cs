using ParkingGate.Domain.Stays;
using ParkingGate.Domain.Tariffs;

namespace ParkingGate.Domain.Tests.Stays;

public sealed class ExitPolicyTests
{
    private static Quote Quote(long amountFen, long paidFen = 0, params Review[] reviews) =>
        new(amountFen, amountFen + paidFen, paidFen, [], "fenglin-visitor", 2, "hash", reviews);

    private static readonly Review NoEntryRecord = new("no-entry-record", new("无入场记录，请人工确认收费", "no entry record: decide the fee by hand"));

    [Test]
    public void A_resident_vehicle_leaves_free_whatever_the_tariff_says() =>
        Assert.That(ExitPolicy.Decide(Quote(800), "3-2-501"), Is.EqualTo(new ExitVerdict(ExitVerdictKind.LeavesFree, 0, "住户车辆 resident vehicle of 3-2-501") { Why = new("住户车辆 3-2-501", "resident vehicle of 3-2-501") }));

    [Test]
    public void Nothing_due_leaves_free_citing_the_tariff() =>
        Assert.That(ExitPolicy.Decide(Quote(0), null), Is.EqualTo(new ExitVerdict(ExitVerdictKind.LeavesFree, 0, "按收费规则应收0元 no fee due under tariff fenglin-visitor v2") { Why = new("按收费规则应收0元", "no fee due under tariff fenglin-visitor v2") }));

    [Test]
    public void Nothing_more_due_after_paying_leaves_free_within_the_grace() =>
        Assert.That(ExitPolicy.Decide(Quote(0, paidFen: 300), null).LedgerReason, Is.EqualTo("已付费，在离场宽限内出场 paid and left within the exit grace"));

    [Test]
    public void A_free_exit_says_why_in_each_language_for_the_board_and_the_desk()
    {
        Assert.That(ExitPolicy.Decide(Quote(800), "3-2-501").Why, Is.EqualTo(new LocalizedText("住户车辆 3-2-501", "resident vehicle of 3-2-501")));
        Assert.That(ExitPolicy.Decide(Quote(0), null).Why!.Zh, Is.EqualTo("按收费规则应收0元"));
        Assert.That(ExitPolicy.Decide(Quote(300), null).Why, Is.Null);
    }

    [Test]
    public void A_resident_with_no_stay_open_leaves_free_with_nothing_written() =>
        Assert.That(ExitPolicy.WithoutStay("3-2-501"), Is.EqualTo(new ExitVerdict(ExitVerdictKind.LeavesFree, 0, null)));

    [Test]
    public void Any_other_car_with_no_stay_open_is_priced_as_having_no_entry_record() =>
        Assert.That(ExitPolicy.WithoutStay(null), Is.Null);

    [Test]
    public void A_fee_is_owed() =>
        Assert.That(ExitPolicy.Decide(Quote(300), null), Is.EqualTo(new ExitVerdict(ExitVerdictKind.Pays, 300, null)));

    [TestCase(0)]
    [TestCase(500)]
    public void A_quote_flagged_for_review_waits_for_a_person_even_when_nothing_is_due(long amountFen) =>
        Assert.That(ExitPolicy.Decide(Quote(amountFen, 0, NoEntryRecord), null), Is.EqualTo(new ExitVerdict(ExitVerdictKind.Review, amountFen, null)));
}
