using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using ParkingGate.Devices;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Gate.Lanes;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Storage;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Gate.Tests;

public sealed partial class LaneControllerTests
{
    private static readonly LaneSettings In = new("in-1", LaneDirection.Entry);
    private static readonly LaneSettings Out = new("out-1", LaneDirection.Exit);
    private string _folder = null!;
    private FakeTimeProvider _time = null!;
    private RecordingOutputs _outputs = null!;
    private SqliteDatabase _database = null!;
    private RegistryStores _registry = null!;
    private StayStore _stays = null!;
    private LedgerStore _ledger = null!;
    private TariffBook _tariffs = null!;
    private LaneController _lanes = null!;
    private int _message;

    [SetUp]
    public async Task SetUp()
    {
        _folder = Directory.CreateTempSubdirectory("parkinggate-lanes-").FullName;
        _time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero)); // 08:00 in Changsha
        _outputs = new RecordingOutputs();
        var bytes = File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "tariffs", "fenglin-visitor.json"));
        _tariffs = new TariffBook([TariffParser.Parse(bytes, TimeZoneInfo.FindSystemTimeZoneById).Value!]);
        await OpenAsync(visitorSpaces: 30);
        Assert.That(RoomNumber.TryParse("3-2-501", out var room, out _), Is.True);
        await _registry.Households.AddHouseholdAsync(new HouseholdDraft(room!, "张建国", "13807310001", 2), "li");
        await _registry.Vehicles.AddVehicleAsync(room!, Plate.Parse("湘A12345"), VehicleClass.Small, "li");
        await _registry.Households.AddHouseholdAsync(new HouseholdDraft(new RoomNumber(2, 1, "502"), "刘芳", "13807310004", 2), "li");
        await _registry.Vehicles.AddVehicleAsync(new RoomNumber(2, 1, "502"), Plate.Parse("湘AS5001"), VehicleClass.Small, "li");
        await _registry.Vehicles.AddVehicleAsync(new RoomNumber(2, 1, "502"), Plate.Parse("湘A5S001"), VehicleClass.Small, "li");
        await _registry.Blocklist.AddToBlocklistAsync(Plate.Parse("湘A88888"), "堵塞消防通道", "li");
    }

    [TearDown]
    public async Task TearDown()
    {
        // A registry index rebuilt in the background (after the clock moved past its age) may still be reading the file.
        for (var attempt = 1; ; attempt++)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_folder, recursive: true);
                return;
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System);
            }
        }
    }

    /// <summary>Opens the stores on the file, as the service does at start (also after a restart).</summary>
    private async Task OpenAsync(int visitorSpaces)
    {
        _database = await SqliteDatabase.OpenAsync(Path.Combine(_folder, "gate.db"), _time);
        _ledger = new LedgerStore(_database, _time, "fenglin-anzhi");
        _registry = new RegistryStores(_database, _time, _ledger);
        _stays = new StayStore(_database, _time, _ledger);
        var rules = new LaneRules(visitorSpaces, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), MinConfidence: 60, FuzzyBudget: 1);
        _lanes = new LaneController(_registry.Lookup, _stays, new LaneEventStore(_database), _tariffs, _outputs, rules, _time);
    }

    private CameraRead Read(string plate, int confidence = 95, string? id = null, TimeSpan? age = null) =>
        new("native", "cam", id ?? $"m{++_message}", plate, PlateColor.Blue, confidence, _time.GetUtcNow() - (age ?? TimeSpan.FromMilliseconds(200)), null);

    private Task<LaneDecision> SeeAsync(LaneSettings lane, string plate, int confidence = 95) => _lanes.HandleAsync(lane, Read(plate, confidence));

    [Test]
    public async Task A_resident_enters_and_leaves_without_a_stay()
    {
        var entry = await SeeAsync(In, "湘A12345");
        _time.Advance(TimeSpan.FromHours(3));
        var exit = await SeeAsync(Out, "湘A12345");
        Assert.That((entry.Outcome, entry.Who, exit.Outcome, exit.Who), Is.EqualTo((LaneOutcome.Opened, Visitor.Resident, LaneOutcome.Opened, Visitor.Resident)));
        Assert.That(_outputs.Openings, Is.EqualTo(new[] { "in-1", "out-1" }));
        Assert.That(_outputs.Shown.Select(s => s.Message.Zh), Has.Some.Contains("欢迎回家").And.Some.Contains("一路顺风"));
        Assert.That(await _stays.OpenPlatesAsync(), Is.Empty);
    }

    [Test]
    public async Task A_misread_resident_plate_is_matched()
    {
        var decision = await SeeAsync(In, "湘A1234S");
        Assert.That((decision.Outcome, decision.Who, decision.Plate), Is.EqualTo((LaneOutcome.Opened, Visitor.Resident, "湘A12345")));
        Assert.That(decision.Reason.Zh, Does.Contain("识别为湘A1234S"));
    }

    [Test]
    public async Task An_ambiguous_read_is_held_and_the_gate_stays_closed()
    {
        var decision = await SeeAsync(In, "湘A55001");
        Assert.That(decision.Outcome, Is.EqualTo(LaneOutcome.Held));
        Assert.That(decision.Reason.Zh, Does.Contain("湘A5S001").And.Contain("湘AS5001"));
        Assert.That(_outputs.Openings, Is.Empty);
    }

    [Test]
    public async Task A_blocked_plate_is_refused_with_its_reason()
    {
        var decision = await SeeAsync(In, "湘A88888");
        Assert.That((decision.Outcome, decision.Who), Is.EqualTo((LaneOutcome.Refused, Visitor.Blocked)));
        Assert.That(_outputs.Shown.Single().Message.Zh, Does.Contain("禁止入场").And.Contain("堵塞消防通道"));
        Assert.That(_outputs.Openings, Is.Empty);
    }

    [Test]
    public async Task A_read_one_confusable_character_from_a_blocked_plate_is_held_for_the_booth_not_let_in()
    {
        var decision = await SeeAsync(In, "湘A8888B"); // 湘A88888 with its last 8 read as B (a dirty plate reads that way)
        Assert.That((decision.Outcome, decision.StayId), Is.EqualTo((LaneOutcome.Held, (long?)null)));
        Assert.That(decision.Reason.Zh, Does.Contain("可能是黑名单车辆 湘A88888").And.Contain("堵塞消防通道"));
        Assert.That(_outputs.Openings, Is.Empty, "nobody is let in on a guess");

        await _registry.Blocklist.AddToBlocklistAsync(Plate.Parse("湘A1Z345"), "冒用车牌", "li"); // one confusable character from a resident's plate
        _lanes.InvalidateRegistry();
        var resident = await SeeAsync(In, "湘A12345");
        Assert.That(resident.Outcome, Is.EqualTo(LaneOutcome.Opened), "a resident's plate read exactly is let in even when a blocked plate is one character away");
    }

    [Test]
    public async Task A_visitor_enters_pays_and_leaves_with_the_fee_in_the_ledger()
    {
        var entry = await SeeAsync(In, "粤B12345");
        Assert.That((entry.Outcome, entry.Who, entry.StayId), Is.EqualTo((LaneOutcome.Opened, Visitor.Visitor, (long?)1)));
        _time.Advance(TimeSpan.FromHours(4));
        var atExit = await SeeAsync(Out, "粤B12345");
        Assert.That((atExit.Outcome, atExit.DueFen), Is.EqualTo((LaneOutcome.AwaitingPayment, (long?)400)));
        Assert.That(_outputs.Openings, Has.Count.EqualTo(1), "the exit stays closed until paid");
        Assert.That(_outputs.Shown.Last().Message.Zh, Is.EqualTo("粤B12345 请缴费4.00元"));

        await new ShiftBook(_database, _time, _ledger).OpenShiftAsync(0, "zhou");
        var paid = (await _stays.PayCashAsync(atExit.StayId!.Value, 400, _tariffs, "zhou")).Value!;
        var open = await _lanes.OpenAfterPaymentAsync(Out, (await _stays.FindAsync(atExit.StayId.Value))!);
        Assert.That(open.Outcome, Is.EqualTo(LaneOutcome.Opened));
        Assert.That((paid.Entry.Kind, paid.Entry.AmountFen), Is.EqualTo((LedgerKind.VisitorFee, 400L)));
        Assert.That(_outputs.Openings, Is.EqualTo(new[] { "in-1", "out-1" }));
    }

    [Test]
    public async Task A_short_visit_leaves_free_with_a_free_exit_entry()
    {
        await SeeAsync(In, "粤B12345");
        _time.Advance(TimeSpan.FromMinutes(20));
        var exit = await SeeAsync(Out, "粤B12345");
        Assert.That(exit.Outcome, Is.EqualTo(LaneOutcome.Opened));
        Assert.That(_ledger.ReadAll().Single().Kind, Is.EqualTo(LedgerKind.FreeExit));
    }

    [Test]
    public async Task When_the_lot_is_full_visitors_are_refused_while_residents_still_enter()
    {
        await OpenAsync(visitorSpaces: 1);
        Assert.That((await SeeAsync(In, "粤B12345")).Outcome, Is.EqualTo(LaneOutcome.Opened));
        var second = await SeeAsync(In, "粤B99999");
        Assert.That(second.Outcome, Is.EqualTo(LaneOutcome.Refused));
        Assert.That(_outputs.Shown.Last().Message.Zh, Is.EqualTo("车位已满"));
        Assert.That((await SeeAsync(In, "湘A12345")).Outcome, Is.EqualTo(LaneOutcome.Opened));
    }

    [Test]
    public async Task A_duplicate_message_and_a_repeated_plate_make_one_decision()
    {
        var read = Read("粤B12345", id: "same-id");
        var first = await _lanes.HandleAsync(In, read);
        var redelivered = await _lanes.HandleAsync(In, read);
        var repeated = await _lanes.HandleAsync(In, Read("粤B12345"));
        Assert.That((first.Outcome, redelivered.Outcome, repeated.Outcome), Is.EqualTo((LaneOutcome.Opened, LaneOutcome.Ignored, LaneOutcome.Ignored)));
        Assert.That(_outputs.Openings, Has.Count.EqualTo(1));
        Assert.That(await _stays.OpenPlatesAsync(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_stale_read_is_ignored_and_a_low_confidence_read_held()
    {
        var stale = await _lanes.HandleAsync(In, Read("湘A12345", age: TimeSpan.FromSeconds(11)));
        var unsure = await SeeAsync(In, "湘A12345", confidence: 40);
        Assert.That((stale.Outcome, unsure.Outcome), Is.EqualTo((LaneOutcome.Ignored, LaneOutcome.Held)));
        Assert.That(_outputs.Openings, Is.Empty);
    }

    [Test]
    public async Task A_silent_relay_makes_the_opening_uncertain_and_is_never_retried()
    {
        _outputs.Relay = RelayResult.NoReply;
        var decision = await SeeAsync(In, "湘A12345");
        Assert.That(decision.Outcome, Is.EqualTo(LaneOutcome.OpenUncertain));
        Assert.That(decision.Reason.Zh, Does.Contain("道闸未确认"));
        Assert.That(_outputs.Openings, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_exit_without_entry_record_is_held_for_the_booth()
    {
        var decision = await SeeAsync(Out, "粤B77777");
        Assert.That((decision.Outcome, decision.StayId), Is.EqualTo((LaneOutcome.Held, (long?)1)));
        Assert.That(_outputs.Openings, Is.Empty);
    }

    [Test]
    public async Task After_a_restart_the_exit_still_finds_the_stay()
    {
        await SeeAsync(In, "粤B12345");
        SqliteConnection.ClearAllPools();
        await OpenAsync(visitorSpaces: 30); // the service restarted: new stores and controller on the same file
        _time.Advance(TimeSpan.FromHours(4));
        var exit = await SeeAsync(Out, "粤B12345");
        Assert.That((exit.Outcome, exit.StayId, exit.DueFen), Is.EqualTo((LaneOutcome.AwaitingPayment, (long?)1, (long?)400)));
    }

    [Test]
    public async Task A_misread_at_the_exit_finds_the_open_stay()
    {
        await SeeAsync(In, "粤B12345");
        _time.Advance(TimeSpan.FromMinutes(10));
        var exit = await SeeAsync(Out, "粤B1234S");
        Assert.That((exit.Outcome, exit.Plate), Is.EqualTo((LaneOutcome.Opened, "粤B12345")));
    }

    [Test]
    public async Task A_pass_holder_enters_and_leaves_free()
    {
        _time.AdjustTime(new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero));
        await _registry.Passes.SellPassAsync(new PassSale(Plate.Parse("湘B2Z318"), 1, null, 0, 15000, "wechat", "wx-1", null), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), "zhou");
        _lanes.InvalidateRegistry();
        var entry = await SeeAsync(In, "湘B2Z318");
        _time.Advance(TimeSpan.FromHours(9));
        var exit = await SeeAsync(Out, "湘B2Z318");
        Assert.That((entry.Outcome, entry.Who, exit.Outcome), Is.EqualTo((LaneOutcome.Opened, Visitor.PassHolder, LaneOutcome.Opened)));
    }

    [Test]
    public async Task Every_decision_is_published_and_stored()
    {
        await SeeAsync(In, "湘A12345");
        await SeeAsync(In, "湘A88888");
        var stored = await new LaneEventStore(_database).LatestAsync();
        Assert.That(stored.Select(e => e.Outcome), Is.EqualTo(new[] { LaneOutcome.Refused, LaneOutcome.Opened }));
        Assert.That(_outputs.Published.Select(d => d.Outcome), Is.EqualTo(new[] { LaneOutcome.Opened, LaneOutcome.Refused }));
    }
}
