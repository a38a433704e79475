using System.Collections.Concurrent;
using ParkingGate.Devices;
using ParkingGate.Devices.Families;
using ParkingGate.Devices.Http;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Gate.Lanes;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Protocols.Display;

namespace ParkingGate.Gate.Outputs;

/// <summary>A lane whose camera is driven by the replies to its own requests, and which of its outputs go that way.</summary>
/// <param name="Camera">The camera.</param>
/// <param name="Relay">The barrier is the camera's output.</param>
/// <param name="Display">The board is on the camera's RS-485 port.</param>
/// <param name="ReplyTimeout">How long an opening waits for the reply carrying it to reach the camera.</param>
public sealed record PushLane(CameraAddress Camera, bool Relay, bool Display, TimeSpan ReplyTimeout);

/// <summary>
/// The outputs of lanes whose camera pushes its reads and waits (Vzenith HTTP): it cannot be called, so what the lane
/// does goes into a reply. While a read of the lane is being decided, the board's messages collect in that read's
/// reply and an opening sends it at once (confirmed when it has reached the camera). Anything else (a booth's
/// opening, a hold, a message after the reply) waits for the camera's next heartbeat. Other lanes pass through.
/// </summary>
public sealed partial class PushReplies : ILaneOutputs
{
    /// <summary>An opening that waits for a heartbeat gives up after this by default (heartbeats come every 5 s, or 30 s on some firmware).</summary>
    public static readonly TimeSpan DefaultHeartbeatWait = TimeSpan.FromSeconds(35);

    private static readonly TimeProvider PhysicalClock = TimeProvider.System;
    private readonly ILaneOutputs _inner;
    private readonly IReadOnlyDictionary<string, PushLane> _lanes;
    private readonly ConcurrentDictionary<(string Lane, string Message), Exchange> _waiting = new();
    private readonly ConcurrentDictionary<string, Exchange> _current = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<CameraAddress, Mailbox> _mail = new();
    private readonly ConcurrentDictionary<(string Lane, string Message), (PushAnswer Answer, long At)> _answered = new();
    private readonly TimeSpan _heartbeatWait;

    /// <summary>How long the answer to a read is kept for the camera sending the same read again (it resends an unanswered push).</summary>
    private static readonly TimeSpan AnswerMemory = TimeSpan.FromMinutes(2);

    /// <summary>Outputs for <paramref name="lanes"/> (by lane id); every other lane goes to <paramref name="inner"/>.</summary>
    /// <param name="inner">The outputs of every other lane, and of these lanes' devices that are not the camera.</param>
    /// <param name="lanes">The lanes whose camera pushes and waits.</param>
    /// <param name="heartbeatWait">How long an opening waits for the camera's next request (<see cref="DefaultHeartbeatWait"/>).</param>
    public PushReplies(ILaneOutputs inner, IReadOnlyDictionary<string, PushLane> lanes, TimeSpan? heartbeatWait = null)
    {
        _inner = inner ?? throw new ArgumentNullException(nameof(inner));
        _lanes = lanes ?? throw new ArgumentNullException(nameof(lanes));
        _heartbeatWait = heartbeatWait ?? DefaultHeartbeatWait;
    }

    /// <summary>
    /// Registers a read the camera waits on, before it is queued for <paramref name="lane"/>; the task ends with the
    /// answer, or not taken after <paramref name="wait"/>.
    /// </summary>
    public async Task<PushAnswer> AwaitAsync(string lane, CameraRead read, TimeSpan wait, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var exchange = new Exchange();
        var key = (lane, read.MessageId);
        if (!_waiting.TryAdd(key, exchange))
        {
            return new PushAnswer(false, false, [], null); // the same read is already waiting: the first one is answered
        }

        try
        {
            var answer = await exchange.Answer.Task.WaitAsync(wait, PhysicalClock, cancellationToken);
            Remember(lane, read.MessageId, answer);
            return answer;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            return exchange.Abandon();
        }
        finally
        {
            _waiting.TryRemove(new KeyValuePair<(string, string), Exchange>(key, exchange));
        }
    }

    /// <summary>
    /// The answer given to the same read of <paramref name="lane"/> within the last two minutes, or null: a camera sends
    /// a read again when the answer did not reach it, and the same answer (opening included) is what it should get,
    /// not a second decision (which would find a duplicate and not open).
    /// </summary>
    public PushAnswer? Answered(string lane, string messageId)
    {
        if (!_answered.TryGetValue((lane, messageId), out var kept) || PhysicalClock.GetElapsedTime(kept.At) > AnswerMemory)
        {
            return null;
        }

        return kept.Answer with { Delivered = null };
    }

    private void Remember(string lane, string messageId, PushAnswer answer)
    {
        if (!answer.Taken)
        {
            return;
        }

        var now = PhysicalClock.GetTimestamp();
        _answered[(lane, messageId)] = (answer, now);
        if (_answered.Count > 1000)
        {
            foreach (var old in _answered.Where(a => PhysicalClock.GetElapsedTime(a.Value.At) > AnswerMemory).Select(a => a.Key).ToList())
            {
                _answered.TryRemove(old, out _);
            }
        }
    }

    /// <summary>The lane's reader starts on <paramref name="read"/>: its outputs go into that read's reply, if the camera waits for one.</summary>
    public void Begin(string lane, CameraRead read)
    {
        ArgumentNullException.ThrowIfNull(read);
        if (_waiting.TryGetValue((lane, read.MessageId), out var exchange))
        {
            _current[lane] = exchange;
        }
    }

    /// <summary>The lane's reader is done with its read: the reply goes out now if the opening did not send it already.</summary>
    public void End(string lane, bool taken)
    {
        if (_current.TryRemove(lane, out var exchange))
        {
            exchange.Finish(taken);
        }
    }

    /// <summary>What waits for <paramref name="camera"/>'s next request, taken (null when nothing does).</summary>
    public WaitingCommands? TakeWaiting(CameraAddress camera) => _mail.TryGetValue(camera, out var mailbox) ? mailbox.Take() : null;

    /// <inheritdoc />
    public async Task<RelayResult> OpenGateAsync(string lane, CancellationToken cancellationToken)
    {
        if (!_lanes.TryGetValue(lane, out var push) || !push.Relay)
        {
            return await _inner.OpenGateAsync(lane, cancellationToken);
        }

        if (_current.TryGetValue(lane, out var exchange) && exchange.TryOpen() is { } delivered)
        {
            return await Confirmed(delivered, push.ReplyTimeout, cancellationToken);
        }

        var mailbox = Mail(push.Camera);
        var waiting = mailbox.Open();
        var result = await Confirmed(waiting, _heartbeatWait, cancellationToken);
        if (result == RelayResult.NoReply)
        {
            mailbox.Withdraw(waiting); // never an opening minutes later, when the camera is back and the car long gone
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<RelayResult> HoldGateAsync(string lane, bool held, CancellationToken cancellationToken) =>
        _lanes.TryGetValue(lane, out var push) && push.Relay
            ? await Confirmed(Mail(push.Camera).Hold(held), _heartbeatWait, cancellationToken)
            : await _inner.HoldGateAsync(lane, held, cancellationToken);

    /// <inheritdoc />
    public Task ShowAsync(string lane, LocalizedText message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_lanes.TryGetValue(lane, out var push) || !push.Display)
        {
            return _inner.ShowAsync(lane, message, cancellationToken);
        }

        var frame = LedVoiceFrame.Speak(message.Zh.Length > 60 ? message.Zh[..60] : message.Zh);
        if (!(_current.TryGetValue(lane, out var exchange) && exchange.TryAdd(frame)))
        {
            Mail(push.Camera).Add(frame);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ShowIdleAsync(string lane, LocalizedText message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_lanes.TryGetValue(lane, out var push) || !push.Display)
        {
            return _inner.ShowIdleAsync(lane, message, cancellationToken);
        }

        if (LedVoiceFrame.TryEncode(message.Zh, out _, out _))
        {
            Mail(push.Camera).Add(LedVoiceFrame.ShowText(0, message.Zh)); // rides on the camera's next heartbeat
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task PublishAsync(LaneDecision decision, CancellationToken cancellationToken) => _inner.PublishAsync(decision, cancellationToken);

    private Mailbox Mail(CameraAddress camera) => _mail.GetOrAdd(camera, _ => new Mailbox());

    private static async Task<RelayResult> Confirmed(Task<bool> delivered, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            return await delivered.WaitAsync(timeout, PhysicalClock, cancellationToken) ? RelayResult.Confirmed : RelayResult.NoReply;
        }
        catch (TimeoutException)
        {
            return RelayResult.NoReply;
        }
    }
}
