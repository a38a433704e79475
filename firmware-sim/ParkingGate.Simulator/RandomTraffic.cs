using System.Globalization;

namespace ParkingGate.Simulator;

/// <summary>Seeded random traffic: residents going out and coming back, visitors staying a while, some misreads.</summary>
public static class RandomTraffic
{
    private const string Confusable = "0D8B2Z5S6G1TA4";

    /// <summary>The confidence of a read the camera is unsure of: below any sensible <c>gate.minConfidence</c>.</summary>
    public const int UnsureConfidence = 40;

    /// <summary>
    /// Generates <paramref name="cars"/> visits between <paramref name="from"/> and <paramref name="until"/>; with
    /// <paramref name="unsure"/> above 0, that share of reads (entries and exits) comes with a confidence too low to
    /// act on, so the lane holds it for the booth (each step says the plate really on the car in <see cref="ScenarioStep.Truth"/>).
    /// </summary>
    public static IReadOnlyList<ScenarioStep> Generate(int seed, IReadOnlyList<string> residents, int cars, TimeOnly from, TimeOnly until, string entryLane, string exitLane, double unsure = 0)
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

            var (entryConfidence, exitConfidence) = (random.Next(75, 100), random.Next(75, 100));
            if (unsure > 0)
            {
                // drawn only when asked for, so the traffic of a given seed is otherwise unchanged
                entryConfidence = random.NextDouble() < unsure ? UnsureConfidence : entryConfidence;
                exitConfidence = random.NextDouble() < unsure ? UnsureConfidence : exitConfidence;
            }

            var truth = read != plate || entryConfidence == UnsureConfidence ? plate : null;
            steps.Add(new ScenarioStep(enter, entryLane, read, entryConfidence, resident ? "resident" : "visitor") { Truth = truth });
            steps.Add(new ScenarioStep(leave, exitLane, plate, exitConfidence, resident ? "resident leaves" : "visitor leaves") { Truth = exitConfidence == UnsureConfidence ? plate : null });
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
