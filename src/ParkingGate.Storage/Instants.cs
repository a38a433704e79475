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

    public static DateTimeOffset FromText(string text) =>
        DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? FromNullableText(string? text) => text is null ? null : FromText(text);
}
