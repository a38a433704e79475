using System.Diagnostics.CodeAnalysis;
using System.Text.Encodings.Web;
using System.Text.Json;
using ParkingGate.Domain.Ledger;

namespace ParkingGate.Protocols.PaymentTerminal;

/// <summary>ParkingGate asks the lane's payment terminal to collect an amount.</summary>
/// <param name="Id">Unique request id; the result must carry it.</param>
/// <param name="StayId">The stay being paid.</param>
/// <param name="Plate">The plate, for the terminal's screen.</param>
/// <param name="AmountFen">The amount to collect.</param>
/// <param name="Timestamp">Unix seconds when asked.</param>
public sealed record PaymentTerminalRequest(string Id, long StayId, string Plate, long AmountFen, long Timestamp);

/// <summary>The terminal's answer: paid with a channel and its reference, or failed with a reason.</summary>
/// <param name="Id">The request id answered.</param>
/// <param name="Paid">True when the money was taken.</param>
/// <param name="Channel">wechat, alipay, cash or other (when paid).</param>
/// <param name="Reference">The channel's transaction reference (when paid).</param>
/// <param name="AmountFen">The amount taken (when paid).</param>
/// <param name="Reason">Why it failed (when not paid).</param>
public sealed record PaymentTerminalResult(string Id, bool Paid, string? Channel, string? Reference, long AmountFen, string? Reason);

/// <summary>
/// The payment-terminal contract: one JSON object per message, over MQTT (topics
/// <c>parkinggate/{estate}/lanes/{lane}/pay/request</c> and <c>…/pay/result</c>, QoS 1, never retained) or a serial
/// line (UTF-8, one object per line ending in LF). Documented in the README ("Payment terminal contract").
/// </summary>
public static class PaymentTerminalMessages
{
    /// <summary>The longest id or reference accepted.</summary>
    public const int MaxTextLength = 100;

    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The request as its wire JSON: <c>{"id","stay","plate","amountFen","ts"}</c>.</summary>
    public static string Format(PaymentTerminalRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["id"] = request.Id, ["stay"] = request.StayId, ["plate"] = request.Plate, ["amountFen"] = request.AmountFen, ["ts"] = request.Timestamp,
        }, Json);
    }

    /// <summary>
    /// Reads a result: <c>{"id","status":"paid","channel","ref","amountFen","ts"}</c> or
    /// <c>{"id","status":"failed","reason","ts"}</c>. Anything else is refused with the field named; a refused
    /// message changes nothing and never opens the gate.
    /// </summary>
    public static bool TryParseResult(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out PaymentTerminalResult? result, [NotNullWhen(false)] out string? error)
    {
        try
        {
            return TryParseResultCore(utf8, out result, out error);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or OverflowException or ArgumentException)
        {
            // Text that is not valid UTF-8 inside a JSON string, a number out of range: refused, never thrown at the caller.
            result = default;
            error = $"the payload is malformed: {e.Message}";
            return false;
        }
    }

    private static bool TryParseResultCore(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out PaymentTerminalResult? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(utf8.ToArray());
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            error = $"not JSON: {e.Message.Split(" Path:")[0]}";
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "the message must be a JSON object";
            return false;
        }

        if (!Text(root, "id", out var id, out error) || !Text(root, "status", out var status, out error))
        {
            return false;
        }

        if (status == "failed")
        {
            var reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            result = new PaymentTerminalResult(id, false, null, null, 0, string.IsNullOrWhiteSpace(reason) ? "no reason given" : reason);
            return true;
        }

        if (status != "paid")
        {
            error = $"status '{status}' must be paid or failed";
            return false;
        }

        if (!Text(root, "channel", out var channel, out error) || !Text(root, "ref", out var reference, out error))
        {
            return false;
        }

        if (!PaymentChannel.IsKnown(channel))
        {
            error = $"channel '{channel}' must be one of {string.Join(", ", PaymentChannel.All)}";
            return false;
        }

        if (!root.TryGetProperty("amountFen", out var amount) || amount.ValueKind != JsonValueKind.Number || !amount.TryGetInt64(out var fen) || fen <= 0)
        {
            error = "amountFen must be a whole number of fen above 0";
            return false;
        }

        result = new PaymentTerminalResult(id, true, channel, reference, fen, null);
        return true;
    }

    private static bool Text(JsonElement root, string name, out string value, [NotNullWhen(false)] out string? error)
    {
        value = "";
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String || element.GetString() is not { Length: > 0 } text)
        {
            error = $"{name} must be a non-empty string";
            return false;
        }

        if (text.Length > MaxTextLength || text.Any(char.IsControl))
        {
            error = $"{name} must be at most {MaxTextLength} printable characters";
            return false;
        }

        value = text;
        error = null;
        return true;
    }
}
