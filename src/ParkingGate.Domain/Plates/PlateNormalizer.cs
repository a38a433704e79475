namespace ParkingGate.Domain.Plates;

/// <summary>
/// Turns whatever a camera, a clerk or a CSV file wrote into the one text form the registry stores.
/// </summary>
/// <remarks>
/// The steps, as DESIGN.md fixes them: full-width forms become half-width, letters become upper case,
/// spaces, dots, middle dots and dashes are dropped, and — because mainland plates never use the letters
/// I and O after the issuing-authority letter — I and O in those places are read as 1 and 0.
/// The result is not yet validated: see <see cref="Plate.TryParse"/>.
/// </remarks>
public static class PlateNormalizer
{
    /// <summary>Normalises <paramref name="text"/>; null gives an empty string.</summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        Span<char> buffer = text.Length <= 64 ? stackalloc char[text.Length] : new char[text.Length];
        var length = 0;
        foreach (var raw in text)
        {
            var c = ToHalfWidth(raw);
            if (IsSeparator(c))
            {
                continue;
            }

            buffer[length++] = c is >= 'a' and <= 'z' ? (char)(c - 'a' + 'A') : c;
        }

        if (length > 2 && Provinces.Contains(buffer[0]))
        {
            for (var i = 2; i < length; i++)
            {
                buffer[i] = buffer[i] switch
                {
                    'I' => '1',
                    'O' => '0',
                    var same => same,
                };
            }
        }

        return new string(buffer[..length]);
    }

    /// <summary>Maps the full-width ASCII forms (U+FF01–U+FF5E) and the ideographic space to ASCII.</summary>
    private static char ToHalfWidth(char c) => c switch
    {
        >= '\uFF01' and <= '\uFF5E' => (char)(c - 0xFEE0),
        '\u3000' => ' ',
        _ => c,
    };

    /// <summary>Spaces, dots, middle dots and dashes that people and cameras put between plate characters.</summary>
    private static bool IsSeparator(char c) => char.IsWhiteSpace(c) || c switch
    {
        '.' or '\u3002' or '\uFE52' => true,                              // full stops
        '\u00B7' or '\u2022' or '\u2027' or '\u2219' or '\u30FB' => true,  // middle dots
        '-' or '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => true, // dashes
        _ => false,
    };
}
