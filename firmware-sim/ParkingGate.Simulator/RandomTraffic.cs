using System.Globalization;

namespace ParkingGate.Simulator;

/// <summary>Seeded random traffic: residents going out and coming back, visitors staying a while, some misreads.</summary>
public static class RandomTraffic
{
    private const string Confusable = "0D8B2Z5S6G1TA4";

    /// <summary>Generates <paramref name="cars"/> visits between <paramref name="from"/> and <paramref name="until"/>.</summary>
    public static IReadOnlyList<ScenarioStep> Generate(int seed, IReadOnlyList<string> residents, int cars, TimeOnly from, TimeOnly until, string entryLane, string exitLane)
    {
        ArgumentNullException.ThrowIfNull(residents);
        var random = new Random(seed);
        var span = (until - from).TotalSeconds;
        var steps = new List<ScenarioStep>();
        for (var i = 0; i < cars; i++)
        {
            var resident = residents.Count > 0 && random.NextDouble() < 0.6;
            var plate = resident ? residents[random.Next(residents.Count)] : $"粤B{random.Next(10000, 99999).ToString(CultureInfo.InvariantCulture)}";
            var read = random.NextDouble() < 0.1 ? Misread(random, plate) : plate;
            var enter = from.Add(TimeSpan.FromSeconds(random.NextDouble() * span * 0.7));
            var leave = enter.Add(TimeSpan.FromMinutes(5 + (random.NextDouble() * 120)));
            if (leave > until)
            {
                leave = until;
            }

            steps.Add(new ScenarioStep(enter, entryLane, read, random.Next(75, 100), resident ? "resident" : "visitor"));
            steps.Add(new ScenarioStep(leave, exitLane, plate, random.Next(75, 100), resident ? "resident leaves" : "visitor leaves"));
        }

        return [.. steps.OrderBy(s => s.At)];
    }

    private static string Misread(Random random, string plate)
    {
        var chars = plate.ToCharArray();
        for (var tries = 0; tries < 10; tries++)
        {
            var at = random.Next(2, chars.Length);
            var index = Confusable.IndexOf(chars[at], StringComparison.Ordinal);
            if (index >= 0)
            {
                chars[at] = Confusable[index ^ 1];
                break;
            }
        }

        return new string(chars);
    }
}
