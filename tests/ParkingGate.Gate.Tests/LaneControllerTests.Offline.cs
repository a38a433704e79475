using Dapper;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Gate.Lanes;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Storage.Cameras;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Registry;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Gate.Tests;

/// <summary>Records a camera kept while the gate was down, taken in when it is back.</summary>
public sealed partial class LaneControllerTests
{
    private static readonly TimeZoneInfo Changsha = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private LaneController Offline(out OfflineSpanStore spans)
    {
        spans = new OfflineSpanStore(_database, _time);
        return new LaneController(_registry.Lookup, _stays, new LaneEventStore(_database), _tariffs, _outputs,
            new LaneRules(30, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), 60, 1), _time, spans);
    }

    private CameraRead Kept(string plate, long recordId, TimeSpan ago, bool? opened = true) =>
        new("vzenith", "sn-1", $"sn-1-offline-{recordId}", plate, PlateColor.Blue, 95, _time.GetUtcNow() - ago, null)
        {
            Offline = new OfflineRecord(recordId.ToString(System.Globalization.CultureInfo.InvariantCulture), opened),
        };

    [Test]
    public async Task Passages_a_camera_made_offline_are_taken_in_once_with_stays_for_pass_holders_and_nothing_opened_now()
    {
        var lanes = Offline(out var spans);
        await _registry.Passes.SellPassAsync(new PassSale(Plate.Parse("湘B2Z318"), 1, null, 0, 15000, "wechat", "wx-9", null), Changsha, "zhou");
        _time.Advance(TimeSpan.FromHours(3));

        var resident = await lanes.HandleAsync(Out, Kept("湘A12345", 11, TimeSpan.FromHours(2)));
        var passIn = await lanes.HandleAsync(In, Kept("湘B2Z318", 12, TimeSpan.FromHours(2)));
        var passOut = await lanes.HandleAsync(Out, Kept("湘B2Z318", 13, TimeSpan.FromHours(1)));
        var visitor = await lanes.HandleAsync(In, Kept("粤B12345", 14, TimeSpan.FromMinutes(50), opened: false));
        var blocked = await lanes.HandleAsync(In, Kept("湘A88888", 15, TimeSpan.FromMinutes(40), opened: null));

        Assert.That((resident.Outcome, resident.Who, resident.StayId), Is.EqualTo((LaneOutcome.Opened, Visitor.Resident, (long?)null)));
        Assert.That(resident.Reason.Zh, Does.StartWith("脱机期间相机按名单开闸：住户车辆 3-2-501"));
        Assert.That(resident.At, Is.EqualTo(_time.GetUtcNow() - TimeSpan.FromHours(2)), "the event carries when the car passed, not when it was taken in");
        Assert.That((passIn.Who, passOut.Who, passIn.StayId), Is.EqualTo((Visitor.PassHolder, Visitor.PassHolder, passOut.StayId)));
        var stay = (await _stays.FindAsync(passIn.StayId!.Value))!;
        Assert.That((stay.Status, stay.ClosedHow, stay.FeeFen), Is.EqualTo((StayStatus.Closed, (StayClosing?)StayClosing.Free, (long?)0)), "a valid pass leaves free");
        Assert.That(stay.EntryUtc, Is.EqualTo(_time.GetUtcNow() - TimeSpan.FromHours(2)));
        Assert.That((visitor.Outcome, blocked.Outcome, blocked.Who), Is.EqualTo((LaneOutcome.Ignored, LaneOutcome.Ignored, Visitor.Blocked)));
        Assert.That(visitor.Reason.Zh, Does.Contain("未开闸"), "a visitor the camera did not open for is no passage");
        Assert.That(await _stays.OpenPlatesAsync(), Is.Empty, "no stay for the visitor who waited outside");
        Assert.That(_outputs.Openings, Is.Empty, "nothing opens now for a car that passed hours ago");
        Assert.That(_outputs.Shown, Is.Empty, "nor is anything shown to a driver who is not there");

        var again = await lanes.HandleAsync(In, Kept("湘B2Z318", 12, TimeSpan.FromHours(2)));
        var againOut = await lanes.HandleAsync(Out, Kept("湘B2Z318", 13, TimeSpan.FromHours(1)));
        Assert.That((again.Outcome, againOut.Outcome), Is.EqualTo((LaneOutcome.Ignored, LaneOutcome.Ignored)));
        await using var connection = await _database.OpenConnectionAsync();
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM lane_events WHERE camera_record IS NOT NULL;"), Is.EqualTo(5), "each record once");
        Assert.That(await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM stays;"), Is.EqualTo(1));
        var span = (await spans.RecentAsync(_time.GetUtcNow().AddDays(-1))).Single();
        Assert.That((span.Camera, span.Passages, span.NotOpened, span.SetAside), Is.EqualTo(("sn-1", 3, 2, 0)));
        Assert.That((span.FromUtc, span.UntilUtc), Is.EqualTo((_time.GetUtcNow() - TimeSpan.FromHours(2), _time.GetUtcNow() - TimeSpan.FromMinutes(40))));
    }

    [Test]
    public async Task A_car_the_camera_list_still_held_is_charged_as_a_visitor_and_what_it_owes_is_kept()
    {
        var lanes = Offline(out _);
        var entered = await lanes.HandleAsync(In, Kept("粤B54321", 21, TimeSpan.FromHours(5)));
        var left = await lanes.HandleAsync(Out, Kept("粤B54321", 22, TimeSpan.FromHours(1)));
        Assert.That((entered.Who, entered.Outcome, left.StayId), Is.EqualTo((Visitor.Visitor, LaneOutcome.Opened, entered.StayId)));
        Assert.That(left.Reason.Zh, Does.Contain("按临时车计费").And.Contain("记为欠费"));
        var stay = (await _stays.FindAsync(left.StayId!.Value))!;
        Assert.That((stay.Status, stay.OwedFen > 0, stay.Owes), Is.EqualTo((StayStatus.Closed, true, true)), "four hours at the visitor tariff are owed, not lost");
        Assert.That(await _stays.OwedFenAsync("粤B54321"), Is.EqualTo(stay.OwedFen));
    }

    [Test]
    public async Task Records_dated_in_the_future_too_long_ago_or_before_the_camera_had_a_list_are_set_aside()
    {
        var lanes = Offline(out var spans);
        await new CameraListStore(_database, _time).RegisterAsync([("sn-1", "vzenith")]);
        _time.Advance(TimeSpan.FromDays(2));
        var future = await lanes.HandleAsync(In, Kept("湘A12345", 31, TimeSpan.FromMinutes(-30)));
        var beforeList = await lanes.HandleAsync(In, Kept("湘A12345", 32, TimeSpan.FromDays(3)));
        _time.Advance(TimeSpan.FromDays(40));
        var old = await lanes.HandleAsync(In, Kept("湘A12345", 33, TimeSpan.FromDays(35)));
        Assert.That(new[] { future, beforeList, old }.Select(d => d.Outcome), Is.All.EqualTo(LaneOutcome.Ignored));
        Assert.That(future.Reason.Zh, Does.Contain("晚于现在"));
        Assert.That(beforeList.Reason.Zh, Does.Contain("早于相机获得名单"));
        Assert.That(old.Reason.Zh, Does.Contain("31 天前"));
        Assert.That((await spans.RecentAsync(DateTimeOffset.MinValue)).Sum(s => s.SetAside), Is.EqualTo(3));
    }

    [Test]
    public async Task A_record_taken_in_up_to_its_stay_before_a_crash_is_finished_once_when_sent_again()
    {
        var lanes = Offline(out _);
        await _registry.Passes.SellPassAsync(new PassSale(Plate.Parse("湘B2Z318"), 1, null, 0, 15000, "wechat", "wx-9", null), Changsha, "zhou");
        _time.Advance(TimeSpan.FromHours(1));
        // The stay was written under the record's key and the power went before its lane event was.
        var entered = await _stays.EnterAsync(new StayEntry(Plate.Parse("湘B2Z318"), VehicleClass.Small, "in-1", _time.GetUtcNow().AddMinutes(-30), "vzenith:sn-1:41", false), "offline:in-1");
        var taken = await lanes.HandleAsync(In, Kept("湘B2Z318", 41, TimeSpan.FromMinutes(30)));
        Assert.That((taken.Outcome, taken.StayId), Is.EqualTo((LaneOutcome.Opened, (long?)entered.Value!.Id)));
        Assert.That(taken.Reason.Zh, Does.Not.Contain("已在场内"));
        Assert.That(await _stays.OpenPlatesAsync(), Is.EqualTo(new[] { "湘B2Z318" }));
    }
}
