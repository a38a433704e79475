using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using ParkingGate.Domain.Plates;
using ParkingGate.Protocols.Cameras;

namespace ParkingGate.Protocols.Dahua;

/// <summary>
/// Dahua ITC plate cameras (the "ITSAPI" push): <c>TollgateInfo</c> reads (<c>Picture.Plate</c>, <c>Picture.SnapInfo</c>,
/// the picture as base64 in <c>Picture.NormalPic.Content</c>) and <c>KeepAlive</c> heartbeats, both answered
/// <c>{"Message":"Success","Result":true}</c>; the barrier through the <c>openStrobe</c> CGI, and the camera's allow list
/// (<c>TrafficRedList</c>) through <c>recordUpdater.cgi</c>, whose entries are removed by the record number the insert
/// returned. Written from the integrations gathered in the vendor notes; verify on the installed model.
/// </summary>
public static class DahuaItc
{
    /// <summary>The reply a Dahua camera expects to its pushes.</summary>
    public const string Success = """{"Message":"Success","Result":true}""";

    /// <summary>The barrier call, relative to the camera's address.</summary>
    public const string OpenStrobePath = "/cgi-bin/trafficSnap.cgi?action=openStrobe&channel=1&info.openType=Normal";

    /// <summary>The allow list's "no end" (the CGI needs a cancel time).</summary>
    public const string NoEnd = "2037-12-31 23:59:59";

    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>A <c>TollgateInfo</c> push from camera <paramref name="device"/>, its snap time read in the camera's <paramref name="zone"/>.</summary>
    public static bool TryParseTollgate(ReadOnlySpan<byte> payload, string device, TimeZoneInfo zone, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error) =>
        CameraMessages.ParseRead(payload, (ReadOnlySpan<byte> p, [NotNullWhen(true)] out CameraRead? r, [NotNullWhen(false)] out string? e) => TryParseTollgateCore(p, device, zone, out r, out e), out read, out error);

    private static bool TryParseTollgateCore(ReadOnlySpan<byte> payload, string device, TimeZoneInfo zone, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (!CameraMessages.TryParseObject(payload, out var root, out error))
        {
            return false;
        }

        if (!CameraMessages.Path(root, out var plate, "Picture", "Plate") || !CameraMessages.Path(root, out var snap, "Picture", "SnapInfo"))
        {
            error = "Picture.Plate or Picture.SnapInfo is missing: not a TollgateInfo read";
            return false;
        }

        if (!CameraMessages.Str(snap, "DeviceID", out var from, out error) || !CameraMessages.Str(plate, "PlateNumber", out var number, out error))
        {
            error = "Picture." + error;
            return false;
        }

        if (from != device)
        {
            error = $"the read says it is from {(from.Length > 40 ? from[..40] : from)}";
            return false;
        }

        if (!CameraMessages.Str(snap, "SnapTime", out var snapTime, out error)
            || !DateTime.TryParseExact(snapTime, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            error = $"Picture.SnapInfo.SnapTime '{(snapTime?.Length > 40 ? snapTime[..40] : snapTime)}' is not {TimeFormat}";
            return false;
        }

        var confidence = CameraMessages.Int(plate, "Confidence") ?? -1;
        if (confidence is < 0 or > 100)
        {
            error = "Picture.Plate.Confidence must be 0–100";
            return false;
        }

        number = number.Trim();
        if (number is "无车牌" or "unknown")
        {
            number = "";
        }

        if (number.Length > CameraMessages.MaxPlateLength)
        {
            error = $"Picture.Plate.PlateNumber is {number.Length} characters, more than {CameraMessages.MaxPlateLength}";
            return false;
        }

        byte[]? picture = null;
        if (CameraMessages.Path(root, out var normal, "Picture", "NormalPic") && !CameraMessages.TryPicture(normal, "Content", out picture, out error))
        {
            error = "Picture.NormalPic." + error;
            return false;
        }

        var at = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
        var color = plate.TryGetProperty("PlateColor", out var c) && c.ValueKind == JsonValueKind.String && CameraMessages.TryColor(c.GetString()!.ToLowerInvariant(), out var known) ? known : PlateColor.Blue;
        read = new CameraRead("dahua", device, $"dahua-{local:yyyyMMddHHmmss}-{number}", number, color, confidence, at, picture);
        return true;
    }

    /// <summary>A <c>KeepAlive</c> push: the camera's <c>DeviceID</c>.</summary>
    public static bool TryParseKeepAlive(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out string? device, [NotNullWhen(false)] out string? error) =>
        CameraMessages.Guard(payload, (ReadOnlySpan<byte> p, [NotNullWhen(true)] out string? d, [NotNullWhen(false)] out string? e) =>
        {
            d = null;
            if (!CameraMessages.TryParseObject(p, out var root, out e))
            {
                return false;
            }

            if (!CameraMessages.Str(root, "DeviceID", out var id, out e))
            {
                return false;
            }

            d = id;
            return true;
        }, out device, out error);

    /// <summary>Whether the camera did it: the CGI answers 200 with <c>OK</c>.</summary>
    public static bool Confirms(int status, string body, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(body);
        var text = body.Trim();
        if (status == 200 && text.StartsWith("OK", StringComparison.Ordinal))
        {
            problem = null;
            return true;
        }

        problem = $"the camera answered HTTP {status}{(text.Length == 0 ? "" : $" ({(text.Length > 60 ? text[..60] : text)})")}";
        return false;
    }

    /// <summary>The CGI call that puts <paramref name="plate"/> on the allow list until <paramref name="until"/> (local wall clock, or <see cref="NoEnd"/>).</summary>
    public static string InsertPath(string plate, string from, string until) =>
        $"/cgi-bin/recordUpdater.cgi?action=insert&name=TrafficRedList&PlateNumber={Uri.EscapeDataString(plate)}&MasterOfCar=&OpenGate=true&BeginTime={Uri.EscapeDataString(from)}&CancelTime={Uri.EscapeDataString(until)}";

    /// <summary>The CGI call that takes record <paramref name="recordNumber"/> off the allow list.</summary>
    public static string RemovePath(string recordNumber) => $"/cgi-bin/recordUpdater.cgi?action=remove&name=TrafficRedList&recno={Uri.EscapeDataString(recordNumber)}";

    /// <summary>The record number an insert answered (<c>RecNo=12</c>).</summary>
    public static bool TryReadRecordNumber(int status, string body, [NotNullWhen(true)] out string? recordNumber, [NotNullWhen(false)] out string? problem)
    {
        ArgumentNullException.ThrowIfNull(body);
        var line = body.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("RecNo=", StringComparison.Ordinal));
        var number = line?["RecNo=".Length..];
        if (status == 200 && number is { Length: > 0 and <= 12 } && number.All(char.IsAsciiDigit))
        {
            recordNumber = number;
            problem = null;
            return true;
        }

        recordNumber = null;
        problem = status == 200 ? "the camera answered 200 without a RecNo" : Confirms(status, body, out var why) ? $"the camera answered HTTP {status}" : why;
        return false;
    }

    /// <summary>A time as the allow list takes it: the camera's local wall clock.</summary>
    public static string ListTime(DateTimeOffset at, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(at, zone).ToString(TimeFormat, CultureInfo.InvariantCulture);
}
