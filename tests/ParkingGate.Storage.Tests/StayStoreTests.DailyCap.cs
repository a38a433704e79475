using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Storage.Tests;

public sealed partial class StayStoreTests
{
    [Test]
    public async Task The_daily_cap_counts_what_the_plates_earlier_stays_of_the_day_were_charged()
    {
        var json = """
            { "id": "capped", "version": 1, "approval": "户主代表大会决议（测试）", "effectiveFrom": "2026-01-01",
              "rules": { "steps": [ { "minutes": 60, "priceFen": 500 } ] }, "plateDailyCapFen": 1200 }
            """u8.ToArray();
        _tariffs = new TariffBook([TariffParser.Parse(json, TimeZoneInfo.FindSystemTimeZoneById).Value!]);
        await OpenShiftAsync();

        await EnterAsync("2026-03-02 08:00");
        var first = await ExitAsync("2026-03-02 09:30");
        Assert.That(first.Quote.AmountFen, Is.EqualTo(1000));
        Assert.That((await _stays.PayCashAsync(first.Stay.Id, 1000, _tariffs, "zhou")).IsSuccess, Is.True);

        await EnterAsync("2026-03-02 12:00");
        var second = await ExitAsync("2026-03-02 13:30");
        Assert.That(second.Quote.AmountFen, Is.EqualTo(200), "1000 by the ladder, 200 left of the day's 12.00");
        Assert.That(second.Quote.Lines.Select(l => l.Zh), Has.Some.StartsWith("每日封顶：本车 3月2日 入场的停车已计 10.00元"));

        await EnterAsync("2026-03-02 08:00", Plate.Parse("粤B99999"));
        var other = await ExitAsync("2026-03-02 09:30", Plate.Parse("粤B99999"));
        Assert.That(other.Quote.AmountFen, Is.EqualTo(1000), "another plate's day is its own");
    }
}
