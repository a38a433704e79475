using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ParkingGate.Simulator;

/// <summary>How a simulated camera's HTTP endpoint answers the gate.</summary>
public enum EndpointMode
{
    /// <summary>As a working camera does.</summary>
    Normal,

    /// <summary>It does not know the gate's account: 401 to every request.</summary>
    Unauthorized,

    /// <summary>It fails inside: 500.</summary>
    Error,

    /// <summary>It takes the request and never answers.</summary>
    Silent,
}

/// <summary>
/// A camera's own web server as the gate calls it: Kestrel on loopback behind HTTP Digest (RFC 2617, MD5 with
/// qop=auth, as Hikvision and Dahua cameras ask), so the gate's client has to answer a real challenge. The digest is
/// checked here, independently of the .NET client that computes it.
/// </summary>
public sealed partial class DigestEndpoint : IAsyncDisposable
{
    private const string Realm = "IP Camera";
    private readonly WebApplication _app;
    private readonly string _user;
    private readonly string _password;

    private DigestEndpoint(WebApplication app, string user, string password)
    {
        _app = app;
        _user = user;
        _password = password;
    }

    /// <summary>Its address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri Address { get; private set; } = null!;

    /// <summary>How it answers now.</summary>
    public EndpointMode Mode { get; set; }

    /// <summary>Requests refused for a wrong or missing digest (the challenges not counted).</summary>
    public int Refused => _refused;

    private int _refused;

    /// <summary>
    /// Serves <paramref name="handle"/> (method, path and query, body → status and body) for requests that carry a good
    /// digest of <paramref name="user"/> and <paramref name="password"/>.
    /// </summary>
    public static async Task<DigestEndpoint> StartAsync(string user, string password, Func<string, string, string, (int Status, string Body)> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var endpoint = new DigestEndpoint(app, user, password);
        app.Run(async context =>
        {
            if (endpoint.Mode == EndpointMode.Silent)
            {
                await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                return;
            }

            var authorization = context.Request.Headers.Authorization.ToString();
            if (authorization.Length == 0 || endpoint.Mode == EndpointMode.Unauthorized || !endpoint.Valid(context.Request.Method, authorization))
            {
                if (authorization.Length > 0)
                {
                    Interlocked.Increment(ref endpoint._refused);
                }

                context.Response.StatusCode = 401;
                context.Response.Headers.WWWAuthenticate = $"Digest realm=\"{Realm}\", qop=\"auth\", nonce=\"{Convert.ToHexString(RandomNumberGenerator.GetBytes(16))}\", opaque=\"{Convert.ToHexString(RandomNumberGenerator.GetBytes(8))}\"";
                return;
            }

            if (endpoint.Mode == EndpointMode.Error)
            {
                context.Response.StatusCode = 500;
                await context.Response.WriteAsync("internal error");
                return;
            }

            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var (status, body) = handle(context.Request.Method, context.Request.Path + context.Request.QueryString, await reader.ReadToEndAsync());
            context.Response.StatusCode = status;
            await context.Response.WriteAsync(body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        endpoint.Address = new Uri(address);
        return endpoint;
    }

    /// <summary>Checks an <c>Authorization: Digest …</c> header against the account.</summary>
    private bool Valid(string method, string header)
    {
        if (!header.StartsWith("Digest ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var fields = Parameter().Matches(header[7..]).ToDictionary(m => m.Groups["key"].Value.ToLowerInvariant(), m => m.Groups["quoted"].Success ? m.Groups["quoted"].Value : m.Groups["plain"].Value, StringComparer.Ordinal);
        if (fields.GetValueOrDefault("username") != _user || fields.GetValueOrDefault("realm") != Realm)
        {
            return false;
        }

        var ha1 = Md5($"{_user}:{Realm}:{_password}");
        var ha2 = Md5($"{method}:{fields.GetValueOrDefault("uri")}");
        var expected = fields.GetValueOrDefault("qop") == "auth"
            ? Md5($"{ha1}:{fields.GetValueOrDefault("nonce")}:{fields.GetValueOrDefault("nc")}:{fields.GetValueOrDefault("cnonce")}:auth:{ha2}")
            : Md5($"{ha1}:{fields.GetValueOrDefault("nonce")}:{ha2}");
        return string.Equals(expected, fields.GetValueOrDefault("response"), StringComparison.OrdinalIgnoreCase);
    }

#pragma warning disable CA5351 // HTTP Digest is defined over MD5; the simulated camera checks what real cameras check
    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351

    [GeneratedRegex("""(?<key>[A-Za-z]+)=(?:"(?<quoted>[^"]*)"|(?<plain>[^,\s]+))""")]
    private static partial Regex Parameter();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
