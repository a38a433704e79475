using System.Collections.Concurrent;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace ParkingGate.Devices.Mqtt;

/// <summary>Where and how the embedded broker listens.</summary>
/// <param name="Address">The address to bind (loopback unless the config says otherwise).</param>
/// <param name="Port">TCP port; 0 picks a free one (tests).</param>
/// <param name="AllowAnonymous">Accept clients without credentials (off unless the config says so).</param>
/// <param name="Certificate">
/// The broker's certificate with its private key: when given, the port speaks TLS (1.2 or 1.3) only and no plain
/// MQTT listener is opened.
/// </param>
public sealed record BrokerEndpoint(IPAddress Address, int Port, bool AllowAnonymous, X509Certificate2? Certificate = null);

/// <summary>
/// The MQTT broker inside the service (MQTTnet.Server): bound only to the configured address, persistent sessions
/// on so QoS 1 messages wait for an offline device, every client authenticated, and an ACL per account that lets a
/// device publish only its own topics and subscribe only to its own command topics. The service itself connects
/// with an account whose password is made at start and lives only in memory.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private readonly MqttServer _server;
    private readonly IReadOnlyDictionary<string, BrokerAccount> _accounts;
    private readonly bool _allowAnonymous;
    private long _refusedConnections;
    private long _refusedPublishes;
    private long _refusedSubscriptions;

    private EmbeddedBroker(MqttServer server, IReadOnlyDictionary<string, BrokerAccount> accounts, bool allowAnonymous, int port, string servicePassword)
    {
        _server = server;
        _accounts = accounts;
        _allowAnonymous = allowAnonymous;
        Port = port;
        ServicePassword = servicePassword;
    }

    /// <summary>The user name the service connects with.</summary>
    public const string ServiceUser = "parkinggate-service";

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>The service account's password, made at start.</summary>
    public string ServicePassword { get; }

    /// <summary>Connections refused (bad or missing credentials).</summary>
    public long RefusedConnections => Interlocked.Read(ref _refusedConnections);

    /// <summary>Publishes dropped by the ACL.</summary>
    public long RefusedPublishes => Interlocked.Read(ref _refusedPublishes);

    /// <summary>Subscriptions refused by the ACL.</summary>
    public long RefusedSubscriptions => Interlocked.Read(ref _refusedSubscriptions);

    /// <summary>Raised (with user, topic) when the ACL drops a publish, for the service's log.</summary>
    public event Action<string, string>? PublishRefused;

    /// <summary>Raised when a login is refused: the user name tried (or "(anonymous)") and the client's IP address; never the password.</summary>
    public event Action<string, string>? LoginRefused;

    private volatile bool _devicesWait;

    /// <summary>
    /// Lets devices log in (after <see cref="StartAsync"/> with <c>devicesWait</c>): the gate calls it once it has
    /// subscribed, so what a camera sends the moment it is back (the records it kept while the gate was down) has a
    /// subscriber and is not dropped by the broker.
    /// </summary>
    public void OpenToDevices() => _devicesWait = false;

    /// <summary>A fresh random password for the service account (made once per process, kept across broker restarts).</summary>
    public static string NewServicePassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    /// <summary>Starts the broker.</summary>
    /// <param name="endpoint">Where to listen.</param>
    /// <param name="devices">The device accounts.</param>
    /// <param name="servicePassword">The service account's password; a new one when null.</param>
    /// <param name="devicesWait">True to answer device logins "server unavailable" (they try again) until <see cref="OpenToDevices"/>.</param>
    public static async Task<EmbeddedBroker> StartAsync(BrokerEndpoint endpoint, IEnumerable<BrokerAccount> devices, string? servicePassword = null, bool devicesWait = false)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        var port = endpoint.Port == 0 ? FreePort(endpoint.Address) : endpoint.Port;
        servicePassword ??= NewServicePassword();
        var accounts = new ConcurrentDictionary<string, BrokerAccount>(StringComparer.Ordinal);
        foreach (var device in devices)
        {
            accounts[device.UserName] = device;
        }

        var builder = new MqttServerOptionsBuilder().WithPersistentSessions().WithMaxPendingMessagesPerClient(1000);
        if (endpoint.Certificate is { } certificate)
        {
            builder.WithoutDefaultEndpoint()
                .WithEncryptedEndpoint()
                .WithEncryptedEndpointBoundIPAddress(endpoint.Address)
                .WithEncryptedEndpointPort(port)
                .WithEncryptionCertificate(certificate)
                .WithEncryptionSslProtocol(SslProtocols.Tls12 | SslProtocols.Tls13);
        }
        else
        {
            builder.WithDefaultEndpoint().WithDefaultEndpointBoundIPAddress(endpoint.Address).WithDefaultEndpointPort(port);
        }

        var options = builder.Build();
        var server = new MqttServerFactory().CreateMqttServer(options);
        var broker = new EmbeddedBroker(server, accounts, endpoint.AllowAnonymous, port, servicePassword) { _devicesWait = devicesWait };
        server.ValidatingConnectionAsync += broker.ValidateAsync;
        server.InterceptingPublishAsync += broker.InterceptPublishAsync;
        server.InterceptingSubscriptionAsync += broker.InterceptSubscriptionAsync;
        await server.StartAsync();
        return broker;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _server.StopAsync(new MqttServerStopOptionsBuilder().Build());
        _server.Dispose();
    }

    private Task ValidateAsync(ValidatingConnectionEventArgs e)
    {
        if (e.UserName == ServiceUser)
        {
            e.ReasonCode = e.Password == ServicePassword ? MqttConnectReasonCode.Success : Refuse();
        }
        else if (string.IsNullOrEmpty(e.UserName))
        {
            e.ReasonCode = _allowAnonymous ? MqttConnectReasonCode.Success : Refuse();
        }
        else
        {
            e.ReasonCode = !(_accounts.TryGetValue(e.UserName, out var account) && DevicePassword.Verify(e.Password, account.PasswordHash)) ? Refuse()
                : _devicesWait ? MqttConnectReasonCode.ServerUnavailable
                : MqttConnectReasonCode.Success;
        }

        return Task.CompletedTask;

        MqttConnectReasonCode Refuse()
        {
            Interlocked.Increment(ref _refusedConnections);
            var who = string.IsNullOrEmpty(e.UserName) ? "(anonymous)" : e.UserName.Length > 64 ? e.UserName[..64] : e.UserName;
            LoginRefused?.Invoke(who, e.RemoteEndPoint is System.Net.IPEndPoint ip ? ip.Address.ToString() : "?"); // the address, not the port: one line per source, not per attempt
            return MqttConnectReasonCode.BadUserNameOrPassword;
        }
    }

    private Task InterceptPublishAsync(InterceptingPublishEventArgs e)
    {
        // Messages the broker itself injects have no client id.
        if (string.IsNullOrEmpty(e.ClientId) || e.UserName == ServiceUser)
        {
            return Task.CompletedTask;
        }

        var allowed = e.UserName is { Length: > 0 } user && _accounts.TryGetValue(user, out var account) && account.MayPublish(e.ApplicationMessage.Topic);
        if (!allowed)
        {
            e.ProcessPublish = false;
            Interlocked.Increment(ref _refusedPublishes);
            PublishRefused?.Invoke(e.UserName ?? "(anonymous)", e.ApplicationMessage.Topic);
        }

        return Task.CompletedTask;
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        if (e.UserName == ServiceUser)
        {
            return Task.CompletedTask;
        }

        var allowed = e.UserName is { Length: > 0 } user && _accounts.TryGetValue(user, out var account) && account.MaySubscribe(e.TopicFilter.Topic);
        if (!allowed)
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            Interlocked.Increment(ref _refusedSubscriptions);
        }

        return Task.CompletedTask;
    }

    private static int FreePort(IPAddress address)
    {
        using var listener = new System.Net.Sockets.TcpListener(address, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
