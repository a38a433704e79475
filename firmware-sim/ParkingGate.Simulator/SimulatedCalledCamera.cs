namespace ParkingGate.Simulator;

/// <summary>
/// A camera that pushes its reads to the gate over HTTP and is called back on its own web server behind HTTP Digest
/// (Hikvision, Dahua): its push URL, its web server, and what the last push was answered.
/// </summary>
public abstract class SimulatedCalledCamera : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private DigestEndpoint _web = null!;

    /// <summary>A camera called <paramref name="id"/> watching <paramref name="lane"/>, pushing to <paramref name="push"/>.</summary>
    protected SimulatedCalledCamera(Uri push, string id, string lane, TimeProvider time)
    {
        Push = push;
        Id = id;
        Lane = lane;
        Time = time;
    }

    /// <summary>Its id in the gate's config.</summary>
    public string Id { get; }

    /// <summary>The lane it watches.</summary>
    public string Lane { get; }

    /// <summary>Where the gate calls it.</summary>
    public Uri Address => _web.Address;

    /// <summary>Its web server (to make it refuse, fail or go silent).</summary>
    public DigestEndpoint Web => _web;

    /// <summary>The status of the last push's answer (0 when none came).</summary>
    public int LastStatus { get; private set; }

    /// <summary>Its push URL.</summary>
    protected Uri Push { get; }

    /// <summary>Its clock.</summary>
    protected TimeProvider Time { get; }

    /// <summary>Starts its web server with the account the gate calls it with; requests go to <see cref="Handle"/>.</summary>
    protected async Task StartWebAsync(string user, string password) => _web = await DigestEndpoint.StartAsync(user, password, Handle);

    /// <summary>A request that passed the digest: method, path and query, body → status and body.</summary>
    protected abstract (int Status, string Body) Handle(string method, string pathAndQuery, string body);

    /// <summary>Posts <paramref name="content"/> to <paramref name="url"/>: the answer's body when it was a success, null otherwise.</summary>
    protected async Task<string?> PostAsync(Uri url, HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.PostAsync(url, content, cancellationToken);
            LastStatus = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? await response.Content.ReadAsStringAsync(cancellationToken) : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            LastStatus = 0;
            return null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _web.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
