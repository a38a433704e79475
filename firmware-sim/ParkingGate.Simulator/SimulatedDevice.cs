using MQTTnet;
using MQTTnet.Protocol;

namespace ParkingGate.Simulator;

/// <summary>
/// What every simulated device shares: one MQTT client with the device's own account, its command topic, QoS 1.
/// Like a real camera, it connects again by itself when the connection drops (after it was first connected), and a
/// message it could not send meanwhile is sent once it is back.
/// </summary>
public abstract class SimulatedDevice : IAsyncDisposable
{
    private MqttClientOptions? _options;
    private string? _commands;
    private volatile bool _disposing;
    private int _reconnects;

    /// <summary>The device's MQTT client.</summary>
    protected IMqttClient Client { get; } = new MqttClientFactory().CreateMqttClient();

    /// <summary>Whether the device is connected to the broker now.</summary>
    public bool IsConnected => Client.IsConnected;

    /// <summary>How many times the connection dropped and was made again.</summary>
    public int Reconnects => Volatile.Read(ref _reconnects);

    /// <summary>Why the connection dropped, each time (the MQTT reason and the exception, if any).</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Drops { get; } = new();

    /// <summary>Connects with the device's account and subscribes to its commands, handled by <see cref="OnMessageAsync"/>.</summary>
    protected async Task ConnectAsync(string host, int port, string clientId, string user, string password, string commands, CancellationToken cancellationToken = default)
    {
        Client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _options = new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId(clientId).WithCredentials(user, password).Build();
        _commands = commands;
        await Client.ConnectAsync(_options, cancellationToken);
        await Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(commands, MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
        Client.DisconnectedAsync += OnDisconnectedAsync;
    }

    private async Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        if (_disposing || _options is null)
        {
            return;
        }

        Drops.Enqueue($"{e.Reason} {e.ReasonString} {e.Exception?.GetType().Name}: {e.Exception?.Message}".Trim());
        while (!_disposing && !Client.IsConnected)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);
            try
            {
                await Client.ConnectAsync(_options);
                await Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(_commands, MqttQualityOfServiceLevel.AtLeastOnce).Build());
                Interlocked.Increment(ref _reconnects);
                _ = Task.Run(OnReconnectedAsync);
            }
            catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Adapter.MqttConnectingFailedException or InvalidOperationException or OperationCanceledException)
            {
                // the broker is not back yet
            }
        }
    }

    /// <summary>True once the first connection was made (a device never connected is not "offline", just absent).</summary>
    protected bool WasConnected => _options is not null;

    /// <summary>Called after the connection dropped and was made again (a camera sends what it kept meanwhile).</summary>
    protected virtual Task OnReconnectedAsync() => Task.CompletedTask;

    /// <summary>Handles a command.</summary>
    protected abstract Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e);

    /// <summary>Publishes at QoS 1, never retained; when the connection has dropped, waits up to 10 s for it to come back.</summary>
    protected async Task PublishAsync(string topic, string payload, CancellationToken cancellationToken = default)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        var started = TimeProvider.System.GetTimestamp();
        while (true)
        {
            try
            {
                await Client.PublishAsync(message, cancellationToken);
                return;
            }
            catch (Exception e) when (e is MQTTnet.Exceptions.MqttClientDisconnectedException or MQTTnet.Exceptions.MqttClientNotConnectedException
                && _options is not null && !_disposing && TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(10))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _disposing = true;
        if (Client.IsConnected)
        {
            await Client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }

        Client.Dispose();
        GC.SuppressFinalize(this);
    }
}
