using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;
using ParkingGate.Domain.Plates;
using ParkingGate.Protocols.Cameras;

namespace ParkingGate.Protocols.Hikvision;

/// <summary>What a Hikvision event push is: a plate read, a heartbeat, or another event the gate does not act on.</summary>
public enum HikvisionEventKind
{
    /// <summary>An ANPR event with a plate.</summary>
    Read,

    /// <summary>A heartbeat (many models send <c>videoloss</c> with <c>eventState</c> inactive, others <c>heartBeat</c>).</summary>
    Heartbeat,

    /// <summary>Any other event (motion, tampering…): the camera is alive, nothing else.</summary>
    Other,
}

/// <summary>One event a Hikvision camera pushed, and the read when it is one.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="EventType">The camera's <c>eventType</c>.</param>
/// <param name="Read">The read, for <see cref="HikvisionEventKind.Read"/>.</param>
public sealed record HikvisionEvent(HikvisionEventKind Kind, string EventType, CameraRead? Read);

/// <summary>
/// Hikvision ISAPI as a plate camera uses it: the <c>EventNotificationAlert</c> it pushes (XML, or JSON on some models;
/// the ANPR element's <c>licensePlate</c>, <c>confidenceLevel</c>, <c>plateColor</c>, the event's <c>dateTime</c>), and the
/// barrier call <c>PUT /ISAPI/Parking/channels/1/barrierGate</c> with its <c>ResponseStatus</c>. Written from the
/// integrations gathered in the vendor notes; element names are matched without their namespace.
/// </summary>
public static class HikvisionIsapi
{
    /// <summary>The largest event document read (the pictures come in parts of their own).</summary>
    public const int MaxDocumentBytes = 256 * 1024;

    /// <summary>The barrier endpoint, relative to the camera's address.</summary>
    public const string BarrierPath = "/ISAPI/Parking/channels/1/barrierGate";

    /// <summary>An event document (XML or JSON) pushed by camera <paramref name="device"/>, with an optional picture.</summary>
    public static bool TryParseEvent(ReadOnlySpan<byte> document, string device, byte[]? picture, [NotNullWhen(true)] out HikvisionEvent? parsed, [NotNullWhen(false)] out string? error)
    {
        parsed = null;
        if (document.Length == 0 || document.Length > MaxDocumentBytes)
        {
            error = document.Length == 0 ? "the event document is empty" : $"the event document is {document.Length} bytes, more than {MaxDocumentBytes}";
            return false;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var first = document.TrimStart(" \t\r\n\uFEFF"u8.ToArray());
        var read = first.Length > 0 && first[0] == (byte)'{' ? TryJson(document, fields, out error) : TryXml(document, fields, out error);
        if (!read)
        {
            error ??= "the event document could not be read";
            return false;
        }

        var type = fields.GetValueOrDefault("eventType", "");
        if (type.Length == 0)
        {
            error = "eventType is missing: not an EventNotificationAlert";
            return false;
        }

        if (!type.Equals("ANPR", StringComparison.OrdinalIgnoreCase))
        {
            var heartbeat = type.Equals("heartBeat", StringComparison.OrdinalIgnoreCase)
                || (type.Equals("videoloss", StringComparison.OrdinalIgnoreCase) && fields.GetValueOrDefault("eventState", "").Equals("inactive", StringComparison.OrdinalIgnoreCase));
            parsed = new HikvisionEvent(heartbeat ? HikvisionEventKind.Heartbeat : HikvisionEventKind.Other, Short(type), null);
            error = null;
            return true;
        }

        if (!fields.TryGetValue("ANPR.licensePlate", out var plate))
        {
            error = "ANPR.licensePlate is missing";
            return false;
        }

        if (!DateTimeOffset.TryParse(fields.GetValueOrDefault("dateTime", ""), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
        {
            error = $"dateTime '{Short(fields.GetValueOrDefault("dateTime", ""))}' is not an ISO 8601 time";
            return false;
        }

        var confidence = fields.TryGetValue("ANPR.confidenceLevel", out var level) && int.TryParse(level, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : -1;
        if (confidence is < 0 or > 100)
        {
            error = $"ANPR.confidenceLevel '{Short(level ?? "")}' is not 0–100";
            return false;
        }

        plate = plate.Trim();
        if (plate is "unknown" or "无车牌" or "车牌")
        {
            plate = "";
        }

        if (plate.Length > CameraMessages.MaxPlateLength)
        {
            error = $"ANPR.licensePlate is {plate.Length} characters, more than {CameraMessages.MaxPlateLength}";
            return false;
        }

        var color = CameraMessages.TryColor(fields.GetValueOrDefault("ANPR.plateColor")?.ToLowerInvariant(), out var known) ? known : PlateColor.Blue;
        // The camera does not resend a push; one it did send twice carries the same time and plate: the same message.
        var id = string.Create(CultureInfo.InvariantCulture, $"hik-{at.ToUnixTimeMilliseconds()}-{plate}");
        CameraRead? candidate = new("hikvision", device, id, plate, color, confidence, at, picture);
        if (!CameraMessages.Plausible(ref candidate, out error))
        {
            return false;
        }

        parsed = new HikvisionEvent(HikvisionEventKind.Read, "ANPR", candidate);
        return true;
    }

    /// <summary>The body of the barrier call for <paramref name="action"/>: <c>open</c>, <c>lock</c> (keep open) or <c>unlock</c>.</summary>
    public static string BarrierBody(BarrierAction action) => action switch
    {
        BarrierAction.Open => "<BarrierGate><ctrlMode>open</ctrlMode></BarrierGate>",
        BarrierAction.Hold => "<BarrierGate><ctrlMode>lock</ctrlMode></BarrierGate>",
        _ => "<BarrierGate><ctrlMode>unlock</ctrlMode></BarrierGate>",
    };

    /// <summary>
    /// Whether the camera did it: HTTP 200 with a <c>ResponseStatus</c> whose <c>statusCode</c> is 1; otherwise what it said.
    /// </summary>
    public static bool Confirms(int status, string body, [NotNullWhen(false)] out string? problem)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var parsed = !string.IsNullOrWhiteSpace(body) && TryXml(Encoding.UTF8.GetBytes(body), fields, out _);
        var code = parsed ? fields.GetValueOrDefault("statusCode") : null;
        if (status == 200 && code == "1")
        {
            problem = null;
            return true;
        }

        var said = parsed ? $"statusCode {Short(code ?? "none")} {Short(fields.GetValueOrDefault("subStatusCode", ""))}".TrimEnd() : "no ResponseStatus";
        problem = status == 200 ? $"the camera answered 200 but {said}" : $"the camera answered HTTP {status} ({said})";
        return false;
    }

    private static string Short(string text) => text.Length > 40 ? text[..40] : text;

    /// <summary>The leaf elements of an XML document by their path without namespaces: <c>eventType</c>, <c>ANPR.licensePlate</c>.</summary>
    private static bool TryXml(ReadOnlySpan<byte> document, Dictionary<string, string> fields, [NotNullWhen(false)] out string? error)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxDocumentBytes, IgnoreComments = true, IgnoreWhitespace = true,
        };
        try
        {
            using var stream = new MemoryStream(document.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, settings);
            var path = new List<string>();
            while (reader.Read())
            {
                switch (reader.NodeType)
                {
                    case XmlNodeType.Element when !reader.IsEmptyElement:
                        path.Add(reader.LocalName);
                        if (path.Count > 16)
                        {
                            error = "the XML is nested too deep";
                            return false;
                        }

                        break;
                    case XmlNodeType.EndElement when path.Count > 0:
                        path.RemoveAt(path.Count - 1);
                        break;
                    case XmlNodeType.Text or XmlNodeType.CDATA when path.Count > 1 && fields.Count < 200:
                        fields.TryAdd(string.Join('.', path.Skip(1)), reader.Value);
                        break;
                }
            }

            error = null;
            return true;
        }
        catch (XmlException e)
        {
            error = $"not XML: {e.Message}";
            return false;
        }
    }

    /// <summary>The same for a JSON document: its leaf values by dotted path.</summary>
    private static bool TryJson(ReadOnlySpan<byte> document, Dictionary<string, string> fields, [NotNullWhen(false)] out string? error)
    {
        try
        {
            using var json = JsonDocument.Parse(document.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "the JSON is not an object";
                return false;
            }

            Flatten(json.RootElement, "", fields);
            error = null;
            return true;
        }
        catch (JsonException e)
        {
            error = $"not JSON: {e.Message}";
            return false;
        }
    }

    private static void Flatten(JsonElement element, string prefix, Dictionary<string, string> fields)
    {
        foreach (var property in element.EnumerateObject())
        {
            var key = prefix + property.Name;
            if (property.Value.ValueKind == JsonValueKind.Object)
            {
                Flatten(property.Value, key + ".", fields);
            }
            else if (property.Value.ValueKind is JsonValueKind.String or JsonValueKind.Number && fields.Count < 200)
            {
                fields.TryAdd(key, property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText());
            }
        }
    }
}
