using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Gate.Lanes;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Gate.Tests;

public sealed partial class LaneControllerTests
{
    /// <summary>The controller with the estate's rule on more cars than spaces, and the household 3-2-501 owning a second car.</summary>
    private async Task<LaneController> ExtraCarsAsync(ExtraCarRule rule)
    {
        await _registry.Vehicles.AddVehicleAsync(new RoomNumber(3, 2, "501"), Plate.Parse("湘B77777"), VehicleClass.Small, "li");
        var rules = new LaneRules(30, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), MinConfidence: 60, FuzzyBudget: 1) { ExtraCars = rule };
        return new LaneController(_registry.Lookup, _stays, new LaneEventStore(_database), _tariffs, _outputs, rules, _time) { Presence = new ResidentPresenceStore(_database) };
    }

    private Task<LaneDecision> SeeAsync(LaneController lanes, LaneSettings lane, string plate) => lanes.HandleAsync(lane, Read(plate));

    [Test]
    public async Task A_households_car_beyond_its_spaces_is_charged_as_a_visitor_from_entry_when_the_estate_says_so()
    {
        var lanes = await ExtraCarsAsync(ExtraCarRule.Visitor);
        var first = await SeeAsync(lanes, In, "湘A12345");
        var second = await SeeAsync(lanes, In, "湘B77777");
        Assert.That((first.Outcome, first.Who), Is.EqualTo((LaneOutcome.Opened, Visitor.Resident)));
        Assert.That((second.Outcome, second.Who, second.StayId is not null), Is.EqualTo((LaneOutcome.Opened, Visitor.Visitor, true)));
        Assert.That(second.Reason.Zh, Is.EqualTo("一位多车：3-2-501户1个车位已有湘A12345在场，按临时车计费"));
        Assert.That(_outputs.Shown.Last().Message.Zh, Is.EqualTo("湘B77777 本户车位已满 按临时车计费"));

        // The first car leaves; the second stays charged for its whole stay, as the config documents.
        _time.Advance(TimeSpan.FromHours(3));
        var firstOut = await SeeAsync(lanes, Out, "湘A12345");
        var secondOut = await SeeAsync(lanes, Out, "湘B77777");
        Assert.That((firstOut.Outcome, firstOut.Who), Is.EqualTo((LaneOutcome.Opened, Visitor.Resident)));
        Assert.That((secondOut.Outcome, secondOut.DueFen > 0), Is.EqualTo((LaneOutcome.AwaitingPayment, true)));

        // The second car pays at the booth and leaves; with the household's space free again, its car comes in as a resident.
        Assert.That((await new ShiftBook(_database, _time, _ledger).OpenShiftAsync(0, "zhou")).IsSuccess, Is.True);
        Assert.That((await _stays.PayCashAsync(secondOut.StayId!.Value, secondOut.DueFen!.Value, _tariffs, "zhou")).IsSuccess, Is.True);
        _time.Advance(TimeSpan.FromMinutes(5));
        var again = await SeeAsync(lanes, In, "湘A12345");
        Assert.That((again.Outcome, again.Who), Is.EqualTo((LaneOutcome.Opened, Visitor.Resident)));
    }

    [Test]
    public async Task A_households_car_beyond_its_spaces_is_refused_when_the_estate_says_so_and_let_in_with_two_spaces()
    {
        var lanes = await ExtraCarsAsync(ExtraCarRule.Refuse);
        await SeeAsync(lanes, In, "湘A12345");
        var refused = await SeeAsync(lanes, In, "湘B77777");
        Assert.That((refused.Outcome, refused.Who), Is.EqualTo((LaneOutcome.Refused, Visitor.Resident)));
        Assert.That(refused.Reason.Zh, Does.EndWith("按小区规定不予入场"));
        Assert.That(_outputs.Shown.Last().Message.Zh, Is.EqualTo("湘B77777 本户车位已满 请勿入场"));
        Assert.That(await _stays.OpenPlatesAsync(), Is.Empty, "refused: no stay");

        Assert.That((await _registry.Households.SetSpacesAsync(new RoomNumber(3, 2, "501"), 2, "li")).Value, Is.EqualTo(1));
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = await SeeAsync(lanes, In, "湘B77777");
        Assert.That((second.Outcome, second.Who), Is.EqualTo((LaneOutcome.Opened, Visitor.Resident)), "two spaces: both cars are residents'");
    }

    [Test]
    public async Task Without_a_rule_every_car_of_a_household_is_a_residents()
    {
        var lanes = await ExtraCarsAsync(ExtraCarRule.Allow);
        await SeeAsync(lanes, In, "湘A12345");
        var second = await SeeAsync(lanes, In, "湘B77777");
        Assert.That((second.Outcome, second.Who), Is.EqualTo((LaneOutcome.Opened, Visitor.Resident)));
    }
}
