using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Gate.Configuration;
using ParkingGate.Host.Configuration;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Host.Tests.Faults;

/// <summary>A gate PC whose clock nobody sets: stepped back an hour in the middle of the day.</summary>
public sealed class ClockStepTests : FolderFixture
{
    [Test]
    public async Task The_clock_stepped_back_an_hour_gives_no_negative_stay_and_keeps_the_ledger_in_order()
    {
        var config = ConfigLoader.Load(Folder.Config);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 2, 0, 0, TimeSpan.Zero));
        var database = await SqliteDatabase.OpenAsync(Folder.Database, clock);
        var ledger = new LedgerStore(database, clock, "fenglin-anzhi");
        var stays = new StayStore(database, clock, ledger);
        await new ShiftBook(database, clock, ledger).OpenShiftAsync(0, "booth");

        var entered = clock.GetUtcNow();
        var first = (await stays.EnterAsync(new StayEntry(Plate.Parse("粤B12345"), VehicleClass.Small, "in-1", entered.AddHours(-3), null, false), "camera")).Value!;
        await stays.ExitAsync(new StayExit(Plate.Parse("粤B12345"), VehicleClass.Small, "out-1", entered, null), config.Tariffs, "camera");
        await stays.PayCashAsync(first.Id, (await stays.FindAsync(first.Id))!.DueFen!.Value, config.Tariffs, "booth");

        var second = (await stays.EnterAsync(new StayEntry(Plate.Parse("粤C54321"), VehicleClass.Small, "in-1", entered, null, false), "camera")).Value!;
        clock.AdjustTime(entered.AddHours(-1)); // somebody "fixes" the clock: an hour back
        var exit = await stays.ExitAsync(new StayExit(Plate.Parse("粤C54321"), VehicleClass.Small, "out-1", clock.GetUtcNow(), null), config.Tariffs, "camera");
        Assert.That(exit.IsSuccess, Is.True, exit.IsSuccess ? "" : exit.Problem!.Message);
        var stay = exit.Value!.Stay;
        Assert.That(stay.ExitUtc!.Value, Is.GreaterThanOrEqualTo(stay.EntryUtc!.Value), "no stay ends before it began");
        Assert.That(stay.FeeFen ?? 0, Is.GreaterThanOrEqualTo(0));
        if (exit.Value.ClosedBy is null)
        {
            await stays.PayCashAsync(second.Id, stay.DueFen!.Value, config.Tariffs, "booth");
        }

        var entries = ledger.ReadAll().ToList();
        Assert.That(entries.Select(e => e.AtUtc), Is.Ordered, "ledger time never runs backwards");
        Assert.That(new LedgerVerifier("fenglin-anzhi", []).VerifyAll(entries).Ok, Is.True);
        SqliteConnection.ClearAllPools();
    }
}
