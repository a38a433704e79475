using ParkingGate.Devices;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Gate.Lanes;
using ParkingGate.Protocols.Cameras;

namespace ParkingGate.Gate.Tests;

/// <summary>A ground loop after the barrier, the barrier's own reports and a camera's "turned back".</summary>
public sealed partial class LaneControllerTests
{
    private static readonly LaneSettings LoopIn = new("in-1", LaneDirection.Entry) { LoopInput = 0 };

    [Test]
    public async Task An_entry_no_car_crossed_the_loop_for_is_voided_and_its_space_is_free_again()
    {
        var passed = await _lanes.HandleAsync(LoopIn, Read("粤B11111"));
        await _lanes.SignalAsync(LoopIn, new LaneSignal(LaneSignalKind.LoopOccupied, 0));
        await _lanes.SignalAsync(LoopIn, new LaneSignal(LaneSignalKind.LoopFree, 0));
        _time.Advance(TimeSpan.FromSeconds(20));
        var stayedOut = await _lanes.HandleAsync(LoopIn, Read("粤B22222"));
        Assert.That(await _lanes.ExpireOpeningsAsync(LoopIn), Is.Empty, "not yet: a car has a minute");

        _time.Advance(TimeSpan.FromSeconds(61));
        var voided = (await _lanes.ExpireOpeningsAsync(LoopIn)).Single();
        Assert.That((voided.StayId, voided.Outcome), Is.EqualTo((stayedOut.StayId, LaneOutcome.Ignored)));
        Assert.That(voided.Reason.Zh, Is.EqualTo("入场作废：60秒内未过地感，视为未入场，车位已释放"));
        var stay = (await _stays.FindAsync(stayedOut.StayId!.Value))!;
        Assert.That((stay.Status, stay.VoidedUtc is not null, stay.LedgerSeq, stay.FeeFen), Is.EqualTo((Storage.Stays.StayStatus.Closed, true, (long?)null, (long?)null)));
        Assert.That(await _stays.OpenPlatesAsync(), Is.EqualTo(new[] { "粤B11111" }), "the car that crossed the loop is inside; the other's space is free");
        Assert.That(_ledger.ReadAll(), Is.Empty, "a voided entry writes nothing in the ledger");
        Assert.That(passed.StayId, Is.Not.Null);
    }

    [Test]
    public async Task A_car_the_camera_saw_turn_back_is_not_inside_even_on_a_lane_without_a_loop()
    {
        var entered = await SeeAsync(In, "粤B33333");
        _time.Advance(TimeSpan.FromSeconds(8));
        var back = await _lanes.HandleAsync(In, Read("粤B33333") with { TurnedBack = true });
        Assert.That((back.StayId, back.Reason.Zh), Is.EqualTo((entered.StayId, "入场作废：车辆掉头（摄像机报告折返），车位已释放")));
        Assert.That(await _stays.OpenPlatesAsync(), Is.Empty);

        _time.Advance(TimeSpan.FromMinutes(5));
        var late = await _lanes.HandleAsync(In, Read("粤B44444") with { TurnedBack = true });
        Assert.That((late.Outcome, late.Reason.Zh), Is.EqualTo((LaneOutcome.Ignored, "摄像机报告车辆掉头")), "nothing recent to void: recorded only");
    }

    [Test]
    public async Task A_second_car_across_the_loop_on_one_opening_is_reported_to_the_booth_as_tailgating()
    {
        await _lanes.HandleAsync(LoopIn, Read("粤B55555"));
        await _lanes.SignalAsync(LoopIn, new LaneSignal(LaneSignalKind.LoopFree, 0));
        var second = await _lanes.SignalAsync(LoopIn, new LaneSignal(LaneSignalKind.LoopFree, 0));
        Assert.That((second!.Outcome, second.StayId), Is.EqualTo((LaneOutcome.Held, (long?)null)));
        Assert.That(second.Reason.Zh, Is.EqualTo("尾随：一次开闸通过了两辆车（跟在 粤B55555 后面），请核对监控"));
        var booth = await new Storage.Lanes.LaneEventStore(_database).HeldAsync(_time.GetUtcNow().AddMinutes(-1));
        Assert.That(booth.Single().Reason.Zh, Does.StartWith("尾随"), "on the booth's queue");
        Assert.That(await _lanes.SignalAsync(LoopIn, new LaneSignal(LaneSignalKind.LoopFree, 3)), Is.Null, "another input is not the loop");
    }

    [Test]
    public async Task The_barrier_reporting_up_confirms_an_opening_the_relay_left_unconfirmed()
    {
        _outputs.Relay = RelayResult.NoReply;
        var uncertain = await SeeAsync(In, "湘A12345");
        Assert.That(uncertain.Outcome, Is.EqualTo(LaneOutcome.OpenUncertain));
        var confirmed = await _lanes.SignalAsync(In, new LaneSignal(LaneSignalKind.BarrierUp, 0));
        Assert.That((confirmed!.Outcome, confirmed.Plate, confirmed.Reason.Zh), Is.EqualTo((LaneOutcome.Opened, "湘A12345", "道闸报告已抬起：开闸确认")));
        Assert.That(await _lanes.SignalAsync(In, new LaneSignal(LaneSignalKind.BarrierUp, 0)), Is.Null, "confirmed once");
        Assert.That(_lanes.Barriers["in-1"].Up, Is.True);
        await _lanes.SignalAsync(In, new LaneSignal(LaneSignalKind.BarrierDown, 0));
        Assert.That(_lanes.Barriers["in-1"].Up, Is.False);
    }
}
