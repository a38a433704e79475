using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace ParkingGate.Protocols.Vzenith;

/// <summary>
/// Commands to a Vzenith/Zhenshi camera (shared/vectors/vzenith-notes.txt): its own relay output
/// (<c>gpio_out</c>, value 2 = pulse) and the RS-485 passthrough to a LED/voice board (<c>serial_data</c>).
/// The camera answers on <c>…/reply</c> with the same id.
/// </summary>
public static class VzenithCommands
{
    /// <summary>Pulse output <paramref name="io"/> for <paramref name="pulseMs"/> (500–5000 ms).</summary>
    public static MqttCommand PulseOutput(string sn, string id, int io, int pulseMs, long unixSeconds)
    {
        ArgumentException.ThrowIfNullOrEmpty(sn);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var body = new Dictionary<string, object> { ["io"] = io, ["value"] = 2, ["delay"] = Math.Clamp(pulseMs, 500, 5000) };
        return new MqttCommand($"device/{sn}/message/down/gpio_out", Envelope(sn, id, "gpio_out", unixSeconds, body));
    }

    /// <summary>
    /// Holds output <paramref name="io"/> on (the barrier stays up: 常开) or lets it go, with <c>gpio_out</c> value 1 or 0
    /// (the camera's own values: 0 off, 1 on, 2 pulse), answered on the same reply topic as a pulse.
    /// </summary>
    public static MqttCommand HoldOutput(string sn, string id, int io, bool on, long unixSeconds)
    {
        ArgumentException.ThrowIfNullOrEmpty(sn);
        ArgumentException.ThrowIfNullOrEmpty(id);
        var body = new Dictionary<string, object> { ["io"] = io, ["value"] = on ? 1 : 0 };
        return new MqttCommand($"device/{sn}/message/down/gpio_out", Envelope(sn, id, "gpio_out", unixSeconds, body));
    }

    /// <summary>Sends <paramref name="frame"/> to the board on serial channel <paramref name="channel"/>.</summary>
    public static MqttCommand SerialData(string sn, string id, ReadOnlySpan<byte> frame, long unixSeconds, int channel = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(sn);
        var body = new Dictionary<string, object>
        {
            ["interval"] = 50,
            ["serialData"] = new[] { new Dictionary<string, object> { ["serialChannel"] = channel, ["data"] = Convert.ToBase64String(frame), ["dataLen"] = frame.Length } },
        };
        return new MqttCommand($"device/{sn}/message/down/serial_data", Envelope(sn, id, "serial_data", unixSeconds, body));
    }

    /// <summary>The wall-clock format of the camera's whitelist times (its own local time).</summary>
    public const string ListTimeFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>The expiry written for a plate with none (a resident's car): the camera needs a date.</summary>
    public const string NoExpiry = "2099-12-31 23:59:59";

    /// <summary>
    /// Adds or updates plates on the camera's whitelist (<c>white_list_operator</c>, <c>update_or_add</c>, a batch in
    /// <c>dldb_rec</c>), each enabled from 2000-01-01 until its expiry as the camera's local wall-clock time.
    /// </summary>
    public static MqttCommand WhiteListUpsert(string sn, string id, IReadOnlyList<(string Plate, string Until)> plates, long unixSeconds)
    {
        ArgumentException.ThrowIfNullOrEmpty(sn);
        ArgumentNullException.ThrowIfNull(plates);
        var records = plates.Select(p => new Dictionary<string, object>
        {
            ["plate"] = p.Plate, ["enable"] = 1, ["enable_time"] = "2000-01-01 00:00:00", ["overdue_time"] = p.Until, ["need_alarm"] = 0,
            ["time_seg_enable"] = 0, ["seg_time_start"] = "00:00:00", ["seg_time_end"] = "00:00:00", ["context"] = "parkinggate",
        }).ToArray();
        var body = new Dictionary<string, object> { ["operator_type"] = "update_or_add", ["dldb_rec"] = records };
        return new MqttCommand($"device/{sn}/message/down/white_list_operator", Envelope(sn, id, "white_list_operator", unixSeconds, body));
    }

    /// <summary>
    /// Has the camera use its whitelist only while its link to the server is lost (<c>set_wl_check_status</c>,
    /// <c>filter_enable</c> 0 = 脱机自动启用), so the gate decides whenever it runs.
    /// </summary>
    public static MqttCommand WhiteListOfflineOnly(string sn, string id, long unixSeconds)
    {
        ArgumentException.ThrowIfNullOrEmpty(sn);
        var body = new Dictionary<string, object> { ["filter_enable"] = 0 };
        return new MqttCommand($"device/{sn}/message/down/set_wl_check_status", Envelope(sn, id, "set_wl_check_status", unixSeconds, body));
    }

    /// <summary>Deletes a plate from the camera's whitelist.</summary>
    public static MqttCommand WhiteListDelete(string sn, string id, string plate, long unixSeconds)
    {
        ArgumentException.ThrowIfNullOrEmpty(sn);
        var body = new Dictionary<string, object> { ["operator_type"] = "delete", ["plate"] = plate };
        return new MqttCommand($"device/{sn}/message/down/white_list_operator", Envelope(sn, id, "white_list_operator", unixSeconds, body));
    }

    /// <summary>Asks for one page of the camera's whitelist: <paramref name="count"/> records from <paramref name="start"/> (<c>select_fuzzy</c>).</summary>
    public static MqttCommand WhiteListPage(string sn, string id, int start, int count, long unixSeconds)
    {
        ArgumentException.ThrowIfNullOrEmpty(sn);
        var body = new Dictionary<string, object> { ["operator_type"] = "select_fuzzy", ["start_pos"] = start, ["select_count"] = count };
        return new MqttCommand($"device/{sn}/message/down/white_list_operator", Envelope(sn, id, "white_list_operator", unixSeconds, body));
    }

    /// <summary>
    /// The records a whitelist query answered with: <c>dldb_rec</c> (an array of <c>{plate, overdue_time}</c>) under the
    /// reply's <c>body</c> or <c>payload.body</c>; false for a reply that carries none (an answer to a change).
    /// </summary>
    public static bool TryParseListPage(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out IReadOnlyList<(string Plate, string Until)>? records)
    {
        records = null;
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var body = root.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.Object ? b
                : root.TryGetProperty("payload", out var p) && p.ValueKind == JsonValueKind.Object && p.TryGetProperty("body", out var pb) && pb.ValueKind == JsonValueKind.Object ? pb
                : default;
            if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("dldb_rec", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                return false;
            }

            var found = new List<(string, string)>();
            foreach (var record in list.EnumerateArray())
            {
                if (record.ValueKind == JsonValueKind.Object && record.TryGetProperty("plate", out var plate) && plate.ValueKind == JsonValueKind.String
                    && plate.GetString() is { Length: > 0 and <= 16 } text)
                {
                    found.Add((text, record.TryGetProperty("overdue_time", out var until) && until.ValueKind == JsonValueKind.String ? until.GetString() ?? "" : ""));
                }
            }

            records = found;
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Reads a reply <c>{"code":200,"id":…,"name":…}</c>; success means code 200.</summary>
    public static bool TryParseReply(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out string? id, out bool success, [NotNullWhen(false)] out string? error)
    {
        try
        {
            return TryParseReplyCore(payload, out id, out success, out error);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // Text that is not valid UTF-8 inside a JSON string, a number out of range: refused, never thrown at the caller.
            id = default; success = default;
            error = $"the payload is malformed: {e.Message}";
            return false;
        }
    }

    private static bool TryParseReplyCore(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out string? id, out bool success, [NotNullWhen(false)] out string? error)
    {
        id = null;
        success = false;
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var idElement) || idElement.ValueKind != JsonValueKind.String
                || idElement.GetString() is not { Length: > 0 } text)
            {
                error = "a reply needs a string id";
                return false;
            }

            id = text;
            success = root.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var c) && c == 200;
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            error = $"not JSON: {e.Message.Split(" LineNumber:")[0]}";
            return false;
        }
    }

    /// <summary>Plates go to the camera as the characters they are (湘, not \u6E58), as its own web page writes them.</summary>
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static string Envelope(string sn, string id, string name, long unixSeconds, object body) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = id, ["sn"] = sn, ["name"] = name, ["version"] = "1.0", ["timestamp"] = unixSeconds,
            ["payload"] = new Dictionary<string, object> { ["type"] = name, ["body"] = body },
        }, Json);
}
