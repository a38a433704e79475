using ParkingGate.Domain.Lanes;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Gate.Tests;

/// <summary>What the lanes do for the booth: a plate that owes, a plate a person chose for a held read.</summary>
public sealed partial class LaneControllerTests
{
    [Test]
    public async Task A_plate_that_owes_is_told_at_the_entry_and_stopped_at_the_exit_even_when_this_stay_is_free()
    {
        await SeeAsync(In, "粤B12345");
        _time.Advance(TimeSpan.FromHours(4));
        var unpaid = await SeeAsync(Out, "粤B12345");
        Assert.That(unpaid.Outcome, Is.EqualTo(LaneOutcome.AwaitingPayment));
        Assert.That((await _stays.LeaveOwingAsync(unpaid.StayId!.Value, "司机没带钱", "zhou")).IsSuccess, Is.True);

        _time.Advance(TimeSpan.FromDays(1));
        _outputs.Shown.Clear();
        var back = await SeeAsync(In, "粤B12345");
        Assert.That(back.Outcome, Is.EqualTo(LaneOutcome.Opened));
        Assert.That(_outputs.Shown.Single().Message.Zh, Does.Contain($"欠费{unpaid.DueFen!.Value / 100}.00元"));

        _time.Advance(TimeSpan.FromMinutes(10)); // inside the free period
        var openings = _outputs.Openings.Count;
        var leaving = await SeeAsync(Out, "粤B12345");
        Assert.That((leaving.Outcome, leaving.DueFen), Is.EqualTo((LaneOutcome.AwaitingPayment, unpaid.DueFen)));
        Assert.That(leaving.Reason.Zh, Does.Contain("另欠费"));
        Assert.That(_outputs.Shown.Last().Message.Zh, Does.Contain("含欠费"));
        Assert.That(_outputs.Openings, Has.Count.EqualTo(openings), "not let out free while it owes");
    }

    [Test]
    public async Task A_plate_chosen_by_hand_at_an_exit_is_taken_exactly_with_no_confusable_looked_for()
    {
        await SeeAsync(In, "粤B12345");
        _time.Advance(TimeSpan.FromHours(2));
        var exact = await _lanes.DecideByHandAsync(Out, "粤B12345", null, "zhou");
        Assert.That((exact.Outcome, exact.Plate), Is.EqualTo((LaneOutcome.AwaitingPayment, "粤B12345")));

        await SeeAsync(In, "粤B12346");
        _time.Advance(TimeSpan.FromHours(2));
        var other = await _lanes.DecideByHandAsync(Out, "粤B1234G", null, "zhou"); // one confusable from the car inside
        var stay = await _stays.FindAsync(other.StayId!.Value);
        Assert.That((stay!.Plate, stay.EntryUtc), Is.EqualTo(("粤B1234G", (DateTimeOffset?)null)), "a person's plate is not swapped for a near one");
        Assert.That(await _stays.OpenPlatesAsync(), Does.Contain("粤B12346"));
    }
}
