using System.Net;

namespace ParkingGate.Devices.Http;

/// <summary>
/// Calls to cameras that are called (a barrier through Hikvision ISAPI or Dahua CGI): one HttpClient per camera whose
/// handler answers the camera's HTTP Digest challenge itself (.NET's <see cref="SocketsHttpHandler"/> does Digest; no
/// code of ours computes it). Each call has its own time limit and is never retried; what went wrong is said in
/// words without the account's password.
/// </summary>
public sealed class CameraCalls : IDisposable
{
    private readonly Dictionary<string, (HttpClient Client, HttpDevice Device)> _cameras = new(StringComparer.Ordinal);

    /// <summary>Clients for the <paramref name="devices"/> that have an address.</summary>
    public CameraCalls(IEnumerable<HttpDevice> devices)
    {
        ArgumentNullException.ThrowIfNull(devices);
        foreach (var device in devices.Where(d => d.Address is not null))
        {
            var handler = new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(3),
                PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
                AllowAutoRedirect = false,
                Credentials = device.User is null ? null : new CredentialCache { { device.Address!, "Digest", new NetworkCredential(device.User, device.Password) } },
            };
            _cameras[device.Id] = (new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan }, device);
        }
    }

    /// <summary>
    /// Sends the request <paramref name="build"/> makes for camera <paramref name="device"/> and checks the answer with
    /// <paramref name="confirms"/>, within <paramref name="timeout"/>: null when the camera did it, else what went wrong.
    /// </summary>
    public async Task<string?> CallAsync(string device, Func<Uri, HttpRequestMessage> build, ConfirmAnswer confirms, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        ArgumentNullException.ThrowIfNull(confirms);
        if (!_cameras.TryGetValue(device, out var camera))
        {
            return $"camera {device} has no address to call (http.devices[].address)";
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            using var request = build(camera.Device.Address!);
            using var response = await camera.Client.SendAsync(request, limit.Token);
            if (response.StatusCode == HttpStatusCode.Unauthorized)
            {
                return "the camera refused the account (HTTP 401): check http.devices[].user and password";
            }

            var body = await response.Content.ReadAsStringAsync(limit.Token);
            return confirms((int)response.StatusCode, body.Length > 64 * 1024 ? body[..(64 * 1024)] : body, out var problem) ? null : problem;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"the camera did not answer within {timeout.TotalMilliseconds:0} ms";
        }
        catch (HttpRequestException e)
        {
            return $"the camera could not be reached ({e.HttpRequestError})";
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (client, _) in _cameras.Values)
        {
            client.Dispose();
        }
    }
}

/// <summary>Whether a camera's answer says it did what was asked; otherwise what it said.</summary>
public delegate bool ConfirmAnswer(int status, string body, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem);
