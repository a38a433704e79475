using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using ParkingGate.Domain.Plates;
using ParkingGate.Protocols.Cameras;

namespace ParkingGate.Protocols.Native;

/// <summary>Our native read format, for any camera that can be made to publish it.</summary>
public static class NativeReadMessages
{
    /// <summary>
    /// Our native read, <c>{"id","plate","color","confidence","ts"}</c> on <c>parkinggate/{estate}/lanes/{lane}/read</c>:
    /// color a name (blue, yellow, white, black, green, yellow-green) or omitted, confidence 0–100, ts unix seconds;
    /// an optional <c>picture</c> is base64 JPEG.
    /// </summary>
    public static bool TryParseRead(ReadOnlySpan<byte> payload, string device, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error)
    {
        return CameraMessages.ParseRead(payload, (ReadOnlySpan<byte> p, [NotNullWhen(true)] out CameraRead? r, [NotNullWhen(false)] out string? e) => TryParseReadCore(p, device, out r, out e), out read, out error);
    }

    private static bool TryParseReadCore(ReadOnlySpan<byte> payload, string device, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (!CameraMessages.TryParseObject(payload, out var root, out error))
        {
            return false;
        }

        if (!CameraMessages.Str(root, "id", out var id, out error) || !CameraMessages.Str(root, "plate", out var plate, out error))
        {
            return false;
        }

        if (plate.Length > CameraMessages.MaxPlateLength)
        {
            error = $"plate is {plate.Length} characters; a plate has at most {CameraMessages.MaxPlateLength}";
            return false;
        }

        var color = PlateColor.Unknown;
        if (root.TryGetProperty("color", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            if (c.ValueKind != JsonValueKind.String || !CameraMessages.TryColor(c.GetString(), out color))
            {
                error = $"color {c} is not one of blue, yellow, white, black, green, yellow-green";
                return false;
            }
        }

        if (CameraMessages.Int(root, "confidence") is not { } confidence || confidence is < 0 or > 100)
        {
            error = "confidence must be a whole number 0–100";
            return false;
        }

        if (!root.TryGetProperty("ts", out var ts) || ts.ValueKind != JsonValueKind.Number || !ts.TryGetDouble(out var seconds) || seconds <= 0)
        {
            error = "ts must be unix seconds";
            return false;
        }

        if (!CameraMessages.TryPicture(root, "picture", out var picture, out var pictureError))
        {
            error = pictureError!;
            return false;
        }

        read = new CameraRead("native", device, id, plate, color, confidence, DateTimeOffset.FromUnixTimeMilliseconds((long)(seconds * 1000)), picture);
        return true;
    }
}
