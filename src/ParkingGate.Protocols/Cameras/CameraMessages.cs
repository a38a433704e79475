using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using ParkingGate.Domain.Plates;

namespace ParkingGate.Protocols.Cameras;

/// <summary>
/// What every camera format's parser shares (each vendor's parser lives in its own folder): limits, the JSON
/// helpers, and the rule that a parser returns a read or a reason and never throws on bad input, so a refused
/// message is never acted on.
/// </summary>
public static class CameraMessages
{
    /// <summary>Payloads larger than this are refused before parsing (a picture is well under it).</summary>
    public const int MaxPayloadBytes = 4 * 1024 * 1024;

    /// <summary>The longest plate text accepted from a camera.</summary>
    public const int MaxPlateLength = 16;

    /// <summary>A parser's core: a value or a reason.</summary>
    internal delegate bool Parser<T>(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out T? value, [NotNullWhen(false)] out string? error);

    /// <summary>Runs <paramref name="parse"/>, turning what JSON throws on broken text into a refusal.</summary>
    internal static bool Guard<T>(ReadOnlySpan<byte> payload, Parser<T> parse, [NotNullWhen(true)] out T? value, [NotNullWhen(false)] out string? error)
    {
        try
        {
            return parse(payload, out value, out error);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // Text that is not valid UTF-8 inside a JSON string, a number out of range: refused, never thrown at the caller.
            value = default;
            error = $"the payload is malformed: {e.Message}";
            return false;
        }
    }

    /// <summary>A camera read parsed by <paramref name="parse"/>, guarded and checked for a plausible capture time.</summary>
    internal static bool ParseRead(ReadOnlySpan<byte> payload, Parser<CameraRead> parse, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error) =>
        Guard(payload, parse, out read, out error) && Plausible(ref read, out error);

    /// <summary>The payload as a JSON object whose <paramref name="field"/> is <paramref name="expected"/> (a message's kind).</summary>
    internal static bool TryParseKind(ReadOnlySpan<byte> payload, string field, string expected, out JsonElement root, [NotNullWhen(false)] out string? error)
    {
        if (!TryParseObject(payload, out root, out error))
        {
            return false;
        }

        if (!Str(root, field, out var kind, out error) || kind != expected)
        {
            error ??= $"{field} '{kind}' is not {expected}";
            return false;
        }

        return true;
    }

    /// <summary>The earliest and latest capture times a read may carry; anything else is a broken clock or a broken message.</summary>
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    internal static bool Plausible([NotNullWhen(true)] ref CameraRead? read, [NotNullWhen(false)] out string? error)
    {
        if (read is not null && read.CapturedAt >= Earliest && read.CapturedAt < Latest)
        {
            error = null;
            return true;
        }

        error = $"capture time {read?.CapturedAt:yyyy-MM-dd HH:mm:ss} is not a plausible time";
        read = null;
        return false;
    }

    /// <summary>A colour by its English name (blue, yellow-green…) or its Chinese one (蓝, 黄绿…).</summary>
    internal static bool TryColor(string? name, out PlateColor color)
    {
        color = name switch
        {
            "blue" or "蓝" or "蓝色" => PlateColor.Blue,
            "yellow" or "黄" or "黄色" => PlateColor.Yellow,
            "white" or "白" or "白色" => PlateColor.White,
            "black" or "黑" or "黑色" => PlateColor.Black,
            "green" or "绿" or "绿色" => PlateColor.Green,
            "yellow-green" or "黄绿" or "黄绿色" => PlateColor.YellowGreen,
            _ => (PlateColor)(-1),
        };
        return (int)color >= 0;
    }

    internal static bool TryPicture(JsonElement element, string name, out byte[]? picture, out string? error)
    {
        picture = null;
        error = null;
        if (!element.TryGetProperty(name, out var value) || value.ValueKind is JsonValueKind.Null || (value.ValueKind == JsonValueKind.String && value.GetString()!.Length == 0))
        {
            return true;
        }

        if (value.ValueKind != JsonValueKind.String || !value.TryGetBytesFromBase64(out picture))
        {
            error = $"{name} must be base64";
            return false;
        }

        return true;
    }

    internal static bool TryParseObject(ReadOnlySpan<byte> payload, out JsonElement root, [NotNullWhen(false)] out string? error)
    {
        root = default;
        if (payload.Length > MaxPayloadBytes)
        {
            error = $"the payload is {payload.Length} bytes, more than {MaxPayloadBytes}";
            return false;
        }

        if (payload.Trim(" \t\r\n"u8).IsEmpty)
        {
            error = "the payload is empty";
            return false;
        }

        try
        {
            var reader = new Utf8JsonReader(payload, new JsonReaderOptions { MaxDepth = 16 });
            if (!JsonDocument.TryParseValue(ref reader, out var document))
            {
                error = "the payload is empty";
                return false;
            }

            using (document)
            {
                root = document.RootElement.Clone();
            }
        }
        catch (JsonException e)
        {
            error = $"not JSON: {e.Message.Split(" LineNumber:")[0]}";
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            error = $"the payload is a JSON {root.ValueKind.ToString().ToLowerInvariant()}, not an object";
            return false;
        }

        error = null;
        return true;
    }

    internal static bool Str(JsonElement element, string name, out string value, [NotNullWhen(false)] out string? error)
    {
        value = "";
        if (!element.TryGetProperty(name, out var property) || property.ValueKind != JsonValueKind.String || property.GetString() is not { Length: > 0 and <= 200 } text || text.Any(char.IsControl))
        {
            error = $"{name} must be a non-empty string of at most 200 printable characters";
            return false;
        }

        value = text;
        error = null;
        return true;
    }

    internal static bool Path(JsonElement element, out JsonElement found, params string[] names)
    {
        found = element;
        foreach (var name in names)
        {
            if (found.ValueKind != JsonValueKind.Object || !found.TryGetProperty(name, out found))
            {
                return false;
            }
        }

        return found.ValueKind == JsonValueKind.Object;
    }

    internal static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var v) ? v : null;

    internal static long? Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out var v) ? v : null;
}
