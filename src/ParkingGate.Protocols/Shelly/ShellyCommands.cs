using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;

namespace ParkingGate.Protocols.Shelly;

/// <summary>
/// Shelly Gen2 relays (shared/vectors/relays-mqtt.txt): <c>Switch.Set</c> on <c>{prefix}/rpc</c> with
/// <c>toggle_after</c> so the relay drops by itself; the reply comes on <c>{src}/rpc</c> with the same id.
/// </summary>
public static class ShellyCommands
{
    /// <summary>Switches output 0 on for <paramref name="pulseMs"/> (rounded up to 0.1 s, at least 0.1 s).</summary>
    public static MqttCommand Pulse(string prefix, int id, string source, int pulseMs)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var seconds = Math.Max(1, (pulseMs + 99) / 100) / 10.0;
        var payload = string.Create(CultureInfo.InvariantCulture,
            $$$"""{"id":{{{id}}},"src":"{{{source}}}","method":"Switch.Set","params":{"id":0,"on":true,"toggle_after":{{{seconds}}}}}""");
        return new MqttCommand($"{prefix}/rpc", payload);
    }

    /// <summary>Switches output 0 on with no timer (held) or off.</summary>
    public static MqttCommand Hold(string prefix, int id, string source, bool on)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        var payload = string.Create(CultureInfo.InvariantCulture,
            $$$"""{"id":{{{id}}},"src":"{{{source}}}","method":"Switch.Set","params":{"id":0,"on":{{{(on ? "true" : "false")}}}}}""");
        return new MqttCommand($"{prefix}/rpc", payload);
    }

    /// <summary>Reads a reply: its id, and whether it carries a result rather than an error.</summary>
    public static bool TryParseReply(ReadOnlySpan<byte> payload, out int id, out bool success, [NotNullWhen(false)] out string? error)
    {
        id = 0;
        success = false;
        try
        {
            using var document = JsonDocument.Parse(payload.ToArray());
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("id", out var idElement) || !idElement.TryGetInt32(out id))
            {
                error = "a reply needs a numeric id";
                return false;
            }

            success = root.TryGetProperty("result", out _) && !root.TryGetProperty("error", out _);
            error = null;
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            error = $"not a reply: {e.Message.Split(" LineNumber:")[0]}";
            return false;
        }
    }
}
