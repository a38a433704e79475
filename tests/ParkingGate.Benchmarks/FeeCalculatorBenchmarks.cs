using BenchmarkDotNet.Attributes;
using ParkingGate.Domain.Tariffs;

namespace ParkingGate.Benchmarks;

/// <summary>
/// Quoting stays of growing length by the 长沙 day/night tariff with its rolling cap (target: a 30-day stay under
/// 20 µs). The one-hour stay is the baseline: a calculator that walked minute by minute would scale with the stay.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class FeeCalculatorBenchmarks
{
    private static readonly DateTimeOffset Entry = new(2026, 3, 2, 8, 17, 0, TimeSpan.FromHours(8));
    private Tariff _changsha = null!;
    private Tariff _unitStart = null!;

    [GlobalSetup]
    public void Setup()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "tariffs", "changsha-core.json");
        var bytes = File.ReadAllBytes(path);
        _changsha = TariffParser.Parse(bytes, TimeZoneInfo.FindSystemTimeZoneById).Value!;
        var unitStart = System.Text.Encoding.UTF8.GetString(bytes).Replace("\"cap\":", "\"bandSplit\": \"unit-start\", \"cap\":", StringComparison.Ordinal);
        _unitStart = TariffParser.Parse(System.Text.Encoding.UTF8.GetBytes(unitStart), TimeZoneInfo.FindSystemTimeZoneById).Value!;
    }

    [Benchmark(Baseline = true, Description = "1-hour stay, day/night bands")]
    public long OneHour() => Quote(_changsha, TimeSpan.FromHours(1));

    [Benchmark(Description = "24-hour stay, day/night bands")]
    public long OneDay() => Quote(_changsha, TimeSpan.FromDays(1));

    [Benchmark(Description = "30-day stay, day/night bands")]
    public long ThirtyDays() => Quote(_changsha, TimeSpan.FromDays(30).Add(TimeSpan.FromMinutes(77)));

    [Benchmark(Description = "30-day stay, unit-start bands")]
    public long ThirtyDaysUnitStart() => Quote(_unitStart, TimeSpan.FromDays(30).Add(TimeSpan.FromMinutes(77)));

    private static long Quote(Tariff tariff, TimeSpan stay) =>
        FeeCalculator.Quote(tariff, new QuoteRequest { Entry = Entry, Exit = Entry + stay }).Value!.AmountFen;
}
