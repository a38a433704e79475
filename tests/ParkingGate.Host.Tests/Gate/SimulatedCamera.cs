using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using ParkingGate.Protocols.Display;

namespace ParkingGate.Host.Tests.Gate;

/// <summary>
/// A Vzenith camera on the broker, as the real one talks: it publishes ivs_result with a base64 license, answers
/// gpio_out with code 200 and the same id (unless told to stay silent), and decodes the LED/voice frames it is sent.
/// </summary>
internal sealed class SimulatedCamera : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private int _reads;

    private SimulatedCamera(string sn) => Sn = sn;

    public string Sn { get; }

    public bool Silent { get; set; }

    public ConcurrentQueue<string> Pulses { get; } = new();

    public ConcurrentQueue<string> Spoken { get; } = new();

    public static async Task<SimulatedCamera> ConnectAsync(int port, string user, string password, string sn)
    {
        var camera = new SimulatedCamera(sn);
        camera._client.ApplicationMessageReceivedAsync += camera.OnCommandAsync;
        await camera._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(user).WithCredentials(user, password).Build());
        await camera._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter($"device/{sn}/message/down/#", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return camera;
    }

    /// <summary>Publishes a plate read, as this camera or (forged) on another camera's topic.</summary>
    public Task ReadAsync(string plate, int confidence = 95, string? asSn = null, string? messageId = null, byte[]? picture = null, TimeSpan? capturedAgo = null)
    {
        var sn = asSn ?? Sn;
        var now = DateTimeOffset.UtcNow - (capturedAgo ?? TimeSpan.Zero);
        var json = JsonSerializer.Serialize(new
        {
            id = messageId ?? $"{sn}-{Interlocked.Increment(ref _reads)}-{Guid.NewGuid():N}",
            sn, name = "ivs_result", version = "1.0", timestamp = now.ToUnixTimeSeconds(),
            payload = new
            {
                AlarmInfoPlate = new
                {
                    result = new
                    {
                        PlateResult = new
                        {
                            license = Convert.ToBase64String(Encoding.UTF8.GetBytes(plate)), colorType = 1, confidence,
                            imageFile = picture is null ? null : Convert.ToBase64String(picture),
                            timeStamp = new { Timeval = new { sec = now.ToUnixTimeSeconds(), usec = now.Millisecond * 1000 } },
                        },
                    },
                },
            },
        });
        return PublishAsync($"device/{sn}/message/up/ivs_result", json);
    }

    public Task PublishAsync(string topic, string payload) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build());
        }

        _client.Dispose();
    }

    private async Task OnCommandAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        if (e.ApplicationMessage.Topic.EndsWith("/reply", StringComparison.Ordinal))
        {
            return;
        }

        using var document = JsonDocument.Parse(e.ApplicationMessage.Payload.ToArray());
        var root = document.RootElement;
        var name = root.GetProperty("name").GetString();
        var id = root.GetProperty("id").GetString();
        var body = root.GetProperty("payload").GetProperty("body");
        if (name == "gpio_out")
        {
            Pulses.Enqueue(id!);
            if (!Silent)
            {
                await PublishAsync($"device/{Sn}/message/down/gpio_out/reply", JsonSerializer.Serialize(new { code = 200, id, name }));
            }
        }
        else if (name == "serial_data")
        {
            var frame = Convert.FromBase64String(body.GetProperty("serialData")[0].GetProperty("data").GetString()!);
            if (LedVoiceFrame.TryReadSpeech(frame, out var text, out _, out _))
            {
                Spoken.Enqueue(text);
            }
        }
    }
}
