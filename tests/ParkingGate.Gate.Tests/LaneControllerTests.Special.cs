using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Gate.Lanes;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Reports;

namespace ParkingGate.Gate.Tests;

/// <summary>Police, armed police, emergency rescue and the kinds an estate lists pass free, recorded.</summary>
public sealed partial class LaneControllerTests
{
    [Test]
    public async Task Special_vehicles_pass_free_in_and_out_with_no_stay_recorded_by_kind_and_counted_in_the_report()
    {
        var from = _time.GetUtcNow();
        await _registry.Blocklist.AddToBlocklistAsync(Plate.Parse("湘A1234警"), "测试：黑名单不挡警车", "li");
        var police = await SeeAsync(In, "湘A1234警");
        var rescue = await SeeAsync(In, "湘A0119应急");
        var armed = await SeeAsync(In, "WJ湘12345");
        _time.Advance(TimeSpan.FromHours(5));
        var policeOut = await SeeAsync(Out, "湘A1234警");
        var rescueOut = await SeeAsync(Out, "湘A0119应急");

        Assert.That(new[] { police, rescue, armed, policeOut, rescueOut }.Select(d => (d.Outcome, d.Who, d.StayId)),
            Is.All.EqualTo((LaneOutcome.Opened, Visitor.Special, (long?)null)), "in and out free, no stay, no space taken");
        Assert.That((police.Special, rescue.Special, armed.Special), Is.EqualTo(("警车", "应急救援", "武警")));
        Assert.That(police.Reason.Zh, Is.EqualTo("特种车辆（警车）免费通行"), "an emergency is never held back, even by the blocklist");
        Assert.That(_outputs.Shown.First().Message.Zh, Is.EqualTo("湘A1234警 警车 免费通行"));
        Assert.That(await _stays.OpenPlatesAsync(), Is.Empty);
        Assert.That((await new LaneEventStore(_database).LatestAsync()).Count(e => e.Special is not null), Is.EqualTo(5));

        var report = await new ReportStore(_database, _ledger, _time).ReportAsync(from, _time.GetUtcNow().AddMinutes(1), ["out-1"], 7);
        Assert.That(report.SpecialPassages, Is.EqualTo(new[] { ("应急救援", 2), ("警车", 2), ("武警", 1) }));
        Assert.That(report.Income.Entries, Is.Zero, "nothing was charged or written to the ledger");
    }

    [Test]
    public async Task A_kind_the_estate_lists_passes_and_a_special_plate_it_does_not_list_pays_like_anyone()
    {
        _lanes = new LaneController(_registry.Lookup, _stays, new LaneEventStore(_database), _tariffs, _outputs,
            new LaneRules(30, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), 60, 1) { Specials = new([new("救护车", "ambulance", null, null, ["湘A12120"])]) }, _time);
        var ambulance = await SeeAsync(In, "湘A12120");
        var police = await SeeAsync(In, "湘A1234警");
        Assert.That((ambulance.Who, ambulance.Special, ambulance.StayId), Is.EqualTo((Visitor.Special, "救护车", (long?)null)));
        Assert.That((police.Who, police.StayId is not null), Is.EqualTo((Visitor.Visitor, true)), "this estate lists only its ambulances");
    }
}
