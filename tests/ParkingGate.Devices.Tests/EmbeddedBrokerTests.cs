using System.Collections.Concurrent;
using System.Net;
using MQTTnet;
using MQTTnet.Protocol;
using ParkingGate.Devices.Families;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Devices.Vzenith;

namespace ParkingGate.Devices.Tests;

/// <summary>The embedded broker on loopback, with real MQTT clients connecting from outside the service.</summary>
public sealed class EmbeddedBrokerTests
{
    private static readonly string CameraHash = DevicePassword.Hash("cam-secret");
    private EmbeddedBroker _broker = null!;

    [SetUp]
    public async Task StartBroker() =>
        _broker = await EmbeddedBroker.StartAsync(new BrokerEndpoint(IPAddress.Loopback, 0, AllowAnonymous: false),
            [new VzenithFamily().Account(new DeviceAccount("cam-in-1", CameraHash, "vzenith", "sn-in-1"), "test-estate"), new VzenithFamily().Account(new DeviceAccount("cam-out-1", CameraHash, "vzenith", "sn-out-1"), "test-estate")]);

    [TearDown]
    public async Task StopBroker() => await _broker.DisposeAsync();

    private async Task<(IMqttClient Client, bool Connected)> ConnectAsync(string? user, string? password)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var builder = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", _broker.Port).WithClientId(Guid.NewGuid().ToString("N")).WithTimeout(TimeSpan.FromSeconds(5));
        if (user is not null)
        {
            builder.WithCredentials(user, password);
        }

        try
        {
            var result = await client.ConnectAsync(builder.Build());
            return (client, result.ResultCode == MqttClientConnectResultCode.Success);
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException)
        {
            return (client, false);
        }
    }

    private async Task<MqttLink> ServiceAsync(ConcurrentQueue<(string Topic, string Payload)> received, params string[] filters)
    {
        var link = new MqttLink(new MqttLinkOptions("127.0.0.1", _broker.Port, "service-" + Guid.NewGuid().ToString("N"), EmbeddedBroker.ServiceUser, _broker.ServicePassword, "parkinggate/test/status"), TimeProvider.System);
        link.MessageReceived = (topic, payload) =>
        {
            received.Enqueue((topic, System.Text.Encoding.UTF8.GetString(payload)));
            return Task.CompletedTask;
        };
        await link.StartAsync(TimeSpan.FromSeconds(5));
        foreach (var filter in filters)
        {
            await link.SubscribeAsync(filter);
        }

        return link;
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within);
        while (!condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System, deadline.Token);
        }
    }

    [Test]
    public async Task A_device_with_its_password_connects_and_others_are_refused()
    {
        Assert.That((await ConnectAsync("cam-in-1", "cam-secret")).Connected, Is.True);
        Assert.That((await ConnectAsync("cam-in-1", "wrong")).Connected, Is.False);
        Assert.That((await ConnectAsync("nobody", "cam-secret")).Connected, Is.False);
        Assert.That((await ConnectAsync(null, null)).Connected, Is.False);
        Assert.That((await ConnectAsync(EmbeddedBroker.ServiceUser, "guess")).Connected, Is.False);
        Assert.That(_broker.RefusedConnections, Is.EqualTo(4));
    }

    [Test]
    public async Task A_camera_may_publish_only_its_own_topics()
    {
        var received = new ConcurrentQueue<(string Topic, string Payload)>();
        await using var service = await ServiceAsync(received, "device/+/message/up/#");
        var (camera, _) = await ConnectAsync("cam-in-1", "cam-secret");

        await camera.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("device/sn-out-1/message/up/ivs_result").WithPayload("forged").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        await camera.PublishAsync(new MqttApplicationMessageBuilder().WithTopic("device/sn-in-1/message/up/ivs_result").WithPayload("mine").WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

        await WaitUntilAsync(() => received.Any(m => m.Payload == "mine"), TimeSpan.FromSeconds(5));
        Assert.That(received.Select(m => m.Payload), Is.EqualTo(new[] { "mine" }));
        Assert.That(_broker.RefusedPublishes, Is.EqualTo(1));
    }

    [Test]
    public async Task A_camera_cannot_listen_to_another_lanes_commands()
    {
        var (camera, _) = await ConnectAsync("cam-in-1", "cam-secret");
        var result = await camera.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter("device/sn-out-1/message/down/#").WithTopicFilter("device/sn-in-1/message/down/#").WithTopicFilter("#").Build());
        Assert.That(result.Items.Select(i => i.ResultCode), Is.EqualTo(new[]
        {
            MqttClientSubscribeResultCode.NotAuthorized, MqttClientSubscribeResultCode.GrantedQoS0, MqttClientSubscribeResultCode.NotAuthorized,
        }));
    }

    [Test]
    public async Task The_service_announces_itself_online_with_a_retained_status()
    {
        var received = new ConcurrentQueue<(string Topic, string Payload)>();
        await using var service = await ServiceAsync(received);
        await using var observer = await ServiceAsync(received, "parkinggate/test/status");
        await WaitUntilAsync(() => received.Any(m => m.Topic == "parkinggate/test/status" && m.Payload == "online"), TimeSpan.FromSeconds(5));
    }

    [Test]
    public void Passwords_are_stored_hashed_and_checked_in_constant_time()
    {
        var hash = DevicePassword.Hash("s3cret");
        Assert.That(hash, Does.StartWith("pbkdf2-sha256$100000$").And.Not.Contain("s3cret"));
        Assert.That(DevicePassword.Verify("s3cret", hash), Is.True);
        Assert.That(DevicePassword.Verify("s3cret ", hash), Is.False);
        Assert.That(DevicePassword.Verify("s3cret", "plain-text"), Is.False);
        Assert.That(DevicePassword.Hash("s3cret"), Is.Not.EqualTo(hash), "salted");
        Assert.That(DevicePassword.IsWellFormed("pbkdf2-sha256$10$AAAA$AAAA"), Is.False);
    }
}
