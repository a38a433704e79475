using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using ParkingGate.Domain.Plates;
using ParkingGate.Protocols.Cameras;

namespace ParkingGate.Protocols.Vzenith;

/// <summary>What Vzenith/Zhenshi (臻识) cameras send: plate reads (<c>ivs_result</c>) and keep-alives.</summary>
public static class VzenithMessages
{
    /// <summary>
    /// Vzenith/Zhenshi <c>ivs_result</c>: <c>payload.AlarmInfoPlate.result.PlateResult</c>, whose <c>license</c> is
    /// base64 of UTF-8 over MQTT or plain text in the HTTP push variant (both accepted). A read with
    /// <c>isoffline: 1</c> is one the camera kept while offline (see <see cref="TryParseOfflineRecord"/>).
    /// </summary>
    public static bool TryParseRead(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error)
    {
        return CameraMessages.ParseRead(payload, TryParseLiveCore, out read, out error);
    }

    /// <summary>
    /// Vzenith <c>offline_record</c>: a read the camera kept while it could not reach its server, sent when it is back.
    /// Read as the same <c>PlateResult</c> as <c>ivs_result</c> (the layout the HTTP push uses for such records), with
    /// the camera's record id <c>plateid</c> (required: a record is imported once by it) and, when present,
    /// <c>gioouts[].ctrltype</c> (2 = opened by the camera's own list, 0 = not opened).
    /// </summary>
    public static bool TryParseOfflineRecord(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error)
    {
        if (!CameraMessages.ParseRead(payload, TryParseOfflineCore, out read, out error))
        {
            return false;
        }

        if (read.Offline is null)
        {
            error = "an offline record without PlateResult.plateid cannot be imported once: refused";
            read = null;
            return false;
        }

        return true;
    }

    private static bool TryParseLiveCore(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error) =>
        TryParseReadCore(payload, "ivs_result", out read, out error);

    private static bool TryParseOfflineCore(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error) =>
        TryParseReadCore(payload, "offline_record", out read, out error);

    private static bool TryParseReadCore(ReadOnlySpan<byte> payload, string name, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (!CameraMessages.TryParseKind(payload, "name", name, out var root, out error))
        {
            return false;
        }

        if (!CameraMessages.Str(root, "id", out var id, out error) || !CameraMessages.Str(root, "sn", out var sn, out error))
        {
            return false;
        }

        if (!CameraMessages.Path(root, out var plate, "payload", "AlarmInfoPlate", "result", "PlateResult"))
        {
            error = "payload.AlarmInfoPlate.result.PlateResult is missing";
            return false;
        }

        return TryPlateResult(root, plate, sn, id, name == "offline_record", out read, out error);
    }

    /// <summary>
    /// A <c>PlateResult</c> as a read of camera <paramref name="sn"/> under message id <paramref name="id"/>: the one
    /// reader of its fields, whether it came over MQTT or the HTTP push.
    /// </summary>
    internal static bool TryPlateResult(JsonElement root, JsonElement plate, string sn, string id, bool offlineTopic, [NotNullWhen(true)] out CameraRead? read, [NotNullWhen(false)] out string? error)
    {
        read = null;
        if (!CameraMessages.Str(plate, "license", out var license, out error))
        {
            error = "PlateResult." + error;
            return false;
        }

        var text = DecodeLicense(license);
        if (text.Length > CameraMessages.MaxPlateLength)
        {
            error = $"license is {text.Length} characters; a plate has at most {CameraMessages.MaxPlateLength}";
            return false;
        }

        var color = CameraMessages.Int(plate, "colorType") is { } c and >= 0 and <= 6 ? (PlateColor)c : PlateColor.Unknown;
        var confidence = Math.Clamp(CameraMessages.Int(plate, "confidence") ?? 0, 0, 100);
        long? seconds = CameraMessages.Path(plate, out var tv, "timeStamp", "Timeval") ? CameraMessages.Long(tv, "sec") : null;
        seconds ??= CameraMessages.Long(root, "timestamp");
        if (seconds is not { } s || s <= 0)
        {
            error = "no capture time (PlateResult.timeStamp.Timeval.sec or timestamp)";
            return false;
        }

        var usec = CameraMessages.Path(plate, out var tv2, "timeStamp", "Timeval") ? CameraMessages.Long(tv2, "usec") ?? 0 : 0;
        if (!CameraMessages.TryPicture(plate, "imageFile", out var picture, out var pictureError))
        {
            error = pictureError!;
            return false;
        }

        if (!TryOffline(plate, offlineTopic, out var offline, out error))
        {
            return false;
        }

        read = new CameraRead("vzenith", sn, id, text, color, confidence, DateTimeOffset.FromUnixTimeSeconds(s).AddTicks(Math.Clamp(usec, 0, 999_999) * 10), picture)
        {
            Offline = offline,
            TurnedBack = CameraMessages.Int(plate, "triggerType") == TriggerTurnedBack,
        };
        return true;
    }

    /// <summary>
    /// The offline part of a <c>PlateResult</c>: present for a record kept while offline (<c>isoffline: 1</c>, or any
    /// read sent as <c>offline_record</c>) that carries its <c>plateid</c>; null for a live read.
    /// </summary>
    private static bool TryOffline(JsonElement plate, bool offlineTopic, out OfflineRecord? offline, [NotNullWhen(false)] out string? error)
    {
        offline = null;
        error = null;
        var flagged = offlineTopic || CameraMessages.Int(plate, "isoffline") == 1;
        if (!flagged)
        {
            return true;
        }

        string? recordId = plate.TryGetProperty("plateid", out var idElement) ? idElement.ValueKind switch
        {
            JsonValueKind.Number when idElement.TryGetInt64(out var n) && n >= 0 => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
            JsonValueKind.String when idElement.GetString() is { Length: > 0 and <= 64 } t && t.All(char.IsAsciiLetterOrDigit) => t,
            _ => "",
        } : null;
        if (recordId == "")
        {
            error = "PlateResult.plateid is not a record id (a number, or up to 64 letters and digits)";
            return false;
        }

        if (recordId is null)
        {
            if (offlineTopic)
            {
                return true; // refused by the caller, which names what is missing
            }

            error = "a read marked isoffline without PlateResult.plateid cannot be imported once: refused";
            return false;
        }

        bool? opened = null;
        if (plate.TryGetProperty("gioouts", out var outs) && outs.ValueKind == JsonValueKind.Array)
        {
            foreach (var output in outs.EnumerateArray())
            {
                if (output.ValueKind == JsonValueKind.Object && CameraMessages.Int(output, "ctrltype") is { } ctrl)
                {
                    opened = (opened ?? false) || ctrl is 1 or 2;
                }
            }
        }

        offline = new OfflineRecord(recordId, opened);
        return true;
    }

    /// <summary>The <c>triggerType</c> of a read made because the car turned back (折返).</summary>
    public const int TriggerTurnedBack = 66;

    /// <summary>
    /// Vzenith <c>barr_gate_status</c> (<c>payload.body.gate_status</c>: 1 up, 0 down) and <c>gpio_in</c> (an input
    /// changed: <c>payload.body</c> or the HTTP push's <c>AlarmGioIn.result.TriggerResult</c>, each with <c>source</c>
    /// 0–3 = input 1–4 and <c>value</c> 1 occupied / 0 free). Anything else is refused with the reason.
    /// </summary>
    public static bool TryParseSignal(string name, ReadOnlySpan<byte> payload, [NotNullWhen(true)] out LaneSignal? signal, [NotNullWhen(false)] out string? error)
    {
        signal = null;
        if (!CameraMessages.TryParseObject(payload, out var root, out error))
        {
            return false;
        }

        if (name == "barr_gate_status")
        {
            if (CameraMessages.Path(root, out var body, "payload", "body") && CameraMessages.Int(body, "gate_status") is { } status and (0 or 1))
            {
                signal = new LaneSignal(status == 1 ? LaneSignalKind.BarrierUp : LaneSignalKind.BarrierDown, 0);
                return true;
            }

            error = "payload.body.gate_status is not 0 or 1";
            return false;
        }

        if ((CameraMessages.Path(root, out var trigger, "payload", "body") || CameraMessages.Path(root, out trigger, "AlarmGioIn", "result", "TriggerResult"))
            && CameraMessages.Int(trigger, "source") is { } source and >= 0 and <= 3 && CameraMessages.Int(trigger, "value") is { } value and (0 or 1))
        {
            signal = new LaneSignal(value == 1 ? LaneSignalKind.LoopOccupied : LaneSignalKind.LoopFree, source);
            return true;
        }

        error = "an input change needs source 0–3 and value 0 or 1 (payload.body or AlarmGioIn.result.TriggerResult)";
        return false;
    }

    /// <summary>Vzenith <c>keep_alive</c>: the camera's serial number, for liveness.</summary>
    public static bool TryParseKeepAlive(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out string? sn, [NotNullWhen(false)] out string? error)
    {
        return CameraMessages.Guard(payload, TryParseKeepAliveCore, out sn, out error);
    }

    private static bool TryParseKeepAliveCore(ReadOnlySpan<byte> payload, [NotNullWhen(true)] out string? sn, [NotNullWhen(false)] out string? error)
    {
        sn = null;
        if (!CameraMessages.TryParseObject(payload, out var root, out error))
        {
            return false;
        }

        if (!CameraMessages.Str(root, "sn", out var serial, out error))
        {
            return false;
        }

        sn = serial;
        return true;
    }

    /// <summary>
    /// The Vzenith <c>license</c>: base64 of UTF-8 over MQTT, plain text over HTTP. Base64 is taken only when it
    /// decodes to valid UTF-8 made of letters, digits and Chinese characters; anything else is plain text.
    /// </summary>
    public static string DecodeLicense(string license)
    {
        ArgumentNullException.ThrowIfNull(license);
        Span<byte> bytes = stackalloc byte[license.Length];
        if (Convert.TryFromBase64String(license, bytes, out var written) && written > 0)
        {
            try
            {
                var text = new UTF8Encoding(false, true).GetString(bytes[..written]);
                if (text.All(ch => char.IsAsciiLetterOrDigit(ch) || Provinces.IsChineseCharacter(ch)))
                {
                    return text;
                }
            }
            catch (DecoderFallbackException)
            {
                // not UTF-8: the license is plain text
            }
        }

        return license;
    }
}
