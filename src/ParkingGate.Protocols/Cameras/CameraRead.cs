using ParkingGate.Domain.Plates;

namespace ParkingGate.Protocols.Cameras;

/// <summary>One plate result from a camera, whatever its wire format.</summary>
/// <param name="Format">Which format it came in: the name of the camera family that parsed it.</param>
/// <param name="Device">The camera's own identity: serial number or camera name.</param>
/// <param name="MessageId">The message's id; handling is idempotent on it.</param>
/// <param name="PlateText">The plate as read (not yet normalised).</param>
/// <param name="Color">Plate colour, when reported.</param>
/// <param name="Confidence">0–100.</param>
/// <param name="CapturedAt">When the camera took the picture.</param>
/// <param name="Picture">The picture sent with the read (JPEG bytes), or null.</param>
public sealed record CameraRead(
    string Format, string Device, string MessageId, string PlateText, PlateColor Color, int Confidence, DateTimeOffset CapturedAt, byte[]? Picture)
{
    /// <summary>Where the service kept <see cref="Picture"/> (relative to its pictures folder), once kept.</summary>
    public string? PicturePath { get; init; }
}
