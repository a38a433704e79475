using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Storage.Tests;

public sealed partial class StayStoreTests
{
    private const string Estate = "fenglin-anzhi";
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly Plate Visitor = Plate.Parse("粤B12345");
    private TempDatabase _temp = null!;
    private LedgerStore _ledger = null!;
    private StayStore _stays = null!;
    private RegistryStores _registry = null!;
    private TariffBook _tariffs = null!;

    [SetUp]
    public async Task SetUp()
    {
        _temp = new TempDatabase();
        var database = await _temp.OpenAsync();
        _ledger = new LedgerStore(database, _temp.Time, Estate);
        _stays = new StayStore(database, _temp.Time, _ledger);
        _registry = new RegistryStores(database, _temp.Time, _ledger);
        var bytes = File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "tariffs", "fenglin-visitor.json"));
        _tariffs = new TariffBook([TariffParser.Parse(bytes, TimeZoneInfo.FindSystemTimeZoneById).Value!]);
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    /// <summary>Cash is taken inside the taker's shift.</summary>
    private async Task OpenShiftAsync(string cashier = "zhou") =>
        Assert.That((await new ShiftBook(await _temp.OpenAsync(), _temp.Time, _ledger).OpenShiftAsync(0, cashier)).IsSuccess, Is.True);

    private static DateTimeOffset At(string local) => new(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(8));

    private async Task<Stay> EnterAsync(string at, Plate? plate = null, bool fuzzy = false)
    {
        var entered = await _stays.EnterAsync(new StayEntry(plate ?? Visitor, VehicleClass.Small, "in-1", At(at), "read-1", fuzzy), "camera");
        Assert.That(entered.IsSuccess, Is.True, () => entered.Problem!.Message);
        return entered.Value!;
    }

    private async Task<ExitOutcome> ExitAsync(string at, Plate? plate = null)
    {
        var exited = await _stays.ExitAsync(new StayExit(plate ?? Visitor, VehicleClass.Small, "out-1", At(at), "read-2"), _tariffs, "camera");
        Assert.That(exited.IsSuccess, Is.True, () => exited.Problem!.Message);
        return exited.Value!;
    }

    private bool LedgerVerifies()
    {
        var verifier = new LedgerVerifier(Estate, []);
        foreach (var entry in _ledger.ReadAll())
        {
            verifier.Add(entry);
        }

        return verifier.Finish().Ok;
    }

    [Test]
    public async Task A_plate_inside_cannot_enter_again()
    {
        await EnterAsync("2026-03-02 08:00");
        var again = await _stays.EnterAsync(new StayEntry(Visitor, VehicleClass.Small, "in-1", At("2026-03-02 08:05"), null, false), "camera");
        Assert.That(again.Problem!.Kind, Is.EqualTo("already-inside"));
    }

    [Test]
    public async Task A_short_stay_leaves_free_with_a_free_exit_entry()
    {
        await EnterAsync("2026-03-02 08:00");
        var exit = await ExitAsync("2026-03-02 08:20");
        Assert.That(exit.OpenGate, Is.True);
        Assert.That((exit.Stay.Status, exit.Stay.ClosedHow, exit.ClosedBy!.Kind), Is.EqualTo((StayStatus.Closed, (StayClosing?)StayClosing.Free, LedgerKind.FreeExit)));
        Assert.That(exit.ClosedBy.Reason, Does.Contain("fenglin-visitor"));
        Assert.That(LedgerVerifies(), Is.True);
    }

    [Test]
    public async Task A_fee_waits_for_the_exact_cash_then_closes_the_stay_in_the_ledger()
    {
        var stay = await EnterAsync("2026-03-02 08:00");
        var exit = await ExitAsync("2026-03-02 12:00");
        Assert.That((exit.OpenGate, exit.Stay.Status, exit.Stay.DueFen), Is.EqualTo((false, StayStatus.AwaitingPayment, (long?)400)));

        Assert.That((await _stays.PayCashAsync(stay.Id, 400, _tariffs, "zhou")).Problem!.Kind, Is.EqualTo("no-shift"), "no cash without a shift");
        await OpenShiftAsync("wang");
        Assert.That((await _stays.PayCashAsync(stay.Id, 400, _tariffs, "zhou")).Problem!.Kind, Is.EqualTo("not-your-shift"), "nor into someone else's");
        await new ShiftBook(await _temp.OpenAsync(), _temp.Time, _ledger).CloseShiftAsync(0, null, "li", "wang");
        await OpenShiftAsync();
        var before = _ledger.ReadAll().Count();
        var wrong = await _stays.PayCashAsync(stay.Id, 300, _tariffs, "zhou");
        Assert.That(wrong.Problem!.Message, Does.Contain("owes 4.00 yuan, not 3.00"));
        Assert.That(_ledger.ReadAll().Count(), Is.EqualTo(before));

        var paid = (await _stays.PayCashAsync(stay.Id, 400, _tariffs, "zhou")).Value!;
        Assert.That((paid.Entry.Kind, paid.Entry.AmountFen, paid.Entry.Channel, paid.Entry.ReceiptNo), Is.EqualTo((LedgerKind.VisitorFee, 400L, "cash", (long?)1)));
        Assert.That((paid.Entry.TariffId, paid.Entry.TariffHash, paid.Entry.StayId), Is.EqualTo(("fenglin-visitor", _tariffs.For(At("2026-03-02 08:00"))!.Hash, (long?)stay.Id)));
        var closed = (await _stays.FindAsync(stay.Id))!;
        Assert.That((closed.Status, closed.ClosedHow, closed.LedgerSeq), Is.EqualTo((StayStatus.Closed, (StayClosing?)StayClosing.Paid, (long?)paid.Entry.Seq)));
        var again = (await _stays.PayCashAsync(stay.Id, 400, _tariffs, "zhou")).Value!;
        Assert.That((again.Replayed, again.Entry.Seq), Is.EqualTo((true, paid.Entry.Seq)), "the same cash confirmed twice is the first receipt");
        Assert.That(_ledger.ReadAll().Count(), Is.EqualTo(before + 1), "and nothing more is written");
        Assert.That((await _stays.PayCashAsync(stay.Id, 500, _tariffs, "zhou")).Problem!.Kind, Is.EqualTo("no-open-stay"));
        Assert.That(LedgerVerifies(), Is.True);
    }

    [Test]
    public async Task A_resident_vehicle_leaves_free()
    {
        Assert.That(RoomNumber.TryParse("3-2-501", out var room, out _), Is.True);
        await _registry.Households.AddHouseholdAsync(new HouseholdDraft(room!, "张建国", "13807310001", 2), "li");
        await _registry.Vehicles.AddVehicleAsync(room!, Visitor, VehicleClass.Small, "li");
        await EnterAsync("2026-03-02 08:00");
        var exit = await ExitAsync("2026-03-02 20:00");
        Assert.That(exit.OpenGate, Is.True);
        Assert.That(exit.ClosedBy!.Reason, Does.Contain("3-2-501"));
    }

    [Test]
    public async Task An_exit_without_entry_record_goes_to_the_booth_and_leaves_only_with_a_reason()
    {
        var exit = await ExitAsync("2026-03-02 12:00");
        Assert.That(exit.OpenGate, Is.False);
        Assert.That(exit.Quote.Reviews.Single().Kind, Is.EqualTo("no-entry-record"));
        Assert.That((await _stays.GrantFreeExitAsync(exit.Stay.Id, "", "zhou")).Problem!.Kind, Is.EqualTo("missing-reason"));
        var free = (await _stays.GrantFreeExitAsync(exit.Stay.Id, "camera missed the entry; driver showed a delivery note", "zhou")).Value!;
        Assert.That((free.Kind, free.Operator), Is.EqualTo((LedgerKind.FreeExit, "zhou")));
        Assert.That((await _stays.FindAsync(exit.Stay.Id))!.Status, Is.EqualTo(StayStatus.Closed));
    }

    [Test]
    public async Task A_fuzzy_entry_with_a_fee_waits_for_review_even_when_it_could_be_paid()
    {
        await EnterAsync("2026-03-02 08:00", fuzzy: true);
        var exit = await ExitAsync("2026-03-02 12:00");
        Assert.That(exit.Quote.Reviews.Single().Kind, Is.EqualTo("fuzzy-entry"));
        Assert.That(exit.Stay.Status, Is.EqualTo(StayStatus.AwaitingPayment));
    }

    [Test]
    public async Task A_terminal_payment_is_recorded_once_even_when_replayed()
    {
        var stay = await EnterAsync("2026-03-02 08:00");
        await ExitAsync("2026-03-02 12:00");
        var request = (await _stays.RequestPaymentAsync(stay.Id)).Value!;
        Assert.That(request.AmountFen, Is.EqualTo(400));

        var first = (await _stays.RecordTerminalPaymentAsync(request.RequestId, "wechat", "4200001234", 400, "terminal")).Value!;
        var replay = (await _stays.RecordTerminalPaymentAsync(request.RequestId, "wechat", "4200001234", 400, "terminal")).Value!;

        Assert.That((first.Replayed, replay.Replayed, replay.Entry.Seq), Is.EqualTo((false, true, first.Entry.Seq)));
        Assert.That(_ledger.ReadAll().Count(e => e.Kind == LedgerKind.VisitorFee), Is.EqualTo(1));
        Assert.That((await _stays.FindAsync(stay.Id))!.ClosedHow, Is.EqualTo(StayClosing.Paid));
    }

    [Test]
    public async Task A_terminal_reference_reused_for_another_stay_or_a_wrong_amount_is_refused()
    {
        var a = await EnterAsync("2026-03-02 08:00");
        var b = await EnterAsync("2026-03-02 08:00", Plate.Parse("湘A99999"));
        await ExitAsync("2026-03-02 12:00");
        await ExitAsync("2026-03-02 12:00", Plate.Parse("湘A99999"));
        var ra = (await _stays.RequestPaymentAsync(a.Id)).Value!;
        var rb = (await _stays.RequestPaymentAsync(b.Id)).Value!;
        await _stays.RecordTerminalPaymentAsync(ra.RequestId, "wechat", "42", 400, "terminal");

        Assert.That((await _stays.RecordTerminalPaymentAsync(rb.RequestId, "wechat", "42", 400, "terminal")).Problem!.Kind, Is.EqualTo("duplicate-channel-ref"));
        Assert.That((await _stays.RecordTerminalPaymentAsync(rb.RequestId, "wechat", "43", 100, "terminal")).Problem!.Kind, Is.EqualTo("wrong-amount"));
        Assert.That((await _stays.RecordTerminalPaymentAsync("pay-unknown", "wechat", "44", 400, "terminal")).Problem!.Kind, Is.EqualTo("unknown-request"));
        Assert.That((await _stays.FindAsync(b.Id))!.Status, Is.EqualTo(StayStatus.AwaitingPayment));
    }

    [Test]
    public async Task Paying_before_leaving_then_exiting_within_the_grace_is_free_and_later_pays_the_difference()
    {
        await OpenShiftAsync();
        var stay = await EnterAsync("2026-03-02 08:00");
        _temp.Time.AdjustTime(At("2026-03-02 12:00"));
        var prepaid = (await _stays.PayCashAsync(stay.Id, 400, _tariffs, "zhou")).Value!;
        Assert.That(prepaid.Entry.AmountFen, Is.EqualTo(400));

        var inGrace = await ExitAsync("2026-03-02 12:14");
        Assert.That(inGrace.OpenGate, Is.True);
        Assert.That(inGrace.ClosedBy!.Reason, Does.Contain("grace"));

        var other = await EnterAsync("2026-03-02 13:00", Plate.Parse("湘A99999"));
        _temp.Time.AdjustTime(At("2026-03-02 17:00"));
        await _stays.PayCashAsync(other.Id, 400, _tariffs, "zhou"); // 13:00–17:00 = 2 + 2
        var late = await ExitAsync("2026-03-02 18:30", Plate.Parse("湘A99999"));
        Assert.That(late.Stay.DueFen, Is.EqualTo(200)); // 13:00–18:30 = 6.00 less 4.00 paid
        Assert.That(LedgerVerifies(), Is.True);
    }

    [Test]
    public async Task A_pass_covers_the_stay_and_a_stay_past_its_end_pays_for_the_rest()
    {
        _temp.Time.AdjustTime(At("2026-03-01 09:00"));
        await OpenShiftAsync();
        var sold = await _registry.Passes.SellPassAsync(new PassSale(Visitor, 1, new DateOnly(2026, 3, 1), 0, 15000, "cash", null, null), Shanghai, "zhou");
        Assert.That(sold.IsSuccess, Is.True, () => sold.Problem!.Message);
        await EnterAsync("2026-03-20 20:00");
        var covered = await ExitAsync("2026-03-21 20:00");
        Assert.That(covered.OpenGate, Is.True);

        await EnterAsync("2026-03-31 21:00");
        var after = await ExitAsync("2026-04-01 03:00"); // the pass ends at midnight: 3 hours after it
        Assert.That(after.Stay.DueFen, Is.EqualTo(300));
    }

    [Test]
    public async Task A_pass_sale_writes_the_pass_and_its_entry_together_and_renews_from_the_current_end()
    {
        _temp.Time.AdjustTime(At("2026-03-10 09:00"));
        await OpenShiftAsync();
        var first = (await _registry.Passes.SellPassAsync(new PassSale(Visitor, 1, null, 3, 15000, "wechat", "42", null), Shanghai, "zhou")).Value!;
        Assert.That(first.Pass.StartsUtc, Is.EqualTo(At("2026-03-10 00:00")));
        Assert.That(first.Pass.EndsUtc, Is.EqualTo(At("2026-04-10 00:00")));
        Assert.That((first.Entry.Kind, first.Entry.AmountFen, first.Entry.ChannelRef), Is.EqualTo((LedgerKind.PassSale, 15000L, "42")));

        var renewal = (await _registry.Passes.SellPassAsync(new PassSale(Visitor, 2, null, 3, 30000, "cash", null, null), Shanghai, "zhou")).Value!;
        Assert.That(renewal.Pass.StartsUtc, Is.EqualTo(first.Pass.EndsUtc));
        Assert.That(renewal.Pass.EndsUtc, Is.EqualTo(At("2026-06-10 00:00")));

        var before = _temp.Dump();
        var replay = await _registry.Passes.SellPassAsync(new PassSale(Plate.Parse("湘A99999"), 1, null, 0, 15000, "wechat", "42", null), Shanghai, "zhou");
        Assert.That(replay.Problem!.Kind, Is.EqualTo("duplicate-channel-ref"));
        Assert.That(_temp.Dump(), Is.EqualTo(before), "neither the pass nor the entry is written");
    }
}
