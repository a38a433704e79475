namespace ParkingGate.Domain.Plates;

/// <summary>
/// The characters plate-recognition cameras mistake for one another (DESIGN.md, "Plates and fuzzy matching"):
/// 0/D/Q, 8/B, 2/Z, 5/S, 6/G, 1/7/T, A/4, and the province character.
/// </summary>
public static class ConfusionSets
{
    /// <summary>The sets of mutually confusable letters and digits.</summary>
    public static IReadOnlyList<string> Sets { get; } = ["0DQ", "8B", "2Z", "5S", "6G", "17T", "A4"];

    /// <summary>Stands for any character in the first place that could be a misread province character.</summary>
    public const char AnyProvince = '*';

    private static readonly char[] Representative = BuildRepresentatives();

    /// <summary>
    /// The character that stands for <paramref name="c"/>'s confusion set at <paramref name="position"/>:
    /// two plates of the same length whose keys are equal differ only by confusable substitutions.
    /// </summary>
    public static char KeyOf(char c, int position) =>
        position == 0 && Provinces.IsChineseCharacter(c) ? AnyProvince
        : c < Representative.Length ? Representative[c]
        : c;

    /// <summary>True when a camera could have read <paramref name="actual"/> as <paramref name="read"/> at that place.</summary>
    public static bool AreConfusable(char read, char actual, int position) =>
        read != actual && KeyOf(read, position) == KeyOf(actual, position);

    /// <summary>The confusion key of a whole text (see <see cref="KeyOf(char, int)"/>).</summary>
    public static string KeyOf(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = KeyOf(source[i], i);
            }
        });

    private static char[] BuildRepresentatives()
    {
        var map = new char[128];
        for (var c = 0; c < map.Length; c++)
        {
            map[c] = (char)c;
        }

        foreach (var set in Sets)
        {
            foreach (var member in set)
            {
                map[member] = set[0];
            }
        }

        return map;
    }
}
