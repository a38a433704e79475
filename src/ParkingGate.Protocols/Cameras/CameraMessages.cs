using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using ParkingGate.Domain.Plates;

namespace ParkingGate.Protocols.Cameras;

/// <summary>
/// Parsers for the camera formats DESIGN.md names. Each takes the raw payload and returns a read or a reason;
/// nothing here throws on bad input, and a refused message is never acted on.
/// </summary>
public static class CameraMessages
{
    /// <summary>Payloads larger than this are refused before parsing (a picture is well under it).</summary>
    public const int MaxPayloadBytes = 4 * 1024 * 1024;

    /// <summary>The longest plate text accepted from a camera.</summary>
    public const int MaxPlateLength = 16;

    /// <summary>
    /// Vzenith/Zhenshi <c>ivs_result</c>: <c>payload.AlarmInfoPlate.result.PlateResult</c>, whose <c>license</c> is
    /// base64 of UTF-8 over MQTT or plain text in the HTTP push variant (both accepted).
    /// </summary>
    public static bool TryParseVzenith(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error)
    {
        try
        {
            return TryParseVzenithCore(payload, out read, out error) && Plausible(ref read, out error);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // Text that is not valid UTF-8 inside a JSON string, a number out of range: refused, never thrown at the caller.
            read = default;
            error = $"the payload is malformed: {e.Message}";
            return false;
        }
    }

    private static bool TryParseVzenithCore(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (!TryParseObject(payload, out var root, out error))
        {
            return false;
        }

        if (!Str(root, "name", out var name, out error) || name != "ivs_result")
        {
            error ??= $"name '{name}' is not ivs_result";
            return false;
        }

        if (!Str(root, "id", out var id, out error) || !Str(root, "sn", out var sn, out error))
        {
            return false;
        }

        if (!Path(root, out var plate, "payload", "AlarmInfoPlate", "result", "PlateResult"))
        {
            error = "payload.AlarmInfoPlate.result.PlateResult is missing";
            return false;
        }

        if (!Str(plate, "license", out var license, out error))
        {
            error = "PlateResult." + error;
            return false;
        }

        var text = DecodeLicense(license);
        if (text.Length > MaxPlateLength)
        {
            error = $"license is {text.Length} characters; a plate has at most {MaxPlateLength}";
            return false;
        }

        var color = Int(plate, "colorType") is { } c and >= 0 and <= 6 ? (PlateColor)c : PlateColor.Unknown;
        var confidence = Math.Clamp(Int(plate, "confidence") ?? 0, 0, 100);
        long? seconds = Path(plate, out var tv, "timeStamp", "Timeval") ? Long(tv, "sec") : null;
        seconds ??= Long(root, "timestamp");
        if (seconds is not { } s || s <= 0)
        {
            error = "no capture time (PlateResult.timeStamp.Timeval.sec or timestamp)";
            return false;
        }

        var usec = Path(plate, out var tv2, "timeStamp", "Timeval") ? Long(tv2, "usec") ?? 0 : 0;
        if (!TryPicture(plate, "imageFile", out var picture, out var pictureError))
        {
            error = pictureError!;
            return false;
        }

        read = new CameraRead("vzenith", sn, id, text, color, confidence, DateTimeOffset.FromUnixTimeSeconds(s).AddTicks(Math.Clamp(usec, 0, 999_999) * 10), picture);
        return true;
    }

    /// <summary>Vzenith <c>keep_alive</c>: the camera's serial number, for liveness.</summary>
    public static bool TryParseVzenithKeepAlive(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out string? sn, [NotNullWhen(false)] out string? error)
    {
        try
        {
            return TryParseVzenithKeepAliveCore(payload, out sn, out error);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // Text that is not valid UTF-8 inside a JSON string, a number out of range: refused, never thrown at the caller.
            sn = default;
            error = $"the payload is malformed: {e.Message}";
            return false;
        }
    }

    private static bool TryParseVzenithKeepAliveCore(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out string? sn, [NotNullWhen(false)] out string? error)
    {
        sn = null;
        if (!TryParseObject(payload, out var root, out error))
        {
            return false;
        }

        if (!Str(root, "sn", out var serial, out error))
        {
            return false;
        }

        sn = serial;
        return true;
    }

    /// <summary>Frigate <c>tracked_object_update</c> of <c>type: lpr</c>; the score (0–1) becomes a confidence (0–100).</summary>
    public static bool TryParseFrigate(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error)
    {
        try
        {
            return TryParseFrigateCore(payload, out read, out error) && Plausible(ref read, out error);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // Text that is not valid UTF-8 inside a JSON string, a number out of range: refused, never thrown at the caller.
            read = default;
            error = $"the payload is malformed: {e.Message}";
            return false;
        }
    }

    private static bool TryParseFrigateCore(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (!TryParseObject(payload, out var root, out error))
        {
            return false;
        }

        if (!Str(root, "type", out var type, out error) || type != "lpr")
        {
            error ??= $"type '{type}' is not lpr";
            return false;
        }

        if (!Str(root, "id", out var id, out error) || !Str(root, "plate", out var plate, out error) || !Str(root, "camera", out var camera, out error))
        {
            return false;
        }

        if (plate.Length > MaxPlateLength)
        {
            error = $"plate is {plate.Length} characters; a plate has at most {MaxPlateLength}";
            return false;
        }

        if (!root.TryGetProperty("timestamp", out var ts) || ts.ValueKind != JsonValueKind.Number || !ts.TryGetDouble(out var seconds) || seconds <= 0)
        {
            error = "timestamp must be unix seconds";
            return false;
        }

        var score = root.TryGetProperty("score", out var sc) && sc.ValueKind == JsonValueKind.Number ? sc.GetDouble() : 0;
        read = new CameraRead("frigate", camera, id, plate, PlateColor.Unknown, (int)Math.Round(Math.Clamp(score, 0, 1) * 100),
            DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)), null);
        return true;
    }

    /// <summary>
    /// Our native read, <c>{"id","plate","color","confidence","ts"}</c> on <c>parkinggate/{estate}/lanes/{lane}/read</c>:
    /// color a name (blue, yellow, white, black, green, yellow-green) or omitted, confidence 0–100, ts unix seconds;
    /// an optional <c>picture</c> is base64 JPEG.
    /// </summary>
    public static bool TryParseNative(ReadOnlySpan<byte> payload, string device, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error)
    {
        try
        {
            return TryParseNativeCore(payload, device, out read, out error) && Plausible(ref read, out error);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // Text that is not valid UTF-8 inside a JSON string, a number out of range: refused, never thrown at the caller.
            read = default;
            error = $"the payload is malformed: {e.Message}";
            return false;
        }
    }

    private static bool TryParseNativeCore(ReadOnlySpan<byte> payload, string device, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (!TryParseObject(payload, out var root, out error))
        {
            return false;
        }

        if (!Str(root, "id", out var id, out error) || !Str(root, "plate", out var plate, out error))
        {
            return false;
        }

        if (plate.Length > MaxPlateLength)
        {
            error = $"plate is {plate.Length} characters; a plate has at most {MaxPlateLength}";
            return false;
        }

        var color = PlateColor.Unknown;
        if (root.TryGetProperty("color", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            if (c.ValueKind != JsonValueKind.String || !TryColor(c.GetString(), out color))
            {
                error = $"color {c} is not one of blue, yellow, white, black, green, yellow-green";
                return false;
            }
        }

        if (Int(root, "confidence") is not { } confidence || confidence is < 0 or > 100)
        {
            error = "confidence must be a whole number 0–100";
            return false;
        }

        if (!root.TryGetProperty("ts", out var ts) || ts.ValueKind != JsonValueKind.Number || !ts.TryGetDouble(out var seconds) || seconds <= 0)
        {
            error = "ts must be unix seconds";
            return false;
        }

        if (!TryPicture(root, "picture", out var picture, out var pictureError))
        {
            error = pictureError!;
            return false;
        }

        read = new CameraRead("native", device, id, plate, color, confidence, DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)), picture);
        return true;
    }

    /// <summary>The earliest and latest capture times a read may carry; anything else is a broken clock or a broken message.</summary>
    private static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static bool Plausible([NotNullWhen(true)] ref CameraRead? read, [NotNullWhen(false)] out string? error)
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

    /// <summary>
    /// The Vzenith <c>license</c>: base64 of UTF-8 over MQTT, plain text over HTTP. Base64 is taken only when it
    /// decodes to valid UTF-8 made of letters, digits and Chinese characters; anything else is plain text.
    /// </summary>
    public static string DecodeLicense(string license)
    {
        ArgumentNullException.ThrowIfNull(license);
        Span<byte> bytes = stackalloc byte[license.Length];
        if (Convert.TryFromBase64String(license, bytes, out var written) && written > 0)
        {
            try
            {
                var text = new UTF8Encoding(false, true).GetString(bytes[..written]);
                if (text.All(ch => char.IsAsciiLetterOrDigit(ch) || Provinces.IsChineseCharacter(ch)))
                {
                    return text;
                }
            }
            catch (DecoderFallbackException)
            {
                // not UTF-8: the license is plain text
            }
        }

        return license;
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

    private static bool TryPicture(JsonElement element, string name, out byte[]? picture, out string? error)
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

    private static bool TryParseObject(ReadOnlySpan<byte> payload, out JsonElement root, [NotNullWhen(false)] out string? error)
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

    private static bool Str(JsonElement element, string name, out string value, [NotNullWhen(false)] out string? error)
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

    private static bool Path(JsonElement element, out JsonElement found, params string[] names)
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

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out var v) ? v : null;

    private static long? Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out var v) ? v : null;
}
