using ParkingGate.Domain.Conduct;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Gate.Lanes;
using ParkingGate.Storage.Conduct;
using ParkingGate.Storage.Lanes;

namespace ParkingGate.Gate.Tests;

public sealed partial class LaneControllerTests
{
    [Test]
    public async Task A_plate_with_a_recent_violation_is_let_in_as_usual_and_the_board_reminds_the_driver()
    {
        var rules = ConductRulesParser.Parse(File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "conduct", "fenglin-conduct.json"))).Value!;
        var conduct = new ConductStore(_database, _time, "fenglin-anzhi", Path.Combine(_folder, "conduct-photos"));
        foreach (var (plate, kind) in new[] { ("湘A12345", "fire-lane"), ("粤B12345", "other-space") })
        {
            var seen = await conduct.RecordViolationAsync(new ViolationDraft(Plate.Parse(plate), kind, "3栋东侧", _time.GetUtcNow().AddDays(-3)), [], rules, "patrol-liu");
            Assert.That(seen.IsSuccess, Is.True, () => seen.Problem!.Message);
        }

        var rulesOfLane = new LaneRules(30, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), MinConfidence: 60, FuzzyBudget: 1);
        var lanes = new LaneController(_registry.Lookup, _stays, new LaneEventStore(_database), _tariffs, _outputs, rulesOfLane, _time)
        {
            Conduct = new ConductReminders(conduct, rules),
        };

        var resident = await lanes.HandleAsync(In, Read("湘A12345"));
        Assert.That((resident.Outcome, resident.Who), Is.EqualTo((LaneOutcome.Opened, Visitor.Resident)));
        Assert.That(_outputs.Shown.Last().Message.Zh, Is.EqualTo("湘A12345 欢迎回家 请勿占用消防通道"));
        var visitor = await lanes.HandleAsync(In, Read("粤B12345"));
        Assert.That(visitor.Outcome, Is.EqualTo(LaneOutcome.Opened));
        Assert.That(_outputs.Shown.Last().Message.Zh, Is.EqualTo("粤B12345 临时车 请勿占用他人车位"));
        await lanes.HandleAsync(In, Read("湘AS5001"));
        Assert.That(_outputs.Shown.Last().Message.Zh, Is.EqualTo("湘AS5001 欢迎回家"), "a plate without a violation is welcomed as before");
    }
}
