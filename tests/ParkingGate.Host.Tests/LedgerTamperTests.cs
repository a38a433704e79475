using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using ParkingGate.Domain.Ledger;
using ParkingGate.Host.Ledger;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;

namespace ParkingGate.Host.Tests;

/// <summary>
/// An intruder with a second connection drops the triggers and changes the file. Each tampering must be caught by
/// our verifier and by the independent Python verifier, from the database and from the CSV export, at the same
/// entry; an honest ledger (with legitimate reversals) must pass all four.
/// </summary>
public sealed class LedgerTamperTests : FolderFixture
{
    private const string Estate = "fenglin-anzhi";
    private CliRunner _cli = null!;
    private string _digest = "";

    [SetUp]
    public async Task BuildHonestLedger()
    {
        _cli = new CliRunner(Folder);
        await BuildAsync(Folder.Database, Estate, _cli.Time);
        _digest = (await _cli.RunAsync("ledger", "digest")).Out.Trim(); // written down on paper at entry 13
        await AppendMoreAsync(Folder.Database, Estate, _cli.Time);
    }

    /// <summary>Thirteen entries: a shift, cash and WeChat fees, a pass sale, a reversal, a refund, a deposit.</summary>
    internal static async Task BuildAsync(string path, string estate, FakeTimeProvider time)
    {
        var database = await SqliteDatabase.OpenAsync(path, time);
        var ledger = new LedgerStore(database, time, estate);
        var shifts = new ShiftBook(database, time, ledger);
        async Task Add(NewLedgerEntry e)
        {
            time.Advance(TimeSpan.FromMinutes(7));
            Assert.That((await ledger.AppendAsync(e)).IsSuccess, Is.True);
        }

        await shifts.OpenShiftAsync(20000, "zhou");
        await Add(new NewLedgerEntry(LedgerKind.VisitorFee, 700, "zhou") { Plate = "粤B12345", StayId = 1, Channel = "cash", TariffId = "fenglin-visitor", TariffHash = new string('a', 64) });
        await Add(new NewLedgerEntry(LedgerKind.VisitorFee, 300, "terminal") { Plate = "湘A99999", StayId = 2, Channel = "wechat", ChannelRef = "4200001", TariffId = "fenglin-visitor", TariffHash = new string('a', 64) });
        await Add(new NewLedgerEntry(LedgerKind.PassSale, 15000, "zhou") { Plate = "湘B2Z318", Channel = "alipay", ChannelRef = "2026030222001" });
        await Add(new NewLedgerEntry(LedgerKind.FreeExit, 0, "camera") { Plate = "湘A12345", StayId = 3, Reason = "按收费规则应收0元" });
        await Add(new NewLedgerEntry(LedgerKind.VisitorFee, 500, "zhou") { Plate = "湘C11111", StayId = 4, Channel = "cash" });
        time.Advance(TimeSpan.FromMinutes(3));
        await ledger.ReverseAsync(6, "收错车 charged the wrong car", "zhou");
        await Add(new NewLedgerEntry(LedgerKind.VisitorFee, 500, "zhou") { Plate = "湘C11112", StayId = 5, Channel = "cash" });
        await ledger.RefundAsync(3, 100, "多收 overcharged", "4200001-r", "li");
        await ledger.RecordManualOpeningAsync("out-1", "救护车 ambulance", null, null, "zhou");
        await ledger.DepositCashAsync(1000, "bank-0302", "zhou");
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.That((await shifts.CloseShiftAsync(20000 + 700 + 500 - 1000, null, "li", "zhou")).IsSuccess, Is.True);
    }

    private static async Task AppendMoreAsync(string path, string estate, FakeTimeProvider time)
    {
        var ledger = new LedgerStore(await SqliteDatabase.OpenAsync(path, time), time, estate);
        for (var i = 0; i < 4; i++)
        {
            time.Advance(TimeSpan.FromMinutes(11));
            await ledger.AppendAsync(new NewLedgerEntry(LedgerKind.VisitorFee, 200 + i, "zhou") { Plate = "粤B7X9K2", StayId = 10 + i, Channel = "cash" });
        }
    }

    /// <summary>Runs all four verifications and checks they agree: OK, or failing at <paramref name="badSeq"/>.</summary>
    private async Task ExpectAsync(bool ok, long? badSeq, string estate = Estate)
    {
        var csv = Path.Combine(Folder.Root, "ledger.csv");
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        LedgerCsv.Write(csv, new LedgerStore(database, TimeProvider.System, estate).ReadAll());

        var ours = await _cli.RunAsync("ledger", "verify", "--digest", _digest, "--estate", estate);
        var oursCsv = await _cli.RunAsync("ledger", "verify", "--csv", csv, "--digest", _digest, "--estate", estate);
        var python = await PythonVerifier.RunAsync(estate, "--db", Folder.Database, _digest);
        var pythonCsv = await PythonVerifier.RunAsync(estate, "--csv", csv, _digest);

        Assert.That(ours.ExitCode, Is.EqualTo(ok ? 0 : 1), ours.ToString);
        Assert.That(oursCsv.ExitCode, Is.EqualTo(ok ? 0 : 1), oursCsv.ToString);
        Assert.That(python.ExitCode, Is.EqualTo(ok ? 0 : 1), python.Output);
        Assert.That(pythonCsv.ExitCode, Is.EqualTo(ok ? 0 : 1), pythonCsv.Output);
        foreach (var output in new[] { ours.Out, oursCsv.Out, python.Output, pythonCsv.Output })
        {
            Assert.That(PythonVerifier.BadSeqOf(output), Is.EqualTo(badSeq), output);
        }
    }

    /// <summary>A raw connection without the triggers, as an intruder would use.</summary>
    private SqliteConnection Intruder()
    {
        var connection = new SqliteConnection($"Data Source={Folder.Database};Pooling=False");
        connection.Open();
        connection.Execute("DROP TRIGGER ledger_append_only_update; DROP TRIGGER ledger_append_only_delete; DROP INDEX ux_ledger_channel_ref;");
        return connection;
    }

    private List<LedgerEntry> Entries() =>
        [.. new LedgerStore(SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System).Result, TimeProvider.System, Estate).ReadAll()];

    private static void Write(SqliteConnection connection, LedgerEntry e) =>
        connection.Execute(
            """
            UPDATE ledger SET at_utc = @At, kind = @Kind, plate = @Plate, stay_id = @StayId, amount_fen = @AmountFen, channel = @Channel,
                channel_ref = @ChannelRef, receipt_no = @ReceiptNo, operator = @Operator, tariff_id = @TariffId, tariff_hash = @TariffHash,
                reverses_seq = @ReversesSeq, reason = @Reason, detail = @Detail, prev_hash = @PrevHash, hash = @Hash
            WHERE seq = @Seq;
            """,
            new
            {
                e.Seq, At = LedgerHash.Time(e.AtUtc), Kind = e.Kind.ToName(), e.Plate, e.StayId, e.AmountFen, e.Channel, e.ChannelRef, e.ReceiptNo,
                e.Operator, e.TariffId, e.TariffHash, e.ReversesSeq, e.Reason, e.Detail, e.PrevHash, e.Hash,
            });

    private static LedgerEntry Rehash(LedgerEntry e) => e with { Hash = LedgerHash.Compute(e) };

    [Test]
    public async Task An_honest_ledger_with_reversals_and_refunds_passes_every_check() => await ExpectAsync(ok: true, badSeq: null);

    [Test]
    public async Task An_edited_amount_is_caught_where_it_was_edited()
    {
        using (var db = Intruder())
        {
            db.Execute("UPDATE ledger SET amount_fen = 70 WHERE seq = 2;");
        }

        await ExpectAsync(ok: false, badSeq: 2);
    }

    [Test]
    public async Task An_edited_amount_with_its_row_rehashed_breaks_the_next_link()
    {
        var entries = Entries();
        using (var db = Intruder())
        {
            Write(db, Rehash(entries[1] with { AmountFen = 70 }));
        }

        await ExpectAsync(ok: false, badSeq: 3);
    }

    [Test]
    public async Task A_deleted_middle_row_is_caught_as_a_gap()
    {
        using (var db = Intruder())
        {
            db.Execute("DELETE FROM ledger WHERE seq = 6;");
        }

        await ExpectAsync(ok: false, badSeq: 7);
    }

    [Test]
    public async Task Two_swapped_rows_are_caught()
    {
        var entries = Entries();
        using (var db = Intruder())
        {
            Write(db, entries[3] with { Seq = 3 });
            Write(db, entries[2] with { Seq = 4 });
        }

        await ExpectAsync(ok: false, badSeq: 3);
    }

    [Test]
    public async Task A_truncated_tail_is_caught_by_the_digest_taken_earlier()
    {
        using (var db = Intruder())
        {
            db.Execute("DELETE FROM ledger WHERE seq >= 10;");
        }

        await ExpectAsync(ok: false, badSeq: null);
    }

    [Test]
    public async Task A_chain_rewritten_from_some_row_on_is_caught_by_the_digest_taken_earlier()
    {
        var entries = Entries();
        using (var db = Intruder())
        {
            var prev = entries[3].Hash;
            foreach (var e in entries.Skip(4))
            {
                var rewritten = Rehash(e with { PrevHash = prev, Plate = e.Seq == 5 ? "湘A00000" : e.Plate });
                Write(db, rewritten);
                prev = rewritten.Hash;
            }
        }

        await ExpectAsync(ok: false, badSeq: 13); // the digest written down at entry 13 no longer matches
    }

    [Test]
    public async Task A_backdated_row_is_caught_by_time_order()
    {
        var last = Entries()[^1];
        using (var db = Intruder())
        {
            var forged = Rehash(new LedgerEntry(last.Seq + 1, last.AtUtc.AddHours(-3), LedgerKind.VisitorFee, "湘A55555", null, 100, "cash", null,
                last.ReceiptNo + 1, "zhou", null, null, null, null, null, last.Hash, ""));
            db.Execute("INSERT INTO ledger (seq, at_utc, kind, amount_fen, operator, prev_hash, hash) VALUES (@Seq, 'x', 'x', 0, 'x', 'x', 'x');", new { forged.Seq });
            Write(db, forged);
        }

        await ExpectAsync(ok: false, badSeq: 18);
    }

    [Test]
    public async Task A_replayed_channel_reference_appended_with_a_correct_chain_is_caught()
    {
        var last = Entries()[^1];
        using (var db = Intruder())
        {
            var replay = Rehash(new LedgerEntry(last.Seq + 1, last.AtUtc.AddMinutes(1), LedgerKind.VisitorFee, "湘A99999", 2, 300, "wechat", "4200001",
                last.ReceiptNo + 1, "terminal", null, null, null, null, null, last.Hash, ""));
            db.Execute("INSERT INTO ledger (seq, at_utc, kind, amount_fen, operator, prev_hash, hash) VALUES (@Seq, 'x', 'x', 0, 'x', 'x', 'x');", new { replay.Seq });
            Write(db, replay);
        }

        await ExpectAsync(ok: false, badSeq: 18);
    }

    [Test]
    public async Task Another_estates_file_in_place_of_ours_fails_at_the_first_entry()
    {
        File.Delete(Folder.Database);
        SqliteConnection.ClearAllPools();
        await BuildAsync(Folder.Database, "another-estate", new FakeTimeProvider(_cli.Time.GetUtcNow()));
        await ExpectAsync(ok: false, badSeq: 1);
    }
}
