using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Lanes;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Gate.Tests;

/// <summary>A lane held open (常开): every car recorded, no pulse, visitors out free with the hold in the ledger.</summary>
public sealed partial class LaneControllerTests
{
    [Test]
    public async Task While_a_lane_is_held_open_every_read_is_recorded_nothing_is_pulsed_and_visitors_leave_free_with_the_reason()
    {
        var holds = new LaneHoldStore(_database, _ledger);
        var visitor = await SeeAsync(In, "粤B12345");
        _time.Advance(TimeSpan.FromHours(3));
        Assert.That((await holds.StartAsync("out-1", "丧事，出殡车队", "wang")).IsSuccess, Is.True);
        Assert.That((await holds.StartAsync("in-1", "丧事，出殡车队", "wang")).IsSuccess, Is.True);
        _lanes.SetHolds(await holds.OpenAsync());
        var before = _outputs.Openings.Count;

        var leaving = await SeeAsync(Out, "粤B12345");
        var resident = await SeeAsync(In, "湘A12345");
        var blocked = await SeeAsync(In, "湘A88888");

        Assert.That(_outputs.Openings, Has.Count.EqualTo(before), "the barrier is up: nothing is pulsed (a pulse would drop a held relay)");
        Assert.That((leaving.Outcome, leaving.StayId), Is.EqualTo((LaneOutcome.Opened, visitor.StayId)));
        Assert.That(leaving.Reason.Zh, Is.EqualTo("常开期间免费放行（常开中：丧事，出殡车队）"));
        var stay = (await _stays.FindAsync(visitor.StayId!.Value))!;
        Assert.That((stay.Status, stay.ClosedHow), Is.EqualTo((StayStatus.Closed, (StayClosing?)StayClosing.Free)));
        var free = _ledger.ReadAll().Single(e => e.Kind == LedgerKind.FreeExit && e.StayId == stay.Id);
        Assert.That(free.Reason, Does.Contain("常开放行").And.Contain("丧事，出殡车队").And.Contain("wang"));
        Assert.That((resident.Outcome, resident.Reason.Zh), Is.EqualTo((LaneOutcome.Opened, "住户车辆 3-2-501（常开中：丧事，出殡车队）")));
        Assert.That((blocked.Outcome, blocked.Reason.Zh), Is.EqualTo((LaneOutcome.Refused, "黑名单：堵塞消防通道（常开中：丧事，出殡车队）")), "a refusal is recorded, and that the barrier was up");

        Assert.That((await holds.EndAsync("out-1", "出殡结束", "zhou")).IsSuccess, Is.True);
        _lanes.SetHolds(await holds.OpenAsync());
        _time.Advance(TimeSpan.FromMinutes(1));
        await SeeAsync(Out, "湘A12345");
        Assert.That(_outputs.Openings.Last(), Is.EqualTo("out-1"), "the exit pulses again once its hold ended");
    }

    [Test]
    public async Task A_hold_needs_a_reason_one_at_a_time_per_lane_and_both_ends_are_in_the_ledger()
    {
        var holds = new LaneHoldStore(_database, _ledger);
        Assert.That((await holds.StartAsync("in-1", " ", "wang")).Problem!.Kind, Is.EqualTo("missing-reason"));
        Assert.That((await holds.EndAsync("in-1", "结束", "wang")).Problem!.Kind, Is.EqualTo("not-held"));
        var started = await holds.StartAsync("in-1", "消防演练", "wang");
        Assert.That((await holds.StartAsync("in-1", "再来一次", "zhou")).Problem!.Zh, Does.Contain("已在常开中").And.Contain("消防演练"));
        _time.Advance(TimeSpan.FromMinutes(40));
        var ended = await holds.EndAsync("in-1", "演练结束", "zhou");
        Assert.That((ended.Value!.EndedBy, ended.Value.EndedUtc - ended.Value.StartedUtc), Is.EqualTo(("zhou", (TimeSpan?)TimeSpan.FromMinutes(40))));

        var entries = _ledger.ReadAll().Where(e => e.Kind is LedgerKind.HoldStart or LedgerKind.HoldEnd).ToList();
        Assert.That(entries.Select(e => (e.Kind, e.Operator, e.Reason, e.AmountFen)), Is.EqualTo(new[]
        {
            (LedgerKind.HoldStart, "wang", "消防演练", 0L), (LedgerKind.HoldEnd, "zhou", "演练结束", 0L),
        }));
        Assert.That(entries[1].Detail, Is.EqualTo($"lane=in-1;start={started.Value!.StartSeq}"));
        Assert.That(new LedgerVerifier("fenglin-anzhi", []).VerifyAll(_ledger.ReadAll()).Ok, Is.True);
        Assert.That(await holds.OpenAsync(), Is.Empty);
    }
}
