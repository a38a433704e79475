using MQTTnet;
using MQTTnet.Protocol;

namespace ParkingGate.Simulator;

/// <summary>What every simulated device shares: one MQTT client with the device's own account, its command topic, QoS 1.</summary>
public abstract class SimulatedDevice : IAsyncDisposable
{
    /// <summary>The device's MQTT client.</summary>
    protected IMqttClient Client { get; } = new MqttClientFactory().CreateMqttClient();

    /// <summary>Connects with the device's account and subscribes to its commands, handled by <see cref="OnMessageAsync"/>.</summary>
    protected async Task ConnectAsync(string host, int port, string clientId, string user, string password, string commands, CancellationToken cancellationToken = default)
    {
        Client.ApplicationMessageReceivedAsync += OnMessageAsync;
        await Client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(host, port).WithClientId(clientId).WithCredentials(user, password).Build(), cancellationToken);
        await Client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(commands, MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
    }

    /// <summary>Handles a command.</summary>
    protected abstract Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e);

    /// <summary>Publishes at QoS 1, never retained.</summary>
    protected async Task PublishAsync(string topic, string payload, CancellationToken cancellationToken = default) =>
        await Client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Client.IsConnected)
        {
            await Client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }

        Client.Dispose();
        GC.SuppressFinalize(this);
    }
}
