using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Protocol;

namespace ParkingGate.Devices.Mqtt;

/// <summary>How to reach a broker.</summary>
/// <param name="Host">Host name or address.</param>
/// <param name="Port">TCP port.</param>
/// <param name="ClientId">Stable client id (persistent session).</param>
/// <param name="UserName">User name, or null.</param>
/// <param name="Password">Password, or null.</param>
/// <param name="StatusTopic">Retained online/offline topic with a will, or null.</param>
/// <param name="UseTls">Connect with TLS.</param>
/// <param name="PinnedCertificate">
/// With TLS, accept exactly this server certificate and no other (the service talking to its own embedded broker,
/// whose certificate it loaded); when null, the system's trust store decides.
/// </param>
public sealed record MqttLinkOptions(string Host, int Port, string ClientId, string? UserName, string? Password, string? StatusTopic, bool UseTls = false, X509Certificate2? PinnedCertificate = null);

/// <summary>
/// One MQTT connection that stays up: it reconnects with backoff (on <see cref="TimeProvider"/>), resubscribes,
/// announces itself online with a retained status and leaves a will that says offline. MQTTnet 5 has no managed
/// client, so this is ours. Commands are QoS 1 and never retained.
/// </summary>
public sealed class MqttLink : IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);
    private readonly MqttLinkOptions _options;
    private readonly TimeProvider _time;
    private readonly IMqttClient _client;
    private readonly ConcurrentDictionary<string, byte> _filters = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _connectLock = new(1, 1);
    private readonly SemaphoreSlim _disconnected = new(0, 1);
    private Task? _loop;

    /// <summary>Creates the link; nothing connects until <see cref="StartAsync"/>.</summary>
    public MqttLink(MqttLinkOptions options, TimeProvider time)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += _ =>
        {
            if (_disconnected.CurrentCount == 0)
            {
                _disconnected.Release();
            }

            return Task.CompletedTask;
        };
        _client.ApplicationMessageReceivedAsync += async e =>
        {
            if (MessageReceived is { } handler)
            {
                await handler(e.ApplicationMessage.Topic, e.ApplicationMessage.Payload.ToArray());
            }
        };
    }

    /// <summary>Called for every message on a subscribed topic (topic, payload).</summary>
    public Func<string, byte[], Task>? MessageReceived { get; set; }

    /// <summary>True while connected.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>How many times the link (re)connected.</summary>
    public int Connections { get; private set; }

    /// <summary>Connects (waiting up to <paramref name="firstConnect"/> for the first connection) and keeps the link up.</summary>
    public async Task StartAsync(TimeSpan firstConnect, CancellationToken cancellationToken = default)
    {
        _loop = Task.Run(() => KeepConnectedAsync(_stop.Token), CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(firstConnect);
        while (!_client.IsConnected)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _time, deadline.Token);
        }
    }

    /// <summary>Subscribes now if connected, and again after every reconnect.</summary>
    public async Task SubscribeAsync(string filter, CancellationToken cancellationToken = default)
    {
        _filters[filter] = 0;
        if (_client.IsConnected)
        {
            await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
        }
    }

    /// <summary>Publishes at QoS 1; commands are never retained. Throws when not connected.</summary>
    public async Task PublishAsync(string topic, ReadOnlyMemory<byte> payload, bool retain = false, CancellationToken cancellationToken = default)
    {
        var message = new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload.ToArray())
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).WithRetainFlag(retain).Build();
        await _client.PublishAsync(message, cancellationToken);
    }

    /// <summary>Publishes UTF-8 text.</summary>
    public Task PublishAsync(string topic, string payload, bool retain = false, CancellationToken cancellationToken = default) =>
        PublishAsync(topic, System.Text.Encoding.UTF8.GetBytes(payload), retain, cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (_client.IsConnected)
        {
            if (_options.StatusTopic is { } status)
            {
                await PublishAsync(status, "offline", retain: true).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build()).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _client.Dispose();
        _stop.Dispose();
        _connectLock.Dispose();
        _disconnected.Dispose();
    }

    private async Task KeepConnectedAsync(CancellationToken stop)
    {
        var backoff = TimeSpan.FromMilliseconds(200);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                if (_client.IsConnected)
                {
                    // Sleep until the client says it lost the connection; no polling.
                    await _disconnected.WaitAsync(stop);
                    continue;
                }

                try
                {
                    await ConnectAsync(stop);
                    backoff = TimeSpan.FromMilliseconds(200);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stop.IsCancellationRequested)
                {
                    // The broker is down or refused us: wait and try again; the service keeps running.
                    LastError = e.Message;
                    await Task.Delay(backoff, _time, stop);
                    backoff = backoff * 2 > MaxBackoff ? MaxBackoff : backoff * 2;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>The last connection error, for status pages and logs.</summary>
    public string? LastError { get; private set; }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        await _connectLock.WaitAsync(cancellationToken);
        try
        {
            var builder = new MqttClientOptionsBuilder()
                .WithTcpServer(_options.Host, _options.Port)
                .WithClientId(_options.ClientId)
                .WithCleanSession(false)
                .WithKeepAlivePeriod(TimeSpan.FromSeconds(15))
                .WithTimeout(TimeSpan.FromSeconds(5));
            if (_options.UserName is not null)
            {
                builder.WithCredentials(_options.UserName, _options.Password);
            }

            if (_options.UseTls)
            {
                builder.WithTlsOptions(o =>
                {
                    o.UseTls().WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13);
                    if (_options.PinnedCertificate is { } pinned)
                    {
                        o.WithCertificateValidationHandler(e => e.Certificate is not null && e.Certificate.GetCertHash().AsSpan().SequenceEqual(pinned.GetCertHash()));
                    }
                });
            }

            if (_options.StatusTopic is { } status)
            {
                builder.WithWillTopic(status).WithWillPayload("offline").WithWillRetain(true).WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
            }

            var result = await _client.ConnectAsync(builder.Build(), cancellationToken);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                throw new InvalidOperationException($"the broker refused the connection: {result.ResultCode}");
            }

            foreach (var filter in _filters.Keys)
            {
                await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build(), cancellationToken);
            }

            if (_options.StatusTopic is { } online)
            {
                await PublishAsync(online, "online", retain: true, cancellationToken);
            }

            Connections++;
            LastError = null;
        }
        finally
        {
            _connectLock.Release();
        }
    }
}
