using System.Collections.Concurrent;
using System.Net;
using MQTTnet;
using MQTTnet.Protocol;
using ParkingGate.Devices.Families;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Devices.Vzenith;

namespace ParkingGate.Devices.Tests;

public sealed class MqttLinkTests
{
    [Test]
    public async Task After_a_broker_restart_the_link_reconnects_and_resubscribes_within_five_seconds()
    {
        var password = EmbeddedBroker.NewServicePassword();
        var camera = DevicePassword.Hash("cam");
        var accounts = new[] { new VzenithFamily().Account(new DeviceAccount("cam", camera, "vzenith", "sn1"), "test-estate") };
        var broker = await EmbeddedBroker.StartAsync(new BrokerEndpoint(IPAddress.Loopback, 0, false), accounts, password);
        var endpoint = new BrokerEndpoint(IPAddress.Loopback, broker.Port, false);
        var received = new ConcurrentQueue<string>();
        await using var link = new MqttLink(new MqttLinkOptions("127.0.0.1", broker.Port, "svc", EmbeddedBroker.ServiceUser, password, null), TimeProvider.System);
        link.MessageReceived = (_, payload) =>
        {
            received.Enqueue(System.Text.Encoding.UTF8.GetString(payload));
            return Task.CompletedTask;
        };
        await link.StartAsync(TimeSpan.FromSeconds(5));
        await link.SubscribeAsync("device/+/message/up/#");
        await broker.DisposeAsync();
        await using var restarted = await EmbeddedBroker.StartAsync(endpoint, accounts, password);

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (!received.Contains("after restart"))
        {
            // A camera keeps sending, as cameras do; the read arrives once the link is back and resubscribed.
            var client = new MqttClientFactory().CreateMqttClient();
            await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", endpoint.Port).WithCredentials("cam", "cam").Build(), deadline.Token);
            await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("device/sn1/message/up/ivs_result").WithPayload("after restart")
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), deadline.Token);
            await client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), deadline.Token);
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, deadline.Token);
        }

        Assert.That(stopwatch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(link.Connections, Is.EqualTo(2));
    }
}
