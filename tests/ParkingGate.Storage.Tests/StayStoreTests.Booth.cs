using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Storage.Tests;

/// <summary>What the booth corrects: arrears left and collected, an exit's entry found among the cars inside or stated.</summary>
public sealed partial class StayStoreTests
{
    [Test]
    public async Task A_car_left_owing_pays_its_arrears_with_the_next_fee_each_in_an_entry_linked_to_its_stay_and_a_repeat_takes_nothing()
    {
        await EnterAsync("2026-03-02 08:00");
        var first = (await ExitAsync("2026-03-02 12:00")).Stay;
        Assert.That(first.DueFen, Is.GreaterThan(0));
        Assert.That((await _stays.LeaveOwingAsync(first.Id, " ", "zhou")).Problem!.Kind, Is.EqualTo("missing-reason"));
        var owing = await _stays.LeaveOwingAsync(first.Id, "司机没带钱", "zhou");
        Assert.That(owing.Value! is { Kind: LedgerKind.ManualOpening, AmountFen: 0 } e && e.StayId == first.Id && e.Reason!.Contains("司机没带钱", StringComparison.Ordinal), Is.True);
        Assert.That((await _stays.FindAsync(first.Id))! is { Status: StayStatus.Closed, Owes: true } s && s.OwedFen == first.DueFen, Is.True);
        Assert.That(await _stays.OwedFenAsync(Visitor.Text), Is.EqualTo(first.DueFen));

        await EnterAsync("2026-03-03 08:00");
        var second = (await ExitAsync("2026-03-03 12:00")).Stay;
        await OpenShiftAsync();
        var total = second.DueFen!.Value + first.DueFen!.Value;
        var paid = await _stays.PayCashAsync(second.Id, total, _tariffs, "zhou");
        Assert.That(paid.IsSuccess, Is.True, () => paid.Problem!.Message);
        var arrears = _ledger.ReadAll().Single(x => x.Kind == LedgerKind.VisitorFee && x.StayId == first.Id);
        Assert.That((arrears.AmountFen, arrears.Channel), Is.EqualTo((first.DueFen!.Value, PaymentChannel.Cash)));
        Assert.That((await _stays.FindAsync(first.Id))!.ArrearsSeq, Is.EqualTo(arrears.Seq));
        Assert.That(paid.Value!.Entry.AmountFen, Is.EqualTo(second.DueFen), "this stay's fee is its own entry");
        Assert.That(await _stays.OwedFenAsync(Visitor.Text), Is.Zero);

        var count = _ledger.ReadAll().Count();
        var again = await _stays.PayCashAsync(second.Id, total, _tariffs, "zhou");
        Assert.That((again.Value!.Replayed, _ledger.ReadAll().Count()), Is.EqualTo((true, count)), "the same cash sent twice is taken once");
        Assert.That(LedgerVerifies(), Is.True);
    }

    [Test]
    public async Task A_car_that_owes_is_not_let_out_free_and_its_arrears_alone_close_the_stay_with_the_free_reason()
    {
        await EnterAsync("2026-03-02 08:00");
        var first = (await ExitAsync("2026-03-02 12:00")).Stay;
        await _stays.LeaveOwingAsync(first.Id, "司机没带钱", "zhou");
        await EnterAsync("2026-03-03 08:00");
        var exit = await ExitAsync("2026-03-03 08:10"); // inside the free period
        Assert.That((exit.OpenGate, exit.OwedFen, exit.Stay.DueFen), Is.EqualTo((false, first.DueFen!.Value, (long?)0)));
        await OpenShiftAsync();
        Assert.That((await _stays.PayCashAsync(exit.Stay.Id, 0, _tariffs, "zhou")).Problem!.Kind, Is.EqualTo("no-fee"));
        var paid = await _stays.PayCashAsync(exit.Stay.Id, first.DueFen!.Value, _tariffs, "zhou");
        Assert.That(paid.Value!.Entry is { Kind: LedgerKind.FreeExit, Reason: { } why } && why.Contains("应收0元", StringComparison.Ordinal), Is.True, () => paid.Value!.Entry.Reason ?? "");
        Assert.That((await _stays.FindAsync(exit.Stay.Id))!.Status, Is.EqualTo(StayStatus.Closed));
        Assert.That(LedgerVerifies(), Is.True);
    }

    [Test]
    public async Task A_car_priced_at_the_exit_that_slipped_out_unpaid_is_found_owing_when_it_enters_again()
    {
        await EnterAsync("2026-03-02 08:00");
        var unpaid = (await ExitAsync("2026-03-02 12:00")).Stay;
        var again = await EnterAsync("2026-03-03 08:00");
        Assert.That(again.Id, Is.Not.EqualTo(unpaid.Id), "this visit is a stay of its own");
        var old = (await _stays.FindAsync(unpaid.Id))!;
        Assert.That((old.Status, old.ClosedHow, old.OwedFen), Is.EqualTo((StayStatus.Closed, (StayClosing?)StayClosing.Manual, unpaid.DueFen)));
    }

    [Test]
    public async Task An_exit_with_no_entry_record_takes_the_entry_of_the_car_inside_it_is_and_that_stay_closes_into_it()
    {
        var misread = await EnterAsync("2026-03-02 08:00", Plate.Parse("粤B12346"));
        var exit = (await ExitAsync("2026-03-02 12:00")).Stay;
        Assert.That(exit.EntryUtc, Is.Null);
        Assert.That((await _stays.InsideAsync("2346", null, null)).Select(s => s.Id), Is.EqualTo(new[] { misread.Id }));
        Assert.That((await _stays.MatchEntryAsync(exit.Id, exit.Id, _tariffs, "zhou")).Problem!.Kind, Is.EqualTo("not-inside"));

        var matched = await _stays.MatchEntryAsync(exit.Id, misread.Id, _tariffs, "zhou");
        Assert.That(matched.IsSuccess, Is.True, () => matched.Problem!.Message);
        Assert.That((matched.Value!.Stay.EntryUtc, matched.Value.Stay.DueFen > 0), Is.EqualTo((misread.EntryUtc, true)));
        Assert.That((await _stays.FindAsync(misread.Id))! is { Status: StayStatus.Closed, MergedInto: { } into, LedgerSeq: null } && into == exit.Id, Is.True);
        Assert.That(await _stays.OpenPlatesAsync(), Does.Not.Contain("粤B12346"));
        Assert.That((await _stays.MatchEntryAsync(exit.Id, misread.Id, _tariffs, "zhou")).Problem!.Kind, Is.EqualTo("has-entry"), "matched once");
    }

    [Test]
    public async Task An_exit_with_no_entry_record_is_priced_from_a_stated_entry_and_the_fee_says_so()
    {
        var exit = (await ExitAsync("2026-03-02 12:00")).Stay;
        Assert.That((await _stays.StateEntryAsync(exit.Id, At("2026-03-02 12:30"), _tariffs, "zhou")).Problem!.Kind, Is.EqualTo("bad-entry-time"));
        Assert.That((await _stays.StateEntryAsync(exit.Id, At("2026-01-02 12:30"), _tariffs, "zhou")).Problem!.Kind, Is.EqualTo("bad-entry-time"));
        var priced = await _stays.StateEntryAsync(exit.Id, At("2026-03-02 08:00"), _tariffs, "zhou");
        Assert.That(priced.Value!.Stay is { EntryStatedBy: "zhou", DueFen: > 0 }, Is.True);
        await OpenShiftAsync();
        var paid = await _stays.PayCashAsync(exit.Id, priced.Value.Stay.DueFen!.Value, _tariffs, "zhou");
        Assert.That(paid.Value!.Entry.Reason, Does.Contain("司机所述"));
    }
}
