using System.Net;
using System.Security.Cryptography.X509Certificates;
using ParkingGate.Devices.Families;
using ParkingGate.Protocols.Cameras;

namespace ParkingGate.Devices.Http;

/// <summary>A camera that pushes to the device listener: its family, its id, the secret in its push URL and, optionally, the one address it may push from.</summary>
/// <param name="Kind">The family's config name, e.g. <c>vzenith-http</c>.</param>
/// <param name="Id">The camera's id within the family (a Vzenith serial number).</param>
/// <param name="Secret">The secret path segment of its push URL (<c>/push/{secret}</c>).</param>
/// <param name="From">The only source address accepted, or null for any.</param>
public sealed record HttpDevice(string Kind, string Id, string Secret, IPAddress? From)
{
    /// <summary>Where the gate calls the camera (its barrier, its list), e.g. <c>http://192.168.1.64</c>; null when it is never called.</summary>
    public Uri? Address { get; init; }

    /// <summary>The camera account the gate calls with (HTTP Digest).</summary>
    public string? User { get; init; }

    /// <summary>That account's password (never logged).</summary>
    public string? Password { get; init; }
}

/// <summary>The device listener's address and limits.</summary>
/// <param name="Bind">The address it binds.</param>
/// <param name="Port">Its port (0: any free one, for tests).</param>
/// <param name="Certificate">When set, the port speaks HTTPS only.</param>
/// <param name="MaxBodyBytes">The largest push body taken (pictures included).</param>
/// <param name="HeaderTimeout">How long a client has to send its headers.</param>
/// <param name="RequestTimeout">How long a client has to send its whole request.</param>
/// <param name="MaxConnections">Connections served at once; more are refused.</param>
/// <param name="Devices">The cameras that may push.</param>
public sealed record HttpListenerSettings(
    IPAddress Bind, int Port, X509Certificate2? Certificate, long MaxBodyBytes, TimeSpan HeaderTimeout, TimeSpan RequestTimeout, int MaxConnections, IReadOnlyList<HttpDevice> Devices)
{
    /// <summary>The estate's time zone, handed to the families with each push.</summary>
    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;
}

/// <summary>One push as the listener took it: the device it was sent for (by its URL secret), what followed the secret, and the body.</summary>
/// <param name="Device">The device the URL's secret names.</param>
/// <param name="Path">The path after <c>/push/{secret}</c> (empty, or e.g. <c>/NotificationInfo/KeepAlive</c>).</param>
/// <param name="ContentType">The request's content type, if any.</param>
/// <param name="Body">The whole body (within the listener's limit).</param>
public sealed record HttpPush(HttpDevice Device, string Path, string? ContentType, byte[] Body)
{
    /// <summary>The estate's time zone, for cameras that send their local wall clock.</summary>
    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Utc;
}

/// <summary>The answer to a push, and who wants to know whether it reached the camera.</summary>
/// <param name="Status">HTTP status.</param>
/// <param name="ContentType">The body's content type.</param>
/// <param name="Body">The body.</param>
public sealed record HttpReply(int Status, string ContentType, string Body)
{
    /// <summary>Told true once the reply was written to the camera in full, false when that failed.</summary>
    public Action<bool>? Delivered { get; init; }

    /// <summary>A JSON reply with status 200.</summary>
    public static HttpReply Json(string body) => new(200, "application/json; charset=utf-8", body);

    /// <summary>A refusal with a short plain-text reason (never the request's content).</summary>
    public static HttpReply Refused(int status, string reason) => new(status, "text/plain; charset=utf-8", reason);
}

/// <summary>
/// What the gate answers a camera that waits for its decision in the reply (Vzenith HTTP): open or not, the board's
/// frames, and whether the read was taken in at all (an offline record is acknowledged only then).
/// </summary>
/// <param name="Taken">The read was decided (or the record imported); false when it timed out or failed.</param>
/// <param name="Open">Open the barrier.</param>
/// <param name="Frames">LED/voice board frames, in order.</param>
/// <param name="Delivered">Told whether the reply reached the camera (an opening is confirmed by it).</param>
public sealed record PushAnswer(bool Taken, bool Open, IReadOnlyList<byte[]> Frames, Action<bool>? Delivered);

/// <summary>Commands that waited for a camera's next request (it cannot be called: it only calls us), taken for its reply.</summary>
/// <param name="Open">Open the barrier once.</param>
/// <param name="Hold">Hold the output on (true), let it go (false), or leave it (null).</param>
/// <param name="Frames">LED/voice board frames, in order.</param>
/// <param name="Delivered">Told whether the reply carrying them reached the camera.</param>
public sealed record WaitingCommands(bool Open, bool? Hold, IReadOnlyList<byte[]> Frames, Action<bool> Delivered)
{
    /// <summary>True when there is something to send.</summary>
    public bool Any => Open || Hold is not null || Frames.Count > 0;
}

/// <summary>
/// A family whose cameras lift the barrier when called (Hikvision ISAPI, Dahua CGI): the request for an action and
/// how to tell from the answer that the camera did it.
/// </summary>
public interface IHttpBarrier
{
    /// <summary>The request that does <paramref name="action"/> on the barrier of the camera at <paramref name="camera"/>.</summary>
    HttpRequestMessage BarrierRequest(Uri camera, BarrierAction action);

    /// <summary>True when the camera can hold its barrier up (常开) and let it go; false when only a lift is possible.</summary>
    bool Holds { get; }

    /// <summary>True when the answer (<paramref name="status"/>, <paramref name="body"/>) says the camera did it; otherwise what it said.</summary>
    bool Confirms(int status, string body, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem);
}

/// <summary>
/// A family whose cameras keep an allow list the gate fills by calling them (Dahua's <c>TrafficRedList</c>): an
/// entry is added one plate at a time and removed by the record number its insert answered.
/// </summary>
public interface ICalledCameraList
{
    /// <summary>The request that puts <paramref name="entry"/> on the list of the camera at <paramref name="camera"/> (times in its <paramref name="zone"/>).</summary>
    HttpRequestMessage Insert(Uri camera, Families.CameraListEntry entry, TimeZoneInfo zone, DateTimeOffset now);

    /// <summary>The record number the insert answered, or what the camera said instead.</summary>
    bool TryReadInserted(int status, string body, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? recordNumber, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem);

    /// <summary>The request that takes record <paramref name="recordNumber"/> off the list.</summary>
    HttpRequestMessage Remove(Uri camera, string recordNumber);

    /// <summary>True when the answer says the record was removed.</summary>
    bool ConfirmsRemoved(int status, string body, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem);
}

/// <summary>The gate as a pushing camera's family sees it: a device sink that can also decide a read while the camera waits.</summary>
public interface IHttpDeviceSink : IDeviceSink
{
    /// <summary>
    /// Decides <paramref name="read"/> (or imports it, when it is an offline record) while the camera waits for the
    /// reply; gives up (not taken) after <paramref name="wait"/>.
    /// </summary>
    Task<PushAnswer> DecideAsync(CameraAddress camera, CameraRead read, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>What waits to be sent to <paramref name="camera"/> in the reply to its next request (a heartbeat).</summary>
    WaitingCommands? TakeWaiting(CameraAddress camera);
}

/// <summary>
/// A family of cameras that push over HTTP to the device listener. Adding one is a folder of its own with a class
/// implementing this, and one line in <see cref="DeviceFamilies.Http"/>.
/// </summary>
public interface IHttpDeviceFamily
{
    /// <summary>The family's name in the config (<c>http.devices[].kind</c>, <c>lanes[].camera.kind</c>).</summary>
    string Kind { get; }

    /// <summary>The camera lifts the barrier itself when the gate says so (a lane's <c>relay.kind</c> may be <c>camera</c>).</summary>
    bool DrivesBarrier { get; }

    /// <summary>The camera passes the LED/voice board's frames to its RS-485 port (a lane's <c>display</c> may be <c>camera</c>).</summary>
    bool PassesToBoard { get; }

    /// <summary>One push from a configured device: parsed here, handed to <paramref name="sink"/>, answered.</summary>
    Task<HttpReply> ReceiveAsync(HttpPush push, IHttpDeviceSink sink, CancellationToken cancellationToken);
}
