using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace ParkingGate.Simulator;

/// <summary>
/// A Hikvision ANPR camera with a barrier output: pushes each read as a multipart form (the
/// <c>EventNotificationAlert</c> XML and two JPEG pictures) to its HTTP listening host, sends heartbeats
/// (<c>videoloss</c>, inactive) and serves ISAPI <c>barrierGate</c> behind HTTP Digest: open, lock (held up), unlock.
/// </summary>
public sealed class SimulatedHikvisionCamera : SimulatedCalledCamera, ILaneCamera
{
    private int _openings;

    private SimulatedHikvisionCamera(Uri push, string id, string lane, TimeProvider time)
        : base(push, id, lane, time)
    {
    }

    /// <summary>Its ISAPI web server (to make it refuse, fail or go silent).</summary>
    public DigestEndpoint Isapi => Web;

    /// <summary>How many times it lifted the barrier.</summary>
    public int Openings => _openings;

    /// <summary>True while the barrier is locked up (常开).</summary>
    public bool HeldOpen { get; private set; }

    /// <summary>Everything it did, in order.</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    /// <summary>Starts its web server with the account <paramref name="user"/>/<paramref name="password"/>.</summary>
    public static async Task<SimulatedHikvisionCamera> StartAsync(Uri push, string id, string lane, string user, string password, TimeProvider time)
    {
        var camera = new SimulatedHikvisionCamera(push, id, lane, time);
        await camera.StartWebAsync(user, password);
        return camera;
    }

    /// <inheritdoc />
    protected override (int Status, string Body) Handle(string method, string pathAndQuery, string body)
    {
        if (method != "PUT" || pathAndQuery != "/ISAPI/Parking/channels/1/barrierGate")
        {
            return (404, Status(4, "notSupport"));
        }

        var mode = body.Contains("<ctrlMode>open</ctrlMode>", StringComparison.Ordinal) ? "open"
            : body.Contains("<ctrlMode>lock</ctrlMode>", StringComparison.Ordinal) ? "lock"
            : body.Contains("<ctrlMode>unlock</ctrlMode>", StringComparison.Ordinal) ? "unlock" : null;
        switch (mode)
        {
            case "open":
                Interlocked.Increment(ref _openings);
                break;
            case "lock":
                HeldOpen = true;
                break;
            case "unlock":
                HeldOpen = false;
                break;
            default:
                return (400, Status(6, "badXmlContent"));
        }

        Log.Enqueue($"barrier {mode}");
        return (200, Status(1, "ok"));
    }

    private static string Status(int code, string sub) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><ResponseStatus version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema"><requestURL>/ISAPI/Parking/channels/1/barrierGate</requestURL><statusCode>{code}</statusCode><statusString>{(code == 1 ? "OK" : "Invalid Operation")}</statusString><subStatusCode>{sub}</subStatusCode></ResponseStatus>""";

    /// <inheritdoc />
    Task ILaneCamera.ReadAsync(string plate, int confidence, CancellationToken cancellationToken) => ReadAsync(plate, confidence, cancellationToken: cancellationToken);

    /// <inheritdoc />
    Task ILaneCamera.KeepAliveAsync(CancellationToken cancellationToken) => HeartbeatAsync(cancellationToken);

    /// <summary>Pushes one ANPR event for <paramref name="plate"/> with its pictures; true when the host answered 200.</summary>
    public Task<bool> ReadAsync(string plate, int confidence = 95, DateTimeOffset? at = null, CancellationToken cancellationToken = default)
    {
        var when = at ?? Time.GetUtcNow();
        var xml = Alert("ANPR", "active", when, $"<ANPR><country>CN</country><licensePlate>{plate}</licensePlate><confidenceLevel>{confidence}</confidenceLevel><plateType>92TypeCivil</plateType><plateColor>blue</plateColor><direction>forward</direction><vehicleType>vehicle</vehicleType></ANPR>");
        return PushAsync(xml, [("licensePlatePicture.jpg", SimPicture.Png(32, 8, 1)), ("detectionPicture.jpg", SimPicture.Png(64, 32, (byte)plate.Length))], cancellationToken);
    }

    /// <summary>A heartbeat as many models send it: a <c>videoloss</c> event, inactive.</summary>
    public Task<bool> HeartbeatAsync(CancellationToken cancellationToken = default) =>
        PushAsync(Alert("videoloss", "inactive", Time.GetUtcNow(), ""), [], cancellationToken);

    /// <summary>Posts a raw form part as the alert (garbled pushes in tests).</summary>
    public Task<bool> PostDocumentAsync(string document, CancellationToken cancellationToken = default) => PushAsync(document, [], cancellationToken);

    private static string Alert(string type, string state, DateTimeOffset at, string inner) =>
        $"""<?xml version="1.0" encoding="UTF-8"?><EventNotificationAlert version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema"><ipAddress>192.168.1.64</ipAddress><portNo>80</portNo><protocol>HTTP</protocol><macAddress>44:19:b6:00:00:01</macAddress><channelID>1</channelID><dateTime>{at.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture)}</dateTime><activePostCount>1</activePostCount><eventType>{type}</eventType><eventState>{state}</eventState><eventDescription>{type}</eventDescription>{inner}</EventNotificationAlert>""";

    private async Task<bool> PushAsync(string xml, (string Name, byte[] Data)[] pictures, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent("----hikboundary" + Id);
        var document = new StringContent(xml, Encoding.UTF8);
        document.Headers.ContentType = new MediaTypeHeaderValue("application/xml");
        form.Add(document, "anpr.xml", "anpr.xml");
        foreach (var (name, data) in pictures)
        {
            var picture = new ByteArrayContent(data);
            picture.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(picture, Path.GetFileNameWithoutExtension(name), name);
        }

        return await PostAsync(Push, form, cancellationToken) is not null;
    }
}
