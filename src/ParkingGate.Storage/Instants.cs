using System.Globalization;

namespace ParkingGate.Storage;

/// <summary>
/// Instants are stored as UTC ISO 8601 text with milliseconds (<c>2026-03-02T02:00:00.000Z</c>): readable in any
/// SQLite tool, and ordered correctly as text.
/// </summary>
internal static class Instants
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string ToText(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    /// <summary>Reads the stored form; the fixed layout is parsed by hand (a million ledger rows are read per verify).</summary>
    public static DateTimeOffset FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 24 && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' && text[16] == ':' && text[19] == '.' && text[23] == 'Z'
            && Digits(text, 0, 4, out var year) && Digits(text, 5, 2, out var month) && Digits(text, 8, 2, out var day) && Digits(text, 11, 2, out var hour)
            && Digits(text, 14, 2, out var minute) && Digits(text, 17, 2, out var second) && Digits(text, 20, 3, out var millisecond))
        {
            return new DateTimeOffset(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero);
        }

        return DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
    }

    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            var d = text[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            value = (value * 10) + d;
        }

        return true;
    }

    public static DateTimeOffset? FromNullableText(string? text) => text is null ? null : FromText(text);
}
