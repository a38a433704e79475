using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain.Ledger;
using ParkingGate.Storage.Audit;
using ParkingGate.Storage.Ledger;

namespace ParkingGate.Storage.Tests;

public sealed class LedgerStoreTests
{
    private const string Estate = "fenglin-anzhi";
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private TempDatabase _temp = null!;
    private LedgerStore _ledger = null!;
    private ShiftBook _shifts = null!;

    [SetUp]
    public async Task SetUp()
    {
        _temp = new TempDatabase();
        var database = await _temp.OpenAsync();
        _ledger = new LedgerStore(database, _temp.Time, Estate);
        _shifts = new ShiftBook(database, _temp.Time, _ledger);
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private async Task<LedgerEntry> AppendAsync(NewLedgerEntry entry)
    {
        var written = await _ledger.AppendAsync(entry);
        Assert.That(written.IsSuccess, Is.True, () => written.Problem!.Message);
        return written.Value!;
    }

    private static NewLedgerEntry Fee(long fen, string channel = "cash", string? reference = null) =>
        new(LedgerKind.VisitorFee, fen, "zhou") { Plate = "粤B12345", Channel = channel, ChannelRef = reference };

    private LedgerVerdict Verify(params Digest[] digests)
    {
        var verifier = new LedgerVerifier(Estate, digests);
        foreach (var entry in _ledger.ReadAll())
        {
            verifier.Add(entry);
        }

        return verifier.Finish();
    }

    [Test]
    public async Task Appends_chain_from_the_genesis_and_number_receipts_without_gaps()
    {
        var first = await AppendAsync(Fee(700));
        var open = await AppendAsync(new NewLedgerEntry(LedgerKind.ManualOpening, 0, "zhou") { Reason = "ambulance" });
        var second = await AppendAsync(Fee(300, "wechat", "4200001"));

        Assert.That(first.PrevHash, Is.EqualTo(LedgerHash.Genesis(Estate)));
        Assert.That(open.PrevHash, Is.EqualTo(first.Hash));
        Assert.That((first.ReceiptNo, open.ReceiptNo, second.ReceiptNo), Is.EqualTo(((long?)1, (long?)null, (long?)2)));
        Assert.That(_ledger.ReadAll().Select(e => e.Hash), Is.EqualTo(new[] { first.Hash, open.Hash, second.Hash }));
        Assert.That(Verify().Ok, Is.True);
    }

    [Test]
    public async Task A_channel_reference_is_recorded_once()
    {
        var first = await AppendAsync(Fee(700, "wechat", "4200001"));
        var again = await _ledger.AppendAsync(Fee(700, "wechat", "4200001"));
        Assert.That(again.Problem!.Kind, Is.EqualTo("duplicate-channel-ref"));
        Assert.That(again.Problem.Message, Does.Contain($"entry {first.Seq}"));
        Assert.That(_ledger.ReadAll().Count(), Is.EqualTo(1));
    }

    [Test]
    public async Task Time_never_runs_backwards_even_when_the_clock_does()
    {
        var first = await AppendAsync(Fee(700));
        _temp.Time.AdjustTime(_temp.Time.GetUtcNow().AddHours(-1));
        var second = await AppendAsync(Fee(300));
        Assert.That(second.AtUtc, Is.EqualTo(first.AtUtc));
        Assert.That(Verify().Ok, Is.True);
    }

    [Test]
    public async Task Update_and_delete_are_refused_by_the_database()
    {
        await AppendAsync(Fee(700));
        await using var connection = new SqliteConnection($"Data Source={_temp.Path}");
        await connection.OpenAsync();
        Assert.That(() => connection.Execute("UPDATE ledger SET amount_fen = 1"), Throws.InstanceOf<SqliteException>().With.Message.Contain("append-only"));
        Assert.That(() => connection.Execute("DELETE FROM ledger"), Throws.InstanceOf<SqliteException>().With.Message.Contain("append-only"));
    }

    [Test]
    public async Task A_reversal_cancels_exactly_once_and_needs_a_reason()
    {
        var fee = await AppendAsync(Fee(700));
        Assert.That((await _ledger.ReverseAsync(fee.Seq, " ", "li")).Problem!.Kind, Is.EqualTo("missing-reason"));
        var reversal = (await _ledger.ReverseAsync(fee.Seq, "wrong plate", "li")).Value!;
        Assert.That((reversal.AmountFen, reversal.ReversesSeq, reversal.Channel, reversal.ReceiptNo), Is.EqualTo((-700L, (long?)fee.Seq, "cash", (long?)2)));
        Assert.That((await _ledger.ReverseAsync(fee.Seq, "again", "li")).Problem!.Kind, Is.EqualTo("already-reversed"));
        Assert.That((await _ledger.ReverseAsync(reversal.Seq, "undo", "li")).Problem!.Kind, Is.EqualTo("cannot-reverse"));
        Assert.That((await _ledger.ReverseAsync(99, "x", "li")).Problem!.Kind, Is.EqualTo("no-such-entry"));
        Assert.That(Verify().Ok, Is.True);
    }

    [Test]
    public async Task Refunds_cannot_exceed_what_was_paid()
    {
        var fee = await AppendAsync(Fee(700, "wechat", "42"));
        Assert.That((await _ledger.RefundAsync(fee.Seq, 500, "overcharged", "42-r1", "li")).IsSuccess, Is.True);
        var tooMuch = await _ledger.RefundAsync(fee.Seq, 300, "again", null, "li");
        Assert.That(tooMuch.Problem!.Message, Does.Contain("between 0.01 and 2.00"));
        Assert.That(Verify().Ok, Is.True);
    }

    [Test]
    public async Task A_shift_expects_float_plus_cash_and_needs_a_witness_and_a_reason_for_a_variance()
    {
        Assert.That((await _shifts.CloseShiftAsync(0, null, "li", "zhou")).Problem!.Kind, Is.EqualTo("no-shift"));
        var open = (await _shifts.OpenShiftAsync(20000, "zhou")).Value!;
        Assert.That((await _shifts.OpenShiftAsync(100, "wang")).Problem!.Kind, Is.EqualTo("shift-open"));
        await AppendAsync(Fee(700));
        await AppendAsync(Fee(500, "wechat", "42"));
        Assert.That((await _ledger.DepositCashAsync(300, "slip-1", "zhou")).IsSuccess, Is.True);
        Assert.That((await _shifts.CurrentShiftAsync())!.ExpectedFen, Is.EqualTo(20000 + 700 - 300));

        Assert.That((await _shifts.CloseShiftAsync(20400, null, "zhou", "zhou")).Problem!.Kind, Is.EqualTo("missing-witness"));
        Assert.That((await _shifts.CloseShiftAsync(20300, null, "li", "zhou")).Problem!.Message, Does.Contain("variance -1.00"));
        var closed = (await _shifts.CloseShiftAsync(20300, "one coin fell behind the drawer", "li", "zhou")).Value!;

        Assert.That(closed.VarianceFen, Is.EqualTo(-100));
        Assert.That(closed.Digest.Period, Is.EqualTo($"shift:{open.Seq}"));
        Assert.That((closed.Digest.First, closed.Digest.Last), Is.EqualTo((open.Seq, closed.Close.Seq)));
        Assert.That(closed.Digest.SumsFen["cash"], Is.EqualTo(400));
        Assert.That(closed.DigestEntry.Detail, Is.EqualTo(closed.Digest.ToString()));
        Assert.That(await _shifts.CurrentShiftAsync(), Is.Null);
        Assert.That(Verify(closed.Digest).Ok, Is.True);
        var audit = (await new AuditLog(await _temp.OpenAsync(), _temp.Time).ListAsync(10, "shift")).Reverse().Select(a => (a.Actor, a.Action, a.EntityId, a.AfterJson));
        Assert.That(audit, Is.EqualTo(new[]
        {
            ("zhou", "shift.open", (long?)null, (string?)"{\"floatFen\":20000}"),
            ("zhou", "shift.close", closed.Close.Seq, "{\"countedFen\":20300,\"expectedFen\":20400,\"witness\":\"li\"}"),
        }), "one row per shift change, none for the refused ones, written with the ledger entry");
    }

    [Test]
    public async Task A_day_is_closed_once_after_it_ends_with_a_digest_of_its_entries()
    {
        _temp.Time.AdjustTime(new DateTimeOffset(2026, 3, 1, 15, 0, 0, TimeSpan.Zero)); // 23:00 on 1 March in Changsha
        await AppendAsync(Fee(100));
        _temp.Time.Advance(TimeSpan.FromHours(2)); // 2 March
        await AppendAsync(Fee(700));
        await AppendAsync(Fee(300));
        var day = new DateOnly(2026, 3, 2);
        Assert.That((await _ledger.CloseDayAsync(day, Shanghai, "li")).Problem!.Kind, Is.EqualTo("period-open"));

        _temp.Time.Advance(TimeSpan.FromDays(1));
        var closed = (await _ledger.CloseDayAsync(day, Shanghai, "li")).Value;
        Assert.That((closed.Digest.First, closed.Digest.Last, closed.Digest.SumsFen["cash"]), Is.EqualTo((2L, 3L, 1000L)));
        Assert.That((await _ledger.CloseDayAsync(day, Shanghai, "li")).Problem!.Kind, Is.EqualTo("already-closed"));

        var quiet = (await _ledger.CloseDayAsync(new DateOnly(2026, 2, 27), Shanghai, "li")).Value;
        Assert.That((quiet.Digest.Count, quiet.Digest.Last), Is.EqualTo((0L, 0L)));
        var month = (await _ledger.CloseMonthAsync(2026, 2, Shanghai, "li")).Value;
        Assert.That((month.Digest.Count, month.Digest.SumsFen["cash"]), Is.EqualTo((0L, 0L)));
        Assert.That(Verify(closed.Digest, quiet.Digest).Ok, Is.True);
    }

    [Test]
    public async Task The_head_digest_covers_the_whole_ledger()
    {
        await AppendAsync(Fee(700));
        var last = await AppendAsync(Fee(300, "alipay", "2026"));
        var digest = _ledger.HeadDigest();
        Assert.That((digest.Last, digest.Count, digest.Head, digest.SumsFen["alipay"]), Is.EqualTo((2L, 2L, last.Hash, 300L)));
    }
}
