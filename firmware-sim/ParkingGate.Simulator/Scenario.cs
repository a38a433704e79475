using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace ParkingGate.Simulator;

/// <summary>One timed arrival or departure: at a local time, a lane's camera reads a plate.</summary>
/// <param name="At">Local time of day.</param>
/// <param name="Lane">The lane whose camera reads it.</param>
/// <param name="Plate">What the camera reads (misreads included on purpose).</param>
/// <param name="Confidence">The camera's confidence, 0–100.</param>
/// <param name="Note">What the line is meant to show, for the printout.</param>
public sealed record ScenarioStep(TimeOnly At, string Lane, string Plate, int Confidence, string Note)
{
    /// <summary>The plate really on the car, when the read is a misread or one the camera is unsure of; null otherwise.</summary>
    public string? Truth { get; init; }
}

/// <summary>
/// A scenario file: one step per line, <c>HH:mm[:ss] LANE PLATE [CONFIDENCE] [# note]</c>; blank lines and lines
/// starting with <c>#</c> are skipped. Steps are played in time order.
/// </summary>
public static class Scenario
{
    /// <summary>Parses the text; returns the steps or the first bad line.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out IReadOnlyList<ScenarioStep>? steps, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var list = new List<ScenarioStep>();
        var lineNo = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNo++;
            var hash = raw.IndexOf('#', StringComparison.Ordinal);
            var note = hash >= 0 ? raw[(hash + 1)..].Trim() : "";
            var line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            var f = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length is < 3 or > 4 || !TimeOnly.TryParseExact(f[0], ["HH:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            {
                steps = null;
                error = $"line {lineNo}: expected HH:mm LANE PLATE [CONFIDENCE], got '{line}'";
                return false;
            }

            var confidence = 95;
            if (f.Length == 4 && (!int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out confidence) || confidence > 100))
            {
                steps = null;
                error = $"line {lineNo}: confidence '{f[3]}' must be 0–100";
                return false;
            }

            list.Add(new ScenarioStep(at, f[1], f[2], confidence, note));
        }

        steps = [.. list.OrderBy(s => s.At)];
        error = null;
        return true;
    }
}
