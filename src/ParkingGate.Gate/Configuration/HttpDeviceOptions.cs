namespace ParkingGate.Gate.Configuration;

/// <summary>
/// The device HTTP listener cameras push to (not the desk): its address, TLS and limits, and the cameras that may push.
/// </summary>
public sealed class HttpDeviceOptions
{
    /// <summary>The address it binds (default loopback: set the gate PC's camera-side address to use it).</summary>
    public string Bind { get; init; } = "127.0.0.1";

    /// <summary>Its port (0: any free one).</summary>
    public int Port { get; init; } = 8088;

    /// <summary>HTTPS only on that port, with <see cref="Certificate"/> and <see cref="CertificateKey"/> (PEM files, as for the broker).</summary>
    public bool Tls { get; init; }

    /// <summary>The listener's certificate, a PEM file (relative paths are beside the config file).</summary>
    public string? Certificate { get; init; }

    /// <summary>The private key of <see cref="Certificate"/>, a PEM file.</summary>
    public string? CertificateKey { get; init; }

    /// <summary>The certificate and key loaded by the config loader.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public System.Security.Cryptography.X509Certificates.X509Certificate2? LoadedCertificate { get; internal set; }

    /// <summary>The largest push body taken, in KiB (pictures included; default 2048).</summary>
    public int MaxBodyKb { get; init; } = 2048;

    /// <summary>Seconds a camera has to send its request headers (default 5).</summary>
    public int HeaderTimeoutSeconds { get; init; } = 5;

    /// <summary>Seconds a camera has to send its whole request (default 15).</summary>
    public int RequestTimeoutSeconds { get; init; } = 15;

    /// <summary>Connections served at once (default 64).</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>The cameras that push, each with the secret of its push URL.</summary>
    public IReadOnlyList<HttpDeviceEntry> Devices { get; init; } = [];
}

/// <summary>A camera that pushes over HTTP: its push URL is <c>http(s)://{gate PC}:{port}/push/{secret}</c>.</summary>
public sealed class HttpDeviceEntry
{
    /// <summary>The camera's family, e.g. <c>vzenith-http</c>.</summary>
    public string Kind { get; init; } = "";

    /// <summary>The camera's id within its family (a Vzenith serial number).</summary>
    public string Id { get; init; } = "";

    /// <summary>The secret path segment of its push URL: 16 to 64 letters, digits, '-' or '_' (<c>parkinggate device new-secret</c>).</summary>
    public string Secret { get; init; } = "";

    /// <summary>The one address it may push from, or null for any.</summary>
    public string? From { get; init; }

    /// <summary>Where the gate calls the camera to lift its barrier (Hikvision, Dahua), e.g. <c>http://192.168.1.64</c>.</summary>
    public string? Address { get; init; }

    /// <summary>The camera account the gate calls with (HTTP Digest; an operator account, not admin).</summary>
    public string? User { get; init; }

    /// <summary>
    /// That account's password, in clear: Digest needs it (keep the config file readable only by the service's user).
    /// Never logged.
    /// </summary>
    public string? Password { get; init; }
}
