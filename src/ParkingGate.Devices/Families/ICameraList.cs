using ParkingGate.Protocols;

namespace ParkingGate.Devices.Families;

/// <summary>One plate as a camera's own list should hold it: open for it until <paramref name="Until"/> (null: no end), or not at all.</summary>
/// <param name="Plate">The plate.</param>
/// <param name="Keep">True to have it on the list, false to have it removed.</param>
/// <param name="Until">When the camera stops opening for it, UTC; null for a resident's car.</param>
public sealed record CameraListEntry(string Plate, bool Keep, DateTimeOffset? Until);

/// <summary>
/// A camera family that keeps a list of plates it opens for by itself while its link to the gate is down (a
/// whitelist, an allow list; each family's folder says how its cameras take it). Commands are answered like any
/// other, under <see cref="AnswerKey"/>.
/// </summary>
public interface ICameraList
{
    /// <summary>How many entries to keep or add one command may carry.</summary>
    int BatchSize { get; }

    /// <summary>
    /// The command that brings <paramref name="entries"/> onto camera <paramref name="camera"/>'s list (all to keep,
    /// at most <see cref="BatchSize"/>) or takes one off it (a single entry not to keep); times in the camera's
    /// local <paramref name="zone"/>.
    /// </summary>
    MqttCommand ListCommand(string camera, string id, IReadOnlyList<CameraListEntry> entries, TimeZoneInfo zone, long nowUnixSeconds);

    /// <summary>The command that asks for <paramref name="count"/> entries of the camera's list from <paramref name="start"/> (for the nightly check).</summary>
    MqttCommand ReadCommand(string camera, string id, int start, int count, long nowUnixSeconds);

    /// <summary>
    /// When the camera stops opening for a plate, from the time its list shows (its local <paramref name="zone"/>):
    /// null for no end; false when the text is no time at all.
    /// </summary>
    bool TryReadUntil(string text, TimeZoneInfo zone, out DateTimeOffset? until);

    /// <summary>The command that has the camera open by its list only while its link to the gate is down.</summary>
    MqttCommand OfflineOnly(string camera, string id, long nowUnixSeconds);

    /// <summary>The key the camera's answer to command <paramref name="id"/> is reported under.</summary>
    string AnswerKey(string id);
}

/// <summary>One entry as a camera's list holds it, read back: the plate and the camera's own text for its end.</summary>
/// <param name="Plate">The plate.</param>
/// <param name="Until">The end as the camera shows it (its local wall clock).</param>
public sealed record CameraListed(string Plate, string Until);
