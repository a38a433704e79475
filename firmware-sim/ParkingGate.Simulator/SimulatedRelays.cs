using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;

namespace ParkingGate.Simulator;

/// <summary>A Tasmota relay: obeys <c>cmnd/{topic}/PulseTime1</c> and <c>POWER1</c>, reports on <c>stat/{topic}/RESULT</c>.</summary>
public sealed class SimulatedTasmota : SimulatedDevice
{
    private readonly string _topic;
    private int _pulseUnits;

    private SimulatedTasmota(string topic) => _topic = topic;

    /// <summary>Every POWER1 command obeyed.</summary>
    public ConcurrentQueue<string> Pulses { get; } = new();

    /// <summary>The last pulse time it was given, in Tasmota units.</summary>
    public int PulseUnits => _pulseUnits;

    /// <summary>Connects with the relay's account.</summary>
    public static async Task<SimulatedTasmota> ConnectAsync(string host, int port, string user, string password, string topic)
    {
        var relay = new SimulatedTasmota(topic);
        await relay.ConnectAsync(host, port, $"tasmota-{topic}", user, password, $"cmnd/{topic}/#");
        return relay;
    }

    /// <inheritdoc />
    protected override async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var payload = Encoding.UTF8.GetString(e.ApplicationMessage.Payload.ToArray());
        if (e.ApplicationMessage.Topic.EndsWith("/PulseTime1", StringComparison.Ordinal) && int.TryParse(payload, NumberStyles.None, CultureInfo.InvariantCulture, out var units))
        {
            _pulseUnits = units;
        }
        else if (e.ApplicationMessage.Topic.EndsWith("/POWER1", StringComparison.Ordinal) && payload == "ON")
        {
            Pulses.Enqueue(payload);
            await PublishAsync($"stat/{_topic}/RESULT", """{"POWER1":"ON"}""");
        }
    }
}

/// <summary>A Shelly Gen2 relay: obeys <c>Switch.Set</c> on <c>{prefix}/rpc</c> and answers on <c>{src}/rpc</c> with the same id.</summary>
public sealed class SimulatedShelly : SimulatedDevice
{
    private readonly string _prefix;

    private SimulatedShelly(string prefix) => _prefix = prefix;

    /// <summary>The toggle_after of every Switch.Set obeyed, in seconds.</summary>
    public ConcurrentQueue<double> Pulses { get; } = new();

    /// <summary>Connects with the relay's account.</summary>
    public static async Task<SimulatedShelly> ConnectAsync(string host, int port, string user, string password, string prefix)
    {
        var relay = new SimulatedShelly(prefix);
        await relay.ConnectAsync(host, port, $"shelly-{prefix}", user, password, $"{prefix}/rpc");
        return relay;
    }

    /// <inheritdoc />
    protected override async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        try
        {
            using var document = JsonDocument.Parse(e.ApplicationMessage.Payload.ToArray());
            var root = document.RootElement;
            if (root.GetProperty("method").GetString() != "Switch.Set")
            {
                return;
            }

            Pulses.Enqueue(root.GetProperty("params").GetProperty("toggle_after").GetDouble());
            var reply = JsonSerializer.Serialize(new { id = root.GetProperty("id").GetInt32(), src = _prefix, result = new { was_on = false } });
            await PublishAsync($"{root.GetProperty("src").GetString()}/rpc", reply);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            // not a command it understands
        }
    }
}
