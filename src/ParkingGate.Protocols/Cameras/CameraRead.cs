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

    /// <summary>
    /// True when the camera says the car turned back (Vzenith <c>triggerType</c> 66, 折返): not a car to let in, but
    /// the end of an entry that will not happen.
    /// </summary>
    public bool TurnedBack { get; init; }
}

/// <summary>What a camera reports of its barrier and its inputs (a ground loop after the barrier).</summary>
public enum LaneSignalKind
{
    /// <summary>The barrier reports it is up (open).</summary>
    BarrierUp,

    /// <summary>The barrier reports it is down.</summary>
    BarrierDown,

    /// <summary>A car is on the ground loop after the barrier.</summary>
    LoopOccupied,

    /// <summary>The ground loop is free again: a car has passed.</summary>
    LoopFree,
}

/// <summary>One report of a camera's barrier or input.</summary>
/// <param name="Kind">What changed.</param>
/// <param name="Input">The camera's input number (0 = the first) for a loop signal; 0 for the barrier.</param>
public sealed record LaneSignal(LaneSignalKind Kind, int Input);

/// <summary>What a camera says of a read it kept while offline.</summary>
/// <param name="RecordId">The camera's own id of the record (Vzenith <c>plateid</c>): a record is imported once per camera and id.</param>
/// <param name="OpenedByList">
/// Whether the camera opened the barrier by its own list (Vzenith <c>gioouts[].ctrltype</c> 2; 0 is no opening), or null
/// when the record does not say: the gate then takes the registry's word for what the camera's list held.
/// </param>
public sealed record OfflineRecord(string RecordId, bool? OpenedByList);
