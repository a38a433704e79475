using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Tariffs;
using static ParkingGate.Domain.Tests.Tariffs.Tariffs;

namespace ParkingGate.Domain.Tests.Tariffs;

/// <summary>Laws every tariff must obey, checked over many random stays (seeded, so a failure repeats).</summary>
public sealed class FeePropertyTests
{
    private static IEnumerable<TestCaseData> ShippedTariffs() =>
        new[] { "changsha-core", "residential-visitor", "fenglin-visitor", "per-entry-example" }
            .Select(id => new TestCaseData(id).SetName($"{{m}}({id})"));

    private static IEnumerable<(DateTimeOffset Entry, TimeSpan Stay, VehicleClass Class)> RandomStays(int seed, int count)
    {
        var random = new Random(seed);
        var start = At("2026-03-01 00:00");
        for (var i = 0; i < count; i++)
        {
            var entry = start.AddSeconds(random.Next(0, 60 * 24 * 3600));
            var stay = random.Next(4) switch
            {
                0 => TimeSpan.FromSeconds(random.Next(0, 3600)),
                1 => TimeSpan.FromMinutes(random.Next(0, 24 * 60)),
                2 => TimeSpan.FromMinutes(random.Next(0, 4 * 24 * 60)),
                _ => TimeSpan.FromMinutes(random.Next(0, 40 * 24 * 60)),
            };
            yield return (entry, stay, (VehicleClass)random.Next(3));
        }
    }

    private static long Amount(Tariff tariff, DateTimeOffset entry, DateTimeOffset exit, VehicleClass vehicleClass) =>
        FeeCalculator.Quote(tariff, new QuoteRequest { Class = vehicleClass, Entry = entry, Exit = exit }).Value!.AmountFen;

    [TestCaseSource(nameof(ShippedTariffs))]
    public void The_fee_never_decreases_as_the_exit_moves_later(string id)
    {
        var tariff = Shipped(id);
        foreach (var (entry, stay, vehicleClass) in RandomStays(1, 400))
        {
            var previous = -1L;
            for (var step = 0; step < 12; step++)
            {
                var exit = entry + stay + TimeSpan.FromMinutes(step * 7);
                var fee = Amount(tariff, entry, exit, vehicleClass);
                Assert.That(fee, Is.GreaterThanOrEqualTo(previous), $"{id} {vehicleClass} {entry:O} → {exit:O}");
                previous = fee;
            }
        }
    }

    [TestCaseSource(nameof(ShippedTariffs))]
    public void The_fee_is_zero_inside_the_free_period(string id)
    {
        var tariff = Shipped(id);
        if (tariff.Rules.FreePeriod is not { } free)
        {
            Assert.That(Amount(tariff, At("2026-03-02 10:00"), At("2026-03-02 10:01"), VehicleClass.Small), Is.GreaterThan(0), "no free period: a one-minute stay is charged");
            return;
        }

        var random = new Random(2);
        foreach (var (entry, _, vehicleClass) in RandomStays(2, 300))
        {
            var stay = TimeSpan.FromSeconds(random.Next(0, (free.Minutes * 60) + 60));
            Assert.That(Amount(tariff, entry, entry + stay, vehicleClass), Is.Zero, $"{id} {vehicleClass} {entry:O} for {stay}");
        }
    }

    [TestCaseSource(nameof(ShippedTariffs))]
    public void The_fee_never_exceeds_the_cap_per_started_period(string id)
    {
        var tariff = Shipped(id);
        foreach (var (entry, stay, _) in RandomStays(3, 400))
        {
            var fee = Amount(tariff, entry, entry + stay, VehicleClass.Small);
            if (tariff.Rules.Cap is { } cap)
            {
                var periods = cap.Period == CapPeriod.Rolling24Hours
                    ? Math.Max(1, (long)Math.Ceiling(Math.Floor(stay.TotalMinutes) / (24 * 60)))
                    : CalendarDays(entry, entry + stay);
                Assert.That(fee, Is.LessThanOrEqualTo(periods * cap.AmountFen), $"{id} {entry:O} for {stay}");
            }
            else
            {
                Assert.That(fee, Is.GreaterThanOrEqualTo(0));
            }
        }
    }

    [TestCaseSource(nameof(ShippedTariffs))]
    public void The_fee_does_not_depend_on_how_the_offset_is_written(string id)
    {
        var tariff = Shipped(id);
        var offsets = new[] { TimeSpan.Zero, TimeSpan.FromHours(-5), TimeSpan.FromHours(9), TimeSpan.FromMinutes(345) };
        foreach (var (entry, stay, vehicleClass) in RandomStays(4, 200))
        {
            var expected = Amount(tariff, entry, entry + stay, vehicleClass);
            foreach (var offset in offsets)
            {
                Assert.That(Amount(tariff, entry.ToOffset(offset), (entry + stay).ToOffset(offset), vehicleClass), Is.EqualTo(expected));
            }
        }
    }

    [Test]
    public void The_class_multiplier_scales_the_fee_exactly()
    {
        foreach (var (entry, stay, _) in RandomStays(5, 300))
        {
            var small = Amount(Fenglin, entry, entry + stay, VehicleClass.Small);
            Assert.That(Amount(Fenglin, entry, entry + stay, VehicleClass.Large), Is.EqualTo(2 * small));
        }
    }

    private static long CalendarDays(DateTimeOffset entry, DateTimeOffset exit)
    {
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(entry, Shanghai).DateTime);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(exit, Shanghai).DateTime);
        return last.DayNumber - first.DayNumber + 1;
    }
}
