using ParkingGate.Gate.Lanes;
namespace ParkingGate.Gate.Tests;

/// <summary>What the lane remembers to recognise repeats: repeats are caught, and memory follows the last hour only.</summary>
public sealed class ReadDeduplicatorTests
{
    private static readonly DateTimeOffset Morning = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    [Test]
    public void A_repeated_message_or_plate_within_the_window_is_one_read()
    {
        var dedupe = new ReadDeduplicator(TimeSpan.FromSeconds(10));
        Assert.That(dedupe.FirstMessage("vzenith:sn-1:a", Morning), Is.True);
        Assert.That(dedupe.FirstMessage("vzenith:sn-1:a", Morning.AddMinutes(30)), Is.False, "a redelivered message within the hour");
        Assert.That(dedupe.FirstPlate("in-1", "粤B12345", Morning), Is.True);
        Assert.That(dedupe.FirstPlate("in-1", "粤B12345", Morning.AddSeconds(9)), Is.False);
        Assert.That(dedupe.FirstPlate("out-1", "粤B12345", Morning.AddSeconds(9)), Is.True, "another lane");
        Assert.That(dedupe.FirstPlate("in-1", "粤B12345", Morning.AddSeconds(20)), Is.True, "after the window");
    }

    [Test]
    public void A_busy_day_leaves_only_the_last_hours_reads_in_memory()
    {
        var dedupe = new ReadDeduplicator(TimeSpan.FromSeconds(10));
        var peak = 0;
        for (var i = 0; i < 24 * 60 * 4; i++) // a read every 15 s for a day, each a new message and plate
        {
            var now = Morning.AddSeconds(15 * i);
            dedupe.FirstMessage($"vzenith:sn-1:{i}", now);
            dedupe.FirstPlate("in-1", $"粤B{10000 + i}", now);
            peak = Math.Max(peak, dedupe.Count);
        }

        // An hour of ids (240) plus a minute between prunes, and the plates of the last window and minute.
        Assert.That(peak, Is.LessThan(300), "memory follows the last hour, not the day's 11,520 entries");
    }

    [Test]
    public void After_the_clock_is_stepped_back_a_plate_seen_in_the_future_is_a_new_read()
    {
        var dedupe = new ReadDeduplicator(TimeSpan.FromSeconds(10));
        Assert.That(dedupe.FirstPlate("in-1", "粤B12345", Morning.AddHours(1)), Is.True);
        Assert.That(dedupe.FirstPlate("in-1", "粤B12345", Morning), Is.True, "the car seen at 01:00 by the wrong clock comes again at 00:00 by the right one");
    }

    [Test]
    public void A_flood_of_distinct_messages_stays_under_the_capacity()
    {
        var dedupe = new ReadDeduplicator(TimeSpan.FromSeconds(10), capacity: 1000);
        for (var i = 0; i < 10_000; i++)
        {
            dedupe.FirstMessage($"flood-{i}", Morning.AddMilliseconds(i));
        }

        Assert.That(dedupe.Count, Is.LessThanOrEqualTo(1000));
        Assert.That(dedupe.FirstMessage("flood-9999", Morning.AddSeconds(10)), Is.False, "the newest are the ones kept");
    }
}
