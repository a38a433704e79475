using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Web;

namespace ParkingGate.Simulator;

/// <summary>
/// A Dahua ITC camera with a barrier output: pushes <c>TollgateInfo</c> reads (with a base64 picture) and
/// <c>KeepAlive</c> heartbeats under its push URL, and serves, behind HTTP Digest, <c>openStrobe</c> and the allow list
/// (<c>recordUpdater.cgi</c> insert, answered with a record number, and remove by that number).
/// </summary>
public sealed class SimulatedDahuaCamera : SimulatedCalledCamera, ILaneCamera
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private int _openings;
    private int _record;

    private SimulatedDahuaCamera(Uri push, string id, string lane, TimeProvider time)
        : base(push, id, lane, time)
    {
    }

    /// <summary>Its CGI web server (to make it refuse, fail or go silent).</summary>
    public DigestEndpoint Cgi => Web;

    /// <summary>How many times it lifted the barrier.</summary>
    public int Openings => _openings;

    /// <summary>Its allow list: record number → (plate, cancel time as it shows it).</summary>
    public ConcurrentDictionary<string, (string Plate, string Until)> AllowList { get; } = new(StringComparer.Ordinal);

    /// <summary>Starts its web server with the account <paramref name="user"/>/<paramref name="password"/>.</summary>
    public static async Task<SimulatedDahuaCamera> StartAsync(Uri push, string id, string lane, string user, string password, TimeProvider time)
    {
        var camera = new SimulatedDahuaCamera(push, id, lane, time);
        await camera.StartWebAsync(user, password);
        return camera;
    }

    /// <inheritdoc />
    protected override (int Status, string Body) Handle(string method, string pathAndQuery, string body)
    {
        var query = pathAndQuery.Contains('?', StringComparison.Ordinal) ? HttpUtility.ParseQueryString(pathAndQuery[(pathAndQuery.IndexOf('?', StringComparison.Ordinal) + 1)..]) : [];
        var path = pathAndQuery.Split('?')[0];
        switch (path, query["action"])
        {
            case ("/cgi-bin/trafficSnap.cgi", "openStrobe"):
                Interlocked.Increment(ref _openings);
                return (200, "OK\r\n");
            case ("/cgi-bin/recordUpdater.cgi", "insert") when query["name"] == "TrafficRedList" && query["PlateNumber"] is { Length: > 0 } plate && query["CancelTime"] is { } until:
                var number = Interlocked.Increment(ref _record).ToString(CultureInfo.InvariantCulture);
                AllowList[number] = (plate, until);
                return (200, $"RecNo={number}\r\n");
            case ("/cgi-bin/recordUpdater.cgi", "remove") when query["recno"] is { } recno:
                return AllowList.TryRemove(recno, out _) ? (200, "OK\r\n") : (200, "Error\r\n");
            default:
                return (400, "Error\r\nBad Request!\r\n");
        }
    }

    /// <inheritdoc />
    Task ILaneCamera.ReadAsync(string plate, int confidence, CancellationToken cancellationToken) => ReadAsync(plate, confidence, cancellationToken);

    /// <inheritdoc />
    Task ILaneCamera.KeepAliveAsync(CancellationToken cancellationToken) => KeepAliveAsync(cancellationToken);

    /// <summary>Pushes one read; true when answered Success.</summary>
    public Task<bool> ReadAsync(string plate, int confidence = 95, CancellationToken cancellationToken = default)
    {
        var local = TimeZoneInfo.ConvertTime(Time.GetUtcNow(), China);
        var json = JsonSerializer.Serialize(new
        {
            Picture = new
            {
                Plate = new { PlateNumber = plate, PlateColor = "Blue", Confidence = confidence },
                SnapInfo = new { DeviceID = Id, Direction = "Approach", SnapTime = local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) },
                NormalPic = new { Content = Convert.ToBase64String(SimPicture.Png(48, 24, (byte)plate.Length)) },
            },
        });
        return PostAsync("/NotificationInfo/TollgateInfo", json, cancellationToken);
    }

    /// <summary>A heartbeat.</summary>
    public Task<bool> KeepAliveAsync(CancellationToken cancellationToken = default) =>
        PostAsync("/NotificationInfo/KeepAlive", JsonSerializer.Serialize(new { Active = true, DeviceID = Id }), cancellationToken);

    /// <summary>Posts any JSON under its push URL (garbled pushes in tests).</summary>
    public async Task<bool> PostAsync(string path, string json, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await PostAsync(new Uri(Push.AbsoluteUri.TrimEnd('/') + path), content, cancellationToken) is { } answer && answer.Contains("\"Result\":true", StringComparison.Ordinal);
    }
}
