using System.Threading.Channels;
using ParkingGate.Devices;
using ParkingGate.Devices.LedVoiceBoard;
using ParkingGate.Devices.ModbusBoard;
using ParkingGate.Devices.Serial;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Gate.Lanes;

namespace ParkingGate.Gate.Outputs;

/// <summary>A lane's LED/voice board on a serial line, and whether it speaks as well as shows.</summary>
/// <param name="Board">The board.</param>
/// <param name="Speak">Say each message as well as showing it.</param>
public sealed record SerialDisplay(LedBoard Board, bool Speak);

/// <summary>
/// Each lane's outputs wherever its devices are: a Modbus relay or a serial LED board where the config puts one,
/// MQTT for the rest and for every published decision. Messages to a serial board are queued per lane and sent in
/// the background (the newest few kept), so a slow or unplugged board never delays the barrier.
/// </summary>
public sealed class RoutedLaneOutputs : ILaneOutputs, IAsyncDisposable
{
    private readonly ILaneOutputs _mqtt;
    private readonly IReadOnlyDictionary<string, ModbusRelay> _relays;
    private readonly Dictionary<string, Channel<(string Text, bool Speak)>> _displayQueues = new(StringComparer.Ordinal);
    private readonly List<Task> _senders = [];

    /// <summary>Routes the lanes named in <paramref name="relays"/> and <paramref name="displays"/> to serial devices.</summary>
    /// <param name="mqtt">Everything else.</param>
    /// <param name="relays">Lanes whose barrier is on a Modbus relay board.</param>
    /// <param name="displays">Lanes whose LED/voice board is on a serial line.</param>
    /// <param name="problem">Told (lane, what) when a board did not take a message.</param>
    public RoutedLaneOutputs(ILaneOutputs mqtt, IReadOnlyDictionary<string, ModbusRelay> relays, IReadOnlyDictionary<string, SerialDisplay> displays, Action<string, string> problem)
    {
        _mqtt = mqtt ?? throw new ArgumentNullException(nameof(mqtt));
        _relays = relays ?? throw new ArgumentNullException(nameof(relays));
        ArgumentNullException.ThrowIfNull(displays);
        ArgumentNullException.ThrowIfNull(problem);
        foreach (var (lane, display) in displays)
        {
            var queue = Channel.CreateBounded<(string, bool)>(new BoundedChannelOptions(4) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
            _displayQueues[lane] = queue;
            _senders.Add(Task.Run(() => SendAsync(lane, display, queue.Reader, problem)));
        }
    }

    /// <inheritdoc />
    public Task<RelayResult> OpenGateAsync(string lane, CancellationToken cancellationToken) =>
        _relays.TryGetValue(lane, out var relay) ? relay.PulseAsync(cancellationToken) : _mqtt.OpenGateAsync(lane, cancellationToken);

    /// <inheritdoc />
    public Task<RelayResult> HoldGateAsync(string lane, bool held, CancellationToken cancellationToken) =>
        _relays.TryGetValue(lane, out var relay) ? relay.HoldAsync(held, cancellationToken) : _mqtt.HoldGateAsync(lane, held, cancellationToken);

    /// <inheritdoc />
    public Task ShowAsync(string lane, LocalizedText message, CancellationToken cancellationToken) =>
        Show(lane, message, speak: true) ? Task.CompletedTask : _mqtt.ShowAsync(lane, message, cancellationToken);

    /// <inheritdoc />
    public Task ShowIdleAsync(string lane, LocalizedText message, CancellationToken cancellationToken) =>
        Show(lane, message, speak: false) ? Task.CompletedTask : _mqtt.ShowIdleAsync(lane, message, cancellationToken);

    /// <summary>Queues the message for the lane's serial board, if it has one; false when its board is reached otherwise.</summary>
    private bool Show(string lane, LocalizedText message, bool speak)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_displayQueues.TryGetValue(lane, out var queue))
        {
            return false;
        }

        queue.Writer.TryWrite((message.Zh, speak)); // a full queue drops its oldest message: the newest few are kept
        return true;
    }

    /// <inheritdoc />
    public Task PublishAsync(LaneDecision decision, CancellationToken cancellationToken) => _mqtt.PublishAsync(decision, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var queue in _displayQueues.Values)
        {
            queue.Writer.TryComplete();
        }

        await Task.WhenAll(_senders).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private static async Task SendAsync(string lane, SerialDisplay display, ChannelReader<(string Text, bool Speak)> messages, Action<string, string> problem)
    {
        await foreach (var (text, speak) in messages.ReadAllAsync())
        {
            if (!await display.Board.ShowAsync(text, speak && display.Speak))
            {
                problem(lane, display.Board.LastProblem ?? "the board did not take the message");
            }
        }
    }
}
