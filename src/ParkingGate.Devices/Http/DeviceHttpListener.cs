using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using BadHttpRequestException = Microsoft.AspNetCore.Http.BadHttpRequestException;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ParkingGate.Devices.Families;

namespace ParkingGate.Devices.Http;

/// <summary>
/// The listener cameras push to (not the desk: its own port, bind address and limits). A push is taken only on
/// <c>/push/{secret}</c> with a configured device's secret (and from its address, when one is given); everything else
/// (an unknown secret, another path, a body over the limit, a client too slow to finish) is refused and counted
/// through the sink, never with the URL's secret or the body in the reason: a heartbeat carries the camera's password.
/// </summary>
public sealed class DeviceHttpListener : IAsyncDisposable
{
    private const string Served = "parkinggate.served";
    private readonly WebApplication _app;
    private readonly HttpListenerSettings _settings;
    private readonly IHttpDeviceSink _sink;
    private readonly (byte[] Hash, HttpDevice Device)[] _secrets;

    private DeviceHttpListener(WebApplication app, HttpListenerSettings settings, IHttpDeviceSink sink)
    {
        _app = app;
        _settings = settings;
        _sink = sink;
        _secrets = [.. settings.Devices.Select(d => (SHA256.HashData(Encoding.UTF8.GetBytes(d.Secret)), d))];
    }

    /// <summary>The port it listens on (the configured one, or the one chosen for port 0).</summary>
    public int Port { get; private set; }

    /// <summary>Starts listening with <paramref name="settings"/>; pushes go to <paramref name="sink"/>.</summary>
    public static async Task<DeviceHttpListener> StartAsync(HttpListenerSettings settings, IHttpDeviceSink sink, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(sink);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders(); // request lines carry the device's secret: nothing of ASP.NET Core's is logged
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = settings.MaxBodyBytes;
            kestrel.Limits.RequestHeadersTimeout = settings.HeaderTimeout;
            kestrel.Limits.MaxConcurrentConnections = settings.MaxConnections;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Limits.KeepAliveTimeout = TimeSpan.FromSeconds(60);
            kestrel.Limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
            kestrel.Listen(settings.Bind, settings.Port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                if (settings.Certificate is { } certificate)
                {
                    listen.UseHttps(https =>
                    {
                        https.ServerCertificate = certificate;
                        https.SslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;
                    });
                }

                // A connection that ends without one whole request reaching us (headers too slow, a half request, a
                // probe) is counted here: Kestrel closes it before any endpoint sees it.
                listen.Use(next => async connection =>
                {
                    await next(connection);
                    if (!connection.Items.ContainsKey(Served))
                    {
                        sink.Refuse($"http from {(connection.RemoteEndPoint as IPEndPoint)?.Address}: the connection closed before a whole request came (too slow, or not HTTP)");
                    }
                });
            });
        });
        var app = builder.Build();
        var listener = new DeviceHttpListener(app, settings, sink);
        app.Run(listener.HandleAsync);
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        listener.Port = new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal).Replace("0.0.0.0", "localhost", StringComparison.Ordinal)).Port;
        return listener;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (context.Features.Get<IConnectionItemsFeature>() is { } items)
        {
            items.Items[Served] = true;
        }

        var from = context.Connection.RemoteIpAddress;
        var reply = await TakeAsync(context, from);
        context.Response.StatusCode = reply.Status;
        if (reply.Status is StatusCodes.Status413PayloadTooLarge or StatusCodes.Status408RequestTimeout)
        {
            context.Response.Headers.Connection = "close"; // the rest of its body is not read: the connection cannot carry another request
        }

        context.Response.ContentType = reply.ContentType;
        try
        {
            await context.Response.WriteAsync(reply.Body, context.RequestAborted);
            await context.Response.CompleteAsync();
            reply.Delivered?.Invoke(true);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            reply.Delivered?.Invoke(false);
            _sink.Refuse($"http from {from}: the camera left before the reply was written ({e.GetType().Name})");
        }
    }

    private async Task<HttpReply> TakeAsync(HttpContext context, IPAddress? from)
    {
        var path = context.Request.Path.Value ?? "";
        if (!path.StartsWith("/push/", StringComparison.Ordinal))
        {
            return Refuse(404, "not found", $"http from {from}: {context.Request.Method} on a path that is not /push/…");
        }

        var rest = path["/push/".Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var secret = slash < 0 ? rest : rest[..slash];
        var device = Find(secret);
        if (device is null)
        {
            return Refuse(404, "not found", $"http from {from}: no device has that push URL");
        }

        var who = $"http {device.Kind} {device.Id}";
        if (device.From is { } expected && (from is null || !Same(expected, from)))
        {
            return Refuse(403, "forbidden", $"{who}: a push from {from}, not from its address {expected}");
        }

        if (!HttpMethods.IsPost(context.Request.Method))
        {
            return Refuse(405, "POST only", $"{who}: {context.Request.Method} instead of POST");
        }

        if (context.Request.ContentLength > _settings.MaxBodyBytes)
        {
            return Refuse(413, "too large", $"{who}: a body of {context.Request.ContentLength} bytes, over the limit of {_settings.MaxBodyBytes}");
        }

        byte[] body;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted))
        {
            timeout.CancelAfter(_settings.RequestTimeout);
            try
            {
                using var buffer = new MemoryStream();
                await context.Request.Body.CopyToAsync(buffer, timeout.Token);
                body = buffer.ToArray();
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return Refuse(413, "too large", $"{who}: a body over the limit of {_settings.MaxBodyBytes} bytes");
            }
            catch (Exception e) when (e is OperationCanceledException or BadHttpRequestException or IOException)
            {
                return Refuse(408, "too slow", $"{who}: the request was not complete within {_settings.RequestTimeout.TotalSeconds:0} s ({e.GetType().Name})");
            }
        }

        var family = DeviceFamilies.FindHttp(device.Kind);
        if (family is null)
        {
            return Refuse(500, "no such device kind", $"{who}: no HTTP family is called {device.Kind}");
        }

        try
        {
            return await family.ReceiveAsync(new HttpPush(device, slash < 0 ? "" : rest[slash..], context.Request.ContentType, body) { Zone = _settings.Zone }, _sink, context.RequestAborted);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Refuse(500, "error", $"{who}: the push could not be taken ({e.GetType().Name})");
        }
    }

    private HttpReply Refuse(int status, string text, string reason)
    {
        _sink.Refuse(reason);
        return HttpReply.Refused(status, text);
    }

    private HttpDevice? Find(string secret)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
        HttpDevice? found = null;
        foreach (var (known, device) in _secrets)
        {
            if (CryptographicOperations.FixedTimeEquals(known, hash))
            {
                found = device; // no early exit: every secret is compared
            }
        }

        return found;
    }

    private static bool Same(IPAddress a, IPAddress b) =>
        (a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Equals(b.IsIPv4MappedToIPv6 ? b.MapToIPv4() : b);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
