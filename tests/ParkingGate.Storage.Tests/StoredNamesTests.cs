using Dapper;
using ParkingGate.Domain.Lanes;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Storage.Tests;

public sealed class StoredNamesTests : DatabaseTest
{
    [Test]
    public async Task Every_stay_status_and_closing_is_a_name_the_schema_accepts()
    {
        var database = await Temp.OpenAsync();
        await using var connection = await database.OpenConnectionAsync();
        var id = 0;
        foreach (var status in Enum.GetValues<StayStatus>())
        {
            foreach (var how in Enum.GetValues<StayClosing>())
            {
                await connection.ExecuteAsync(
                    """
                    INSERT INTO stays (plate, vehicle_class, status, closed_how, recorded_by, updated_utc)
                    VALUES (@plate, 'small', @status, @how, 'test', '2026-03-02T01:30:00.000Z');
                    """,
                    new { plate = $"湘A{++id:00000}", status = StoredNames.StayStatus[status], how = StoredNames.StayClosing[how] });
            }
        }

        var read = await new StayStore(database, Temp.Time, new Ledger.LedgerStore(database, Temp.Time, "fenglin-anzhi")).ListAsync(limit: 100);
        Assert.That(read.Select(s => (s.Status, s.ClosedHow!.Value)).Distinct().Count(), Is.EqualTo(Enum.GetValues<StayStatus>().Length * Enum.GetValues<StayClosing>().Length),
            "each pair is written by its stored name and read back as the same values");
    }

    [Test]
    public async Task Every_outcome_and_visitor_reads_back_as_written()
    {
        var database = await Temp.OpenAsync();
        var events = new LaneEventStore(database);
        var written = (from outcome in Enum.GetValues<LaneOutcome>() from who in Enum.GetValues<Visitor>() select (outcome, who)).ToList();
        foreach (var (outcome, who) in written)
        {
            await events.AppendAsync(new LaneEventRecord(0, Temp.Time.GetUtcNow(), "in-1", null, null, null, outcome, who, new("测试", "test"), null, null, null));
        }

        var read = (await events.LatestAsync(limit: 1000)).Reverse().Select(e => (e.Outcome, e.Who));
        Assert.That(read, Is.EqualTo(written));
        await using var connection = await database.OpenConnectionAsync();
        Assert.That(await connection.QueryAsync<string>("SELECT DISTINCT outcome FROM lane_events ORDER BY outcome;"),
            Is.EqualTo(new[] { "awaiting-payment", "held", "ignored", "open-uncertain", "opened", "refused" }), "the stored text is the one reports and older files use");
    }

    [Test]
    public async Task A_status_no_version_wrote_is_reported_with_its_column()
    {
        var database = await Temp.OpenAsync();
        await using (var connection = await database.OpenConnectionAsync())
        {
            await connection.ExecuteAsync(
                "INSERT INTO lane_events (at_utc, lane, outcome, who, reason) VALUES ('2026-03-02T01:30:00.000Z', 'in-1', 'opend', 'visitor', 'x');");
        }

        var problem = Assert.ThrowsAsync<InvalidDataException>(async () => await new LaneEventStore(database).LatestAsync());
        Assert.That(problem!.Message, Does.Contain("lane_events.outcome").And.Contain("'opend'"));
    }
}
