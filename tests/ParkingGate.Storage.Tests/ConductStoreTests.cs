using Microsoft.Data.Sqlite;
using ParkingGate.Domain.Conduct;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Storage.Conduct;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Storage.Tests;

/// <summary>The conduct register over a real file: violations with photos matched to households, corrections, proposals, tampering.</summary>
public sealed class ConductStoreTests
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0xFF, 0xD9];
    private TempDatabase _temp = null!;
    private ConductStore _conduct = null!;
    private ConductRules _rules = null!;
    private RegistryStores _registry = null!;

    [SetUp]
    public async Task SetUp()
    {
        _temp = new TempDatabase();
        var database = await _temp.OpenAsync();
        _conduct = new ConductStore(database, _temp.Time, "fenglin-anzhi", Path.Combine(_temp.Folder, "conduct-photos"));
        _rules = ConductRulesParser.Parse(File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "conduct", "fenglin-conduct.json"))).Value!;
        var registry = _registry = new RegistryStores(database, _temp.Time, new LedgerStore(database, _temp.Time, "fenglin-anzhi"));
        var room = new RoomNumber(3, 2, "501");
        Assert.That((await registry.Households.AddHouseholdAsync(new HouseholdDraft(room, "张建国", "13807310001", 2), "li")).IsSuccess, Is.True);
        Assert.That((await registry.Vehicles.AddVehicleAsync(room, Plate.Parse("湘A12345"), VehicleClass.Small, "li")).IsSuccess, Is.True);
    }

    [TearDown]
    public void TearDown() => _temp.Dispose();

    private ViolationDraft Draft(string plate, string offence = "fire-lane", double hoursAgo = 1) =>
        new(Plate.Parse(plate), offence, "3栋东侧消防通道", _temp.Time.GetUtcNow().AddHours(-hoursAgo));

    private string[] PhotoFiles() => Directory.Exists(_conduct.PhotoFolder) ? Directory.GetFiles(_conduct.PhotoFolder) : [];

    [Test]
    public async Task A_violation_is_matched_to_its_household_and_its_photo_kept_by_hash()
    {
        var recorded = await _conduct.RecordViolationAsync(Draft("湘A12345"), [new ConductPhoto(Jpeg)], _rules, "patrol-liu");
        Assert.That(recorded.IsSuccess, Is.True, () => recorded.Problem!.Message);
        var v = recorded.Value!.Violation;
        Assert.That((v.Seq, v.Plate, v.Room, v.Offence, v.Operator), Is.EqualTo((1L, "湘A12345", "3-2-501", "fire-lane", "patrol-liu")));
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Jpeg));
        Assert.That(v.Photos, Is.EqualTo(hash));
        Assert.That(File.ReadAllBytes(Path.Combine(_conduct.PhotoFolder, hash + ".jpg")), Is.EqualTo(Jpeg));
        Assert.That(_conduct.Verify().Ok, Is.True);
    }

    [Test]
    public async Task A_plate_near_a_registered_one_must_be_confirmed_either_way()
    {
        var asked = await _conduct.RecordViolationAsync(Draft("湘A1234S"), [], _rules, "patrol-liu");
        Assert.That(asked.Problem?.Kind, Is.EqualTo("near-plate"));
        Assert.That(asked.Problem!.Zh, Does.Contain("湘A12345（3-2-501）"));

        var confirmed = await _conduct.RecordViolationAsync(Draft("湘A1234S") with { ConfirmedPlate = "湘A12345" }, [], _rules, "patrol-liu");
        Assert.That((confirmed.Value!.Violation.Plate, confirmed.Value.Violation.Room, confirmed.Value.Violation.Detail), Is.EqualTo(("湘A12345", "3-2-501", "reported=湘A1234S")));
        var none = await _conduct.RecordViolationAsync(Draft("湘A1234S") with { ConfirmedPlate = "湘A1234S" }, [], _rules, "patrol-liu");
        Assert.That((none.Value!.Violation.Plate, none.Value.Violation.Room), Is.EqualTo(("湘A1234S", (string?)null)));
    }

    [Test]
    public async Task Bad_input_is_refused_by_name_and_writes_nothing_not_even_a_photo()
    {
        var before = _temp.Dump();
        Assert.That((await _conduct.RecordViolationAsync(Draft("湘A12345"), [new ConductPhoto("%PDF-1.4"u8.ToArray())], _rules, "p")).Problem?.Kind, Is.EqualTo("not-an-image"));
        Assert.That((await _conduct.RecordViolationAsync(Draft("湘A12345"), [new ConductPhoto([.. Jpeg, .. new byte[ConductStore.MaxPhotoBytes]])], _rules, "p")).Problem?.Kind, Is.EqualTo("photo-too-large"));
        Assert.That((await _conduct.RecordViolationAsync(Draft("湘A12345", hoursAgo: -2), [new ConductPhoto(Jpeg)], _rules, "p")).Problem?.Kind, Is.EqualTo("in-future"));
        Assert.That((await _conduct.RecordViolationAsync(Draft("湘A12345", "speeding"), [], _rules, "p")).Problem!.Zh, Does.Contain("不是规则中的违停类型（堵塞消防通道、占用他人车位"));
        Assert.That((await _conduct.RecordViolationAsync(Draft("湘A1234S"), [new ConductPhoto(Jpeg)], _rules, "p")).Problem?.Kind, Is.EqualTo("near-plate"));
        Assert.That((await _conduct.RecordViolationAsync(Draft("湘A12345") with { Place = " " }, [], _rules, "p")).Problem?.Kind, Is.EqualTo("bad-place"));
        Assert.That((await _conduct.CorrectAsync(new ViolationCorrection(42, "看错了") { Withdraw = true }, _rules, "li")).Problem?.Kind, Is.EqualTo("not-a-violation"));
        Assert.That(_temp.Dump(), Is.EqualTo(before));
        Assert.That(PhotoFiles(), Is.Empty, "the photo of a refused report is not kept");
    }

    [Test]
    public async Task The_third_fire_lane_violation_in_90_days_appends_a_proposal_with_it()
    {
        for (var day = 0; day < 2; day++)
        {
            Assert.That((await _conduct.RecordViolationAsync(Draft("湘A12345", hoursAgo: 24 * (60 - (day * 30))), [], _rules, "patrol-liu")).Value!.Proposals, Is.Empty);
        }

        var third = await _conduct.RecordViolationAsync(Draft("湘A12345"), [], _rules, "patrol-liu");
        var proposal = third.Value!.Proposals.Single();
        Assert.That((proposal.Kind, proposal.Plate, proposal.Room, proposal.RefersTo), Is.EqualTo((ConductKind.Proposal, "湘A12345", "3-2-501", (long?)3)));
        Assert.That(proposal.Reason, Is.EqualTo("90天内3次堵塞消防通道，按规则提议列入黑名单30天"));
        Assert.That(proposal.Detail, Does.Contain($"sha256={_rules.Hash}"));
        Assert.That((await _conduct.RecordViolationAsync(Draft("湘A12345"), [], _rules, "patrol-liu")).Value!.Proposals, Is.Empty, "proposed once per window");
    }

    [Test]
    public async Task A_correction_is_a_later_record_and_the_register_refuses_edits()
    {
        var first = (await _conduct.RecordViolationAsync(Draft("湘B22222", "disorderly"), [], _rules, "patrol-liu")).Value!.Violation;
        Assert.That((await _conduct.CorrectAsync(new ViolationCorrection(first.Seq, " "), _rules, "li")).Problem?.Kind, Is.EqualTo("missing-reason"));
        Assert.That((await _conduct.CorrectAsync(new ViolationCorrection(first.Seq, "看错车牌"), _rules, "li")).Problem?.Kind, Is.EqualTo("nothing-to-correct"));
        var corrected = await _conduct.CorrectAsync(new ViolationCorrection(first.Seq, "看错车牌") { Plate = Plate.Parse("湘A12345") }, _rules, "li");
        Assert.That(corrected.Value!.RefersTo, Is.EqualTo(first.Seq));
        var now = (await _conduct.ViolationsAsync()).Single();
        Assert.That((now.Plate, now.Room, now.Offence), Is.EqualTo(("湘A12345", "3-2-501", "disorderly")));
        Assert.That((await _conduct.FindAsync(first.Seq))!.Plate, Is.EqualTo("湘B22222"), "the first record is as it was written");

        Assert.That((await _conduct.CorrectAsync(new ViolationCorrection(first.Seq, "重复登记") { Withdraw = true }, _rules, "li")).IsSuccess, Is.True);
        Assert.That((await _conduct.CorrectAsync(new ViolationCorrection(first.Seq, "again") { Withdraw = true }, _rules, "li")).Problem?.Kind, Is.EqualTo("withdrawn"));

        using var connection = new SqliteConnection($"Data Source={_temp.Path};Pooling=False");
        connection.Open();
        using var edit = connection.CreateCommand();
        edit.CommandText = "UPDATE conduct_register SET plate = '湘C33333' WHERE seq = 1;";
        Assert.That(() => edit.ExecuteNonQuery(), Throws.TypeOf<SqliteException>().With.Message.Contain("append-only"));
    }

    [Test]
    public async Task A_register_tampered_with_behind_the_program_fails_to_verify_at_that_record()
    {
        await _conduct.RecordViolationAsync(Draft("湘A12345"), [], _rules, "patrol-liu");
        await _conduct.RecordViolationAsync(Draft("湘B22222", "disorderly"), [], _rules, "patrol-liu");
        var digest = _conduct.Verify().DigestLine("fenglin-anzhi");
        using (var connection = new SqliteConnection($"Data Source={_temp.Path};Pooling=False"))
        {
            connection.Open();
            using var tamper = connection.CreateCommand();
            tamper.CommandText = """
                DROP TRIGGER conduct_register_append_only_update;
                UPDATE conduct_register SET room = NULL WHERE seq = 1;
                """;
            tamper.ExecuteNonQuery();
        }

        var verdict = _conduct.Verify(digest);
        Assert.That((verdict.Ok, verdict.BadSeq), Is.EqualTo((false, (long?)1)));
        Assert.That(verdict.Problem, Does.Contain("record 1 does not match its hash"));
    }

    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private async Task<long> ProposalAsync()
    {
        foreach (var hoursAgo in new[] { 24.0 * 60, 24.0 * 30, 1 })
        {
            await _conduct.RecordViolationAsync(Draft("湘A12345", hoursAgo: hoursAgo), [], _rules, "patrol-liu");
        }

        return (await _conduct.ProposalsAsync()).Single().Proposal.Seq;
    }

    [Test]
    public async Task An_accepted_proposal_blocks_the_plate_until_its_end_then_the_block_is_lifted()
    {
        var proposal = await ProposalAsync();
        var decided = await _conduct.DecideAsync(proposal, true, "2026年3月村委会议同意", "zhao", "committee", Shanghai);
        Assert.That(decided.IsSuccess, Is.True, () => decided.Problem!.Message);
        var entry = decided.Value!.Blocklist!;
        Assert.That(entry.EndsUtc, Is.EqualTo(new DateTimeOffset(2026, 4, 2, 0, 0, 0, TimeSpan.FromHours(8))), "through 1 April, 30 days after 2 March");
        Assert.That(entry.DecisionSeq, Is.EqualTo(decided.Value.Decision.Seq));
        Assert.That(entry.Reason, Does.StartWith($"红黑榜决定第 {decided.Value.Decision.Seq} 号：90天内3次堵塞消防通道"));
        Assert.That(decided.Value.Decision.Detail, Is.EqualTo($"accept until=2026-04-01 blocklist={entry.Id}"));
        Assert.That((await _conduct.ProposalsAsync()).Single().Accepted, Is.True);
        Assert.That(await _registry.Blocklist.FindBlocklistEntryAsync("湘A12345"), Is.Not.Null);

        _temp.Time.SetUtcNow(new DateTimeOffset(2026, 4, 1, 23, 59, 0, TimeSpan.FromHours(8)));
        Assert.That(await _registry.Blocklist.LiftEndedAsync(), Is.Zero);
        Assert.That(await _registry.Blocklist.FindBlocklistEntryAsync("湘A12345"), Is.Not.Null, "enforced through its last day");
        _temp.Time.SetUtcNow(new DateTimeOffset(2026, 4, 2, 0, 0, 30, TimeSpan.FromHours(8)));
        Assert.That(await _registry.Blocklist.FindBlocklistEntryAsync("湘A12345"), Is.Null, "not enforced past its end, even before it is lifted");
        Assert.That(await _registry.Blocklist.LiftEndedAsync(), Is.EqualTo(1));
        Assert.That(await _registry.Blocklist.ListBlocklistAsync(), Is.Empty);
        Assert.That(_conduct.Verify().Ok, Is.True);
    }

    [Test]
    public async Task A_decision_by_another_role_twice_or_on_no_proposal_is_refused_and_writes_nothing()
    {
        var proposal = await ProposalAsync();
        var before = _temp.Dump();
        Assert.That((await _conduct.DecideAsync(proposal, true, "同意", "li", "clerk", Shanghai)).Problem?.Kind, Is.EqualTo("not-committee"));
        Assert.That((await _conduct.DecideAsync(proposal, true, " ", "zhao", "committee", Shanghai)).Problem?.Kind, Is.EqualTo("missing-reason"));
        Assert.That((await _conduct.DecideAsync(1, true, "同意", "zhao", "committee", Shanghai)).Problem?.Kind, Is.EqualTo("not-a-proposal"));
        Assert.That(_temp.Dump(), Is.EqualTo(before));

        Assert.That((await _conduct.DecideAsync(proposal, false, "初犯，口头警告", "zhao", "committee", Shanghai)).Value!.Blocklist, Is.Null);
        Assert.That((await _conduct.DecideAsync(proposal, true, "改为同意", "zhao", "committee", Shanghai)).Problem?.Kind, Is.EqualTo("decided-already"));
        Assert.That(await _registry.Blocklist.ListBlocklistAsync(), Is.Empty);
    }

    [Test]
    public async Task The_entry_board_reminds_a_plate_of_its_recent_violation_until_the_rules_days_pass()
    {
        var reminders = new ConductReminders(_conduct, _rules);
        Assert.That(await reminders.ReminderAsync("湘A12345", _temp.Time.GetUtcNow()), Is.Null);
        var seen = (await _conduct.RecordViolationAsync(Draft("湘A12345"), [], _rules, "patrol-liu")).Value!.Violation;
        Assert.That((await reminders.ReminderAsync("湘A12345", _temp.Time.GetUtcNow()))?.Zh, Is.EqualTo("请勿占用消防通道"));
        Assert.That(await reminders.ReminderAsync("湘A12345", _temp.Time.GetUtcNow().AddDays(31)), Is.Null, "30 days later it is not reminded");
        await _conduct.CorrectAsync(new ViolationCorrection(seen.Seq, "看错了") { Withdraw = true }, _rules, "li");
        Assert.That(await reminders.ReminderAsync("湘A12345", _temp.Time.GetUtcNow()), Is.Null, "a withdrawn violation is not reminded");
    }

    [Test]
    public async Task Photos_go_after_the_rules_days_and_the_record_still_verifies_with_their_hashes()
    {
        var v = (await _conduct.RecordViolationAsync(Draft("湘A12345"), [new ConductPhoto(Jpeg)], _rules, "patrol-liu")).Value!.Violation;
        Assert.That(await _conduct.PhotoFileAsync(v.Photos), Is.Not.Null);
        _temp.Time.Advance(TimeSpan.FromDays(_rules.PhotoDays - 1));
        Assert.That(await _conduct.PrunePhotosAsync(_rules.PhotoDays), Is.Zero);
        _temp.Time.Advance(TimeSpan.FromDays(2));
        Assert.That(await _conduct.PrunePhotosAsync(_rules.PhotoDays), Is.EqualTo(1));
        Assert.That(await _conduct.PhotoFileAsync(v.Photos), Is.Null);
        Assert.That(PhotoFiles(), Is.Empty);
        Assert.That((await _conduct.FindAsync(v.Seq))!.Photos, Is.EqualTo(v.Photos), "the record keeps the photo's hash");
        Assert.That(_conduct.Verify().Ok, Is.True);
    }

    [Test]
    public async Task Long_parked_cars_are_listed_with_their_household_photos_and_the_notice_workflow()
    {
        var database = await _temp.OpenAsync();
        var stays = new ParkingGate.Storage.Stays.StayStore(database, _temp.Time, new LedgerStore(database, _temp.Time, "fenglin-anzhi"));
        foreach (var (plate, daysAgo) in new[] { ("粤B11111", 20), ("粤B22222", 3) })
        {
            var entered = await stays.EnterAsync(new ParkingGate.Storage.Stays.StayEntry(Plate.Parse(plate), VehicleClass.Small, "in-1", _temp.Time.GetUtcNow().AddDays(-daysAgo), null, false), "camera");
            Assert.That(entered.IsSuccess, Is.True);
        }

        await _conduct.RecordViolationAsync(Draft("湘A12345", ConductStore.AbandonedKind, hoursAgo: 2), [new ConductPhoto(Jpeg)], _rules, "patrol-liu");
        var cars = await _conduct.LongParkedAsync(_rules);
        Assert.That(cars.Select(c => (c.Plate, c.Room)), Is.EqualTo(new[] { ("粤B11111", (string?)null), ("湘A12345", "3-2-501") }));
        Assert.That(cars[1].Photos, Has.Count.EqualTo(1), "the patrol's photo");

        var posted = await _conduct.PostNoticeAsync(Plate.Parse("粤B11111"), "挡风玻璃", [new ConductPhoto(Jpeg)], _rules, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), "li");
        Assert.That(posted.Value!.Reason, Is.EqualTo("长期停放告知：请于 2026-03-09 前挪走车辆"));
        Assert.That((await _conduct.NoticeOutcomeAsync(posted.Value.Seq, "gone", null, "li")).Problem?.Kind, Is.EqualTo("bad-outcome"));
        Assert.That((await _conduct.NoticeOutcomeAsync(1, "moved", null, "li")).Problem?.Kind, Is.EqualTo("not-a-notice"));
        Assert.That((await _conduct.NoticeOutcomeAsync(posted.Value.Seq, "still-there", "已联系车主", "li")).IsSuccess, Is.True);
        var noticed = (await _conduct.LongParkedAsync(_rules)).Single(c => c.Plate == "粤B11111");
        Assert.That((noticed.Notice?.Seq, noticed.Outcome?.Detail, noticed.Outcome?.Reason), Is.EqualTo(((long?)posted.Value.Seq, "still-there", "已联系车主")));
        Assert.That(_conduct.Verify().Ok, Is.True);
    }
}
