using Dapper;
using ParkingGate.Domain.Lanes;
using ParkingGate.Storage.Lanes;

namespace ParkingGate.Storage.Tests;

public sealed class HeldReadsTests : DatabaseTest
{
    [Test]
    public async Task A_held_read_is_settled_once_and_one_nobody_settles_expires_with_a_record()
    {
        var database = await Temp.OpenAsync();
        var events = new LaneEventStore(database);
        var now = Temp.Time.GetUtcNow();
        var old = await events.AppendAsync(new LaneEventRecord(0, now.AddMinutes(-40), "in-1", "r-1", "湘A55001", "湘A55001", LaneOutcome.Held, Visitor.Unknown, new("可能是 湘A5S001 或 湘AS5001", "could be"), null, null, null));
        var fresh = await events.AppendAsync(new LaneEventRecord(0, now.AddMinutes(-2), "in-1", "r-2", "粤B7X9K2", "粤B7X9K2", LaneOutcome.Held, Visitor.Unknown, new("识别不确定", "unsure"), null, null, null));
        var opened = await events.AppendAsync(new LaneEventRecord(0, now.AddMinutes(-1), "in-1", "r-3", "粤B12345", "粤B12345", LaneOutcome.Opened, Visitor.Visitor, new("访客入场", "visitor enters"), 1, null, null));

        Assert.That((await events.HeldAsync(now.AddHours(-1))).Select(e => e.Id), Is.EqualTo(new[] { fresh, old }));
        Assert.That(await events.ExpireHeldAsync(now.AddMinutes(-30), now), Is.EqualTo(1));
        Assert.That(await events.ExpireHeldAsync(now.AddMinutes(-30), now), Is.Zero, "expired once");
        Assert.That((await events.HeldAsync(now.AddHours(-1))).Select(e => e.Id), Is.EqualTo(new[] { fresh }));

        Assert.That(await events.SettleHeldAsync(fresh, now, "zhou", "粤B7X9K2", expired: false), Is.True);
        Assert.That(await events.SettleHeldAsync(fresh, now, "sun", "粤B7X9K3", expired: false), Is.False, "a second cashier is refused");
        Assert.That(await events.SettleHeldAsync(opened, now, "zhou", "粤B12345", expired: false), Is.False, "only held reads are settled");
        await using var connection = await database.OpenConnectionAsync();
        var rows = (await connection.QueryAsync<(long Id, string Actor, string? Plate, string How)>(
            "SELECT event_id, actor, plate, how FROM held_reads_settled ORDER BY event_id;")).ToList();
        Assert.That(rows, Is.EqualTo(new[] { (old, "booth", (string?)null, "expired"), (fresh, "zhou", (string?)"粤B7X9K2", "decided") }));
    }
}
