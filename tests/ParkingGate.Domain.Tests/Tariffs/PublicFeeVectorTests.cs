using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Tariffs;

namespace ParkingGate.Domain.Tests.Tariffs;

/// <summary>Every row of the verified public fee vectors (shared/vectors/fees-public.csv).</summary>
public sealed class PublicFeeVectorTests
{
    private static string VectorFile => Path.Combine(TestContext.CurrentContext.TestDirectory, "Vectors", "fees-public.csv");

    public static IEnumerable<TestCaseData> Rows()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Vectors", "fees-public.csv");
        foreach (var line in File.ReadLines(file).Where(l => l.Length > 0 && !l.StartsWith('#')))
        {
            var f = line.Split(',', 6);
            yield return new TestCaseData(f[0], f[1], f[2], f[3], long.Parse(f[4], System.Globalization.CultureInfo.InvariantCulture))
                .SetName($"{f[0]} {f[1]} → {f[2]} {f[3]} = {f[4]} fen ({f[5]})");
        }
    }

    [TestCaseSource(nameof(Rows))]
    public void Public_vector(string rule, string entry, string exit, string vehicleClass, long expectedFen)
    {
        var tariff = rule switch
        {
            "CS" => Tariffs.Changsha,
            "ZZ" => Tariffs.Residential,
            _ => throw new AssertionException($"unknown rule {rule} in the vector file"),
        };
        Assert.That(VehicleClasses.TryParse(vehicleClass, out var cls), Is.True);

        var quote = FeeCalculator.Quote(tariff, new QuoteRequest { Class = cls!.Value, Entry = Tariffs.At(entry), Exit = Tariffs.At(exit) });

        Assert.That(quote.Value!.AmountFen, Is.EqualTo(expectedFen), () => string.Join("\n", quote.Value.Lines.Select(l => l.En)));
    }

    [Test]
    public void The_vector_file_has_rows() => Assert.That(Rows().Count(), Is.GreaterThanOrEqualTo(8));

    [Test]
    public void The_copy_matches_the_shared_vectors_when_they_are_beside_the_repository()
    {
        var shared = FindShared();
        if (shared is null)
        {
            Assert.Ignore("shared/vectors is not beside this checkout; the committed copy is tested on its own");
        }

        Assert.That(File.ReadAllText(VectorFile), Is.EqualTo(File.ReadAllText(shared!)));
    }

    private static string? FindShared()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ParkingGate.sln")))
            {
                var candidate = Path.Combine(dir.FullName, "..", "shared", "vectors", "fees-public.csv");
                return File.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }
}
