using BenchmarkDotNet.Attributes;
using ParkingGate.Domain.Plates;
using ParkingGate.Testing;

namespace ParkingGate.Benchmarks;

/// <summary>
/// One fuzzy lookup against 10,000 registered plates (target: median under 50 µs), next to a plate-by-plate
/// scan over the same registry as the baseline, so the ratio holds on a noisy machine.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PlateMatcherBenchmarks
{
    private string[] _registry = [];
    private PlateMatcher _matcher = null!;
    private string _exact = "", _fuzzy = "", _unknown = "";

    [Params(10_000)]
    public int Plates { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2026);
        _registry = SamplePlates.Registry(random, Plates).ToArray();
        _matcher = new PlateMatcher(_registry);
        _exact = _registry[Plates / 2];
        do
        {
            _fuzzy = SamplePlates.Misread(random, _exact, 1);
        }
        while (_fuzzy == _exact);
        _unknown = "琼F12345";
    }

    [Benchmark(Description = "exact read")]
    public PlateMatch Exact() => _matcher.Match(_exact);

    [Benchmark(Description = "misread, one confusable character")]
    public PlateMatch Fuzzy() => _matcher.Match(_fuzzy);

    [Benchmark(Description = "unknown plate")]
    public PlateMatch Unknown() => _matcher.Match(_unknown);

    [Benchmark(Baseline = true, Description = "baseline: scan every plate")]
    public int Scan()
    {
        var read = PlateNormalizer.Normalize(_fuzzy);
        var found = 0;
        foreach (var plate in _registry)
        {
            if (plate.Length != read.Length)
            {
                continue;
            }

            var differences = 0;
            for (var i = 0; i < plate.Length && differences <= 1; i++)
            {
                if (plate[i] != read[i])
                {
                    differences += ConfusionSets.AreConfusable(read[i], plate[i], i) ? 1 : 2;
                }
            }

            found += differences <= 1 ? 1 : 0;
        }

        return found;
    }

    [Benchmark(Description = "build the index of all plates")]
    public PlateMatcher Build() => new(_registry);
}
