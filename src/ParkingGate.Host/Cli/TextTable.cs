using System.Globalization;
using System.Text;

namespace ParkingGate.Host.Cli;

/// <summary>Prints rows as aligned columns; Chinese characters count as two columns wide, as a terminal shows them.</summary>
internal static class TextTable
{
    public static void Write(TextWriter writer, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = new List<IReadOnlyList<string>> { headers };
        all.AddRange(rows);
        var widths = headers.Select((_, c) => all.Max(r => Width(r[c]))).ToArray();
        foreach (var row in all)
        {
            var line = new StringBuilder();
            for (var c = 0; c < row.Count; c++)
            {
                line.Append(row[c]);
                if (c < row.Count - 1)
                {
                    line.Append(' ', widths[c] - Width(row[c]) + 2);
                }
            }

            writer.WriteLine(line.ToString().TrimEnd());
        }
    }

    public static string Time(DateTimeOffset? instant) =>
        instant?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture) ?? "";

    private static int Width(string text) => text.Sum(c => c >= '\u1100' && (c <= '\u115F' || c >= '\u2E80') ? 2 : 1);
}
