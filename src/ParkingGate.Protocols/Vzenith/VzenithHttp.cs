using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ParkingGate.Protocols.Cameras;

namespace ParkingGate.Protocols.Vzenith;

/// <summary>
/// Vzenith/Zhenshi (臻识) HTTP push, the camera being the client: the plate read it POSTs
/// (<c>{"AlarmInfoPlate": {"serialno", "result": {"PlateResult": …}}}</c>, the license as plain text) and the reply
/// that drives it (open or not, the LED/voice frames for its RS-485 port, the record id; the next offline record).
/// The read's fields are read by the same code as over MQTT.
/// </summary>
public static class VzenithHttp
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// A pushed read. It has no message id of its own: the record id (<c>plateid</c>) is used, else the capture time,
    /// so a push sent again (the camera resends until it is answered) is the same message.
    /// </summary>
    public static bool TryParseRead(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error) =>
        CameraMessages.ParseRead(payload, TryParseReadCore, out read, out error);

    private static bool TryParseReadCore(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (!CameraMessages.TryParseObject(payload, out var root, out error))
        {
            return false;
        }

        if (!CameraMessages.Path(root, out var alarm, "AlarmInfoPlate") || alarm.ValueKind != JsonValueKind.Object)
        {
            error = "AlarmInfoPlate is missing: not a plate read";
            return false;
        }

        if (!CameraMessages.Str(alarm, "serialno", out var sn, out error))
        {
            error = "AlarmInfoPlate." + error;
            return false;
        }

        if (!CameraMessages.Path(alarm, out var plate, "result", "PlateResult"))
        {
            error = "AlarmInfoPlate.result.PlateResult is missing";
            return false;
        }

        var id = plate.TryGetProperty("plateid", out var plateId) && plateId.ValueKind is JsonValueKind.Number or JsonValueKind.String
            ? IdPrefix + plateId.ToString()
            : CameraMessages.Path(plate, out var tv, "timeStamp", "Timeval")
                ? string.Create(CultureInfo.InvariantCulture, $"http-t{CameraMessages.Long(tv, "sec")}-{CameraMessages.Long(tv, "usec")}")
                : "http-sn-" + sn;
        return VzenithMessages.TryPlateResult(alarm, plate, sn, id.Length > 80 ? id[..80] : id, offlineTopic: false, out read, out error);
    }

    private const string IdPrefix = "http-";

    /// <summary>The camera's record id (<c>plateid</c>) of a pushed read, to answer it with; null when the read had none.</summary>
    public static string? RecordId(CameraRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var rest = read.MessageId.StartsWith(IdPrefix, StringComparison.Ordinal) ? read.MessageId[IdPrefix.Length..] : "";
        return rest.Length > 0 && rest.All(char.IsAsciiDigit) ? rest : null;
    }

    /// <summary>
    /// The reply to a heartbeat, carrying what waited for the camera's next request (it cannot be called, it only
    /// calls): <c>info</c> "opendoor" opens the barrier once, <c>ivs_ioctrl</c> holds the output on (1) or off (0),
    /// <c>serialData</c> goes to the board. Written from the vendor's HTTP protocol notes; not yet tried on a camera.
    /// </summary>
    public static string HeartbeatReply(bool open, bool? hold, IReadOnlyList<byte[]> frames)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var response = new JsonObject { ["info"] = open ? "opendoor" : "no" };
        if (hold is { } on)
        {
            response["ivs_ioctrl"] = new JsonObject { ["io"] = 0, ["value"] = on ? 1 : 0, ["delay"] = 0 };
        }

        if (frames.Count > 0)
        {
            response["serialData"] = SerialData(frames);
        }

        return new JsonObject { ["Response_Heartbeat"] = response }.ToJsonString(Relaxed);
    }

    private static JsonArray SerialData(IReadOnlyList<byte[]> frames) =>
        new([.. frames.Select(f => (JsonNode)new JsonObject { ["serialChannel"] = 0, ["data"] = Convert.ToBase64String(f), ["dataLen"] = f.Length })]);

    /// <summary>
    /// The reply to a pushed read: <c>info</c> "ok" opens the barrier (IO 0), anything else does not; the frames go to
    /// the LED/voice board on the camera's first RS-485 port; the record id is answered, and <c>retransfer_stop</c>
    /// stops firmware that resends a read until told so.
    /// </summary>
    public static string Reply(bool open, IReadOnlyList<byte[]> frames, string? recordId)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var response = new JsonObject
        {
            ["info"] = open ? "ok" : "no",
            ["content"] = "retransfer_stop",
            ["is_pay"] = open ? "true" : "false",
        };
        if (recordId is not null)
        {
            response["plateid"] = long.TryParse(recordId, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : recordId;
        }

        if (frames.Count > 0)
        {
            response["serialData"] = SerialData(frames);
        }

        return new JsonObject { ["Response_AlarmInfoPlate"] = response }.ToJsonString(Relaxed);
    }

    /// <summary>The reply to an offline record (<c>isoffline: 1</c>): taken, send the next one.</summary>
    public static string ContinueOffline(string recordId)
    {
        ArgumentException.ThrowIfNullOrEmpty(recordId);
        JsonNode id = long.TryParse(recordId, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : recordId;
        return new JsonObject
        {
            ["Response_AlarmInfoPlate"] = new JsonObject { ["ContinuePushOffline"] = new JsonObject { ["plateid"] = id, ["continue"] = 1 } },
        }.ToJsonString(Relaxed);
    }
}
