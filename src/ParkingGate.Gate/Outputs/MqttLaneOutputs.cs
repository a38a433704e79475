using System.Collections.Concurrent;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ParkingGate.Devices;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Gate.Lanes;
using ParkingGate.Protocols.Display;

namespace ParkingGate.Gate.Outputs;

/// <summary>
/// A lane's outputs over MQTT: pulses the barrier through the lane's barrier family and waits for the device's
/// confirmation (no confirmation in time → uncertain, never retried); speaks through the camera's RS-485
/// passthrough; publishes decisions on <c>parkinggate/{estate}/lanes/{lane}/events</c>.
/// </summary>
public sealed class MqttLaneOutputs : ILaneOutputs
{
    private static readonly JsonSerializerOptions EventJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>
    /// How long a relay has to answer is physical (the message's trip and the device's work): it runs on the real
    /// clock even when the gate's clock is scaled (the demo at 120×, the soak), as the serial timings do; commands
    /// are stamped with the gate's clock.
    /// </summary>
    private static readonly TimeProvider PhysicalClock = TimeProvider.System;

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

    /// <summary>
    /// Builds each lane's pulse commands and a decision's JSON once without sending anything, so the first car on
    /// each lane does not pay for the serializers' first use.
    /// </summary>
    public void WarmUp()
    {
        foreach (var wiring in _lanes.Values)
        {
            _ = wiring.Barrier?.Pulse(wiring.Relay, 0, _time.GetUtcNow().ToUnixTimeSeconds());
            _ = wiring.Display?.Passthrough(wiring.Camera.Id, "warm-up", LedVoiceFrame.Speak("欢迎"), _time.GetUtcNow().ToUnixTimeSeconds());
            _ = ToJson(new LaneDecision(wiring.Lane.Id, _time.GetUtcNow(), null, null, null, LaneOutcome.Ignored, Visitor.Unknown, new("预热", "warm-up"), null, null));
        }
    }

    /// <summary>The topic a lane's decisions are published on.</summary>
    public static string EventsTopic(string estate, string lane) => $"parkinggate/{estate}/lanes/{lane}/events";

    /// <inheritdoc />
    public async Task<RelayResult> OpenGateAsync(string lane, CancellationToken cancellationToken)
    {
        var wiring = _lanes[lane];
        if (wiring.Barrier is null)
        {
            return RelayResult.NoReply; // the config check refuses such a lane; never open blindly
        }

        return await SendAsync(wiring, wiring.Barrier.Pulse(wiring.Relay, Interlocked.Increment(ref _sequence), _time.GetUtcNow().ToUnixTimeSeconds()), cancellationToken);
    }

    /// <inheritdoc />
    public async Task<RelayResult> HoldGateAsync(string lane, bool held, CancellationToken cancellationToken)
    {
        var wiring = _lanes[lane];
        if (wiring.Barrier is null)
        {
            return RelayResult.NoReply;
        }

        return await SendAsync(wiring, wiring.Barrier.Hold(wiring.Relay, held, Interlocked.Increment(ref _sequence), _time.GetUtcNow().ToUnixTimeSeconds()), cancellationToken);
    }

    /// <summary>Publishes a relay's commands and waits for its answer, up to the lane's reply timeout; never retried.</summary>
    private async Task<RelayResult> SendAsync(LaneWiring wiring, ParkingGate.Devices.Families.BarrierPulse pulse, CancellationToken cancellationToken)
    {
        var confirmation = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[pulse.Key] = confirmation;
        try
        {
            foreach (var command in pulse.Commands)
            {
                await _link.PublishAsync(command.Topic, command.Payload, retain: false, cancellationToken);
            }

            var timeout = Task.Delay(wiring.ReplyTimeout, PhysicalClock, cancellationToken);
            var first = await Task.WhenAny(confirmation.Task, timeout);
            return first == confirmation.Task && confirmation.Task.Result ? RelayResult.Confirmed : RelayResult.NoReply;
        }
        catch (Exception e) when (e is InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            return RelayResult.NoReply; // the broker is unreachable: the command may not have gone out; never retry blindly
        }
        finally
        {
            _pending.TryRemove(pulse.Key, out _);
        }
    }

    /// <summary>A device answered the command sent under <paramref name="key"/>.</summary>
    public void Answered(string key, bool success)
    {
        if (_pending.TryGetValue(key, out var waiter))
        {
            waiter.TrySetResult(success);
        }
    }

    /// <inheritdoc />
    public async Task ShowAsync(string lane, LocalizedText message, CancellationToken cancellationToken)
    {
        var wiring = _lanes[lane];
        if (wiring.Display is null)
        {
            return;
        }

        var text = message.Zh.Length > 60 ? message.Zh[..60] : message.Zh;
        var command = wiring.Display.Passthrough(wiring.Camera.Id, $"say-{lane}-{Interlocked.Increment(ref _sequence)}", LedVoiceFrame.Speak(text), _time.GetUtcNow().ToUnixTimeSeconds());
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
    public async Task ShowIdleAsync(string lane, LocalizedText message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var wiring = _lanes[lane];
        if (wiring.Display is null || !LedVoiceFrame.TryEncode(message.Zh, out _, out _))
        {
            return;
        }

        var command = wiring.Display.Passthrough(wiring.Camera.Id, $"idle-{lane}-{Interlocked.Increment(ref _sequence)}", LedVoiceFrame.ShowText(0, message.Zh), _time.GetUtcNow().ToUnixTimeSeconds());
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
