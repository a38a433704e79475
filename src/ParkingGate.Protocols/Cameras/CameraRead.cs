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

    /// <summary>
    /// Set when the camera made this read by itself while it could not reach the gate, and sends it afterwards:
    /// imported once as what the camera did then, never decided again (the car is long gone).
    /// </summary>
    public OfflineRecord? Offline { get; init; }
}

/// <summary>What a camera says of a read it kept while offline.</summary>
/// <param name="RecordId">The camera's own id of the record (Vzenith <c>plateid</c>): a record is imported once per camera and id.</param>
/// <param name="OpenedByList">
/// Whether the camera opened the barrier by its own list (Vzenith <c>gioouts[].ctrltype</c> 2; 0 is no opening), or null
/// when the record does not say: the gate then takes the registry's word for what the camera's list held.
/// </param>
public sealed record OfflineRecord(string RecordId, bool? OpenedByList);
