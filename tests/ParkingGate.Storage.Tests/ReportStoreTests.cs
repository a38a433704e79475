using ParkingGate.Domain.Plates;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Reports;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Storage.Tests;

public sealed class ReportStoreTests : DatabaseTest
{
    [Test]
    public async Task Long_stays_are_measured_to_now_while_the_period_runs_and_to_its_end_after()
    {
        var database = await Temp.OpenAsync();
        var ledger = new LedgerStore(database, Temp.Time, "fenglin-anzhi");
        var stays = new StayStore(database, Temp.Time, ledger);
        var now = Temp.Time.GetUtcNow();
        await stays.EnterAsync(new StayEntry(Plate.Parse("粤B12345"), VehicleClass.Small, "in-1", now.AddHours(-5), null, false), "camera");
        await stays.EnterAsync(new StayEntry(Plate.Parse("粤B54321"), VehicleClass.Small, "in-1", now.AddDays(-8), null, false), "camera");
        var reports = new ReportStore(database, ledger, Temp.Time);

        var thisMonth = await reports.ReportAsync(now.AddDays(-1), now.AddDays(29), ["out-1"], longStayDays: 7);
        Assert.That(thisMonth.LongStays.Select(l => l.Plate), Is.EqualTo(new[] { "粤B54321" }), "a car in since this morning is not a long stay, whatever the period's end");

        Temp.Time.Advance(TimeSpan.FromDays(40));
        var thatMonth = await reports.ReportAsync(now.AddDays(-1), now.AddDays(29), ["out-1"], longStayDays: 7);
        Assert.That(thatMonth.LongStays.Select(l => l.Plate), Is.EqualTo(new[] { "粤B54321", "粤B12345" }), "after the period, measured to its end");
    }
}
