using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ParkingGate.Devices;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Gate.Lanes;
using ParkingGate.Protocols;
using ParkingGate.Protocols.Display;
using ParkingGate.Protocols.Shelly;
using ParkingGate.Protocols.Tasmota;
using ParkingGate.Protocols.Vzenith;

namespace ParkingGate.Gate.Outputs;

/// <summary>
/// A lane's outputs over MQTT: pulses the barrier through the camera's output, Tasmota or Shelly and waits for the
/// device's confirmation (no confirmation in time → uncertain, never retried); speaks through the camera's
/// RS-485 passthrough; publishes decisions on <c>parkinggate/{estate}/lanes/{lane}/events</c>.
/// </summary>
public sealed class MqttLaneOutputs : ILaneOutputs
{
    /// <summary>Where Shelly relays answer (their <c>src</c>).</summary>
    public const string ShellySource = "parkinggate";

    private static readonly JsonSerializerOptions EventJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly MqttLink _link;
    private readonly string _estate;
    private readonly Dictionary<string, LaneWiring> _lanes;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<bool>> _pending = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>Creates the outputs for the wired lanes.</summary>
    public MqttLaneOutputs(MqttLink link, string estate, IEnumerable<LaneWiring> lanes, TimeProvider time)
    {
        _link = link;
        _estate = estate;
        _lanes = lanes.ToDictionary(l => l.Lane.Id, StringComparer.Ordinal);
        _time = time;
    }

    /// <summary>The topic a lane's decisions are published on.</summary>
    public static string EventsTopic(string estate, string lane) => $"parkinggate/{estate}/lanes/{lane}/events";

    /// <inheritdoc />
    public async Task<RelayResult> OpenGateAsync(string lane, CancellationToken cancellationToken)
    {
        var wiring = _lanes[lane];
        var n = Interlocked.Increment(ref _sequence);
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        (string Key, IReadOnlyList<MqttCommand> Commands) plan = wiring.RelayKind switch
        {
            "tasmota" => ($"tasmota:{wiring.RelayId}", TasmotaCommands.Pulse(wiring.RelayId, wiring.PulseMs)),
            "shelly" => ($"shelly:{n}", [ShellyCommands.Pulse(wiring.RelayId, (int)(n % int.MaxValue), ShellySource, wiring.PulseMs)]),
            _ => ($"vzenith:open-{lane}-{n}", [VzenithCommands.PulseOutput(wiring.CameraId, $"open-{lane}-{n}", wiring.Io, wiring.PulseMs, now)]),
        };
        var confirmation = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[plan.Key] = confirmation;
        try
        {
            foreach (var command in plan.Commands)
            {
                await _link.PublishAsync(command.Topic, command.Payload, retain: false, cancellationToken);
            }

            var timeout = Task.Delay(wiring.ReplyTimeout, _time, cancellationToken);
            var first = await Task.WhenAny(confirmation.Task, timeout);
            return first == confirmation.Task && confirmation.Task.Result ? RelayResult.Confirmed : RelayResult.NoReply;
        }
        catch (Exception e) when (e is InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            return RelayResult.NoReply; // the broker is unreachable: the command may not have gone out; never retry blindly
        }
        finally
        {
            _pending.TryRemove(plan.Key, out _);
        }
    }

    /// <summary>A camera's reply on <c>device/{sn}/message/down/gpio_out/reply</c>.</summary>
    public void OnVzenithReply(ReadOnlySpan<byte> payload)
    {
        if (VzenithCommands.TryParseReply(payload, out var id, out var success, out _) && _pending.TryGetValue($"vzenith:{id}", out var waiter))
        {
            waiter.TrySetResult(success);
        }
    }

    /// <summary>A Tasmota state on <c>stat/{topic}/RESULT</c>.</summary>
    public void OnTasmotaResult(string topic, ReadOnlySpan<byte> payload)
    {
        if (TasmotaCommands.IsOn(payload) && _pending.TryGetValue($"tasmota:{topic}", out var waiter))
        {
            waiter.TrySetResult(true);
        }
    }

    /// <summary>A Shelly reply on <c>parkinggate/rpc</c>.</summary>
    public void OnShellyReply(ReadOnlySpan<byte> payload)
    {
        if (ShellyCommands.TryParseReply(payload, out var id, out var success, out _) && _pending.TryGetValue($"shelly:{id}", out var waiter))
        {
            waiter.TrySetResult(success);
        }
    }

    /// <inheritdoc />
    public async Task ShowAsync(string lane, LocalizedText message, CancellationToken cancellationToken)
    {
        var wiring = _lanes[lane];
        if (!wiring.SpeakThroughCamera)
        {
            return;
        }

        var text = message.Zh.Length > 60 ? message.Zh[..60] : message.Zh;
        var command = VzenithCommands.SerialData(wiring.CameraId, $"say-{lane}-{Interlocked.Increment(ref _sequence)}", LedVoiceFrame.Speak(text), _time.GetUtcNow().ToUnixTimeSeconds());
        try
        {
            await _link.PublishAsync(command.Topic, command.Payload, retain: false, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            // A board that cannot be reached does not stop the lane.
        }
    }

    /// <inheritdoc />
    public async Task PublishAsync(LaneDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        try
        {
            await _link.PublishAsync(EventsTopic(_estate, decision.Lane), JsonSerializer.Serialize(decision, EventJson), retain: false, cancellationToken);
        }
        catch (Exception e) when (e is InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            // The decision is stored in SQLite already; monitoring catches up from there.
        }
    }

    /// <summary>Encodes a decision as published (for tools that print events).</summary>
    public static string ToJson(LaneDecision decision) => JsonSerializer.Serialize(decision, EventJson);

    /// <summary>Reads a published decision back.</summary>
    public static LaneDecision? FromJson(ReadOnlySpan<byte> payload) => JsonSerializer.Deserialize<LaneDecision>(Encoding.UTF8.GetString(payload), EventJson);
}
