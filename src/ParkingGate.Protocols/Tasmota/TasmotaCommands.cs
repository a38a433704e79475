using System.Globalization;
using System.Text.Json;

namespace ParkingGate.Protocols.Tasmota;

/// <summary>
/// Tasmota relays (shared/vectors/relays-mqtt.txt): <c>PulseTime1</c> makes the relay drop by itself, then
/// <c>POWER1 ON</c> closes it; the state comes back on <c>stat/{topic}/RESULT</c>.
/// </summary>
public static class TasmotaCommands
{
    /// <summary>PulseTime units: 1–111 are tenths of a second, 112 and up are value−100 seconds.</summary>
    public static int PulseTimeUnits(int pulseMs) =>
        pulseMs <= 11_100 ? Math.Clamp((pulseMs + 99) / 100, 1, 111) : Math.Min(64_900, 100 + ((pulseMs + 999) / 1000));

    /// <summary>The two messages of one pulse, in order: set the pulse time, then switch on.</summary>
    public static IReadOnlyList<MqttCommand> Pulse(string topic, int pulseMs)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return
        [
            new MqttCommand($"cmnd/{topic}/PulseTime1", PulseTimeUnits(pulseMs).ToString(CultureInfo.InvariantCulture)),
            new MqttCommand($"cmnd/{topic}/POWER1", "ON"),
        ];
    }

    /// <summary>
    /// Holds the relay on (pulse time cleared first, or the relay would drop after it) or switches it off.
    /// </summary>
    public static IReadOnlyList<MqttCommand> Hold(string topic, bool on)
    {
        ArgumentException.ThrowIfNullOrEmpty(topic);
        return on
            ? [new MqttCommand($"cmnd/{topic}/PulseTime1", "0"), new MqttCommand($"cmnd/{topic}/POWER1", "ON")]
            : [new MqttCommand($"cmnd/{topic}/POWER1", "OFF")];
    }

    /// <summary>True when a <c>stat/{topic}/RESULT</c> payload says POWER1 is ON.</summary>
    public static bool IsOn(ReadOnlySpan<byte> result) => Power(result) == "ON";

    /// <summary>True when a <c>stat/{topic}/RESULT</c> payload says POWER1 is OFF.</summary>
    public static bool IsOff(ReadOnlySpan<byte> result) => Power(result) == "OFF";

    private static string? Power(ReadOnlySpan<byte> result)
    {
        try
        {
            using var document = JsonDocument.Parse(result.ToArray());
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("POWER1", out var power) && power.ValueKind == JsonValueKind.String ? power.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
