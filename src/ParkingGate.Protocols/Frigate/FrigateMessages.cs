using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using ParkingGate.Domain.Plates;
using ParkingGate.Protocols.Cameras;

namespace ParkingGate.Protocols.Frigate;

/// <summary>What a Frigate NVR sends: <c>tracked_object_update</c> events of <c>type: lpr</c>.</summary>
public static class FrigateMessages
{
    /// <summary>Frigate <c>tracked_object_update</c> of <c>type: lpr</c>; the score (0–1) becomes a confidence (0–100).</summary>
    public static bool TryParseRead(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error)
    {
        return CameraMessages.ParseRead(payload, TryParseReadCore, out read, out error);
    }

    private static bool TryParseReadCore(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (!CameraMessages.TryParseKind(payload, "type", "lpr", out var root, out error))
        {
            return false;
        }

        if (!CameraMessages.Str(root, "id", out var id, out error) || !CameraMessages.Str(root, "plate", out var plate, out error) || !CameraMessages.Str(root, "camera", out var camera, out error))
        {
            return false;
        }

        if (plate.Length > CameraMessages.MaxPlateLength)
        {
            error = $"plate is {plate.Length} characters; a plate has at most {CameraMessages.MaxPlateLength}";
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
}
