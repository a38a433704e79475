using System.Diagnostics.CodeAnalysis;
using ParkingGate.Devices.Families;
using ParkingGate.Devices.Http;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Protocols.Dahua;

namespace ParkingGate.Devices.Dahua;

/// <summary>
/// Dahua ITC plate cameras (<c>dahua</c>): <c>…/NotificationInfo/TollgateInfo</c> reads and <c>…/NotificationInfo/KeepAlive</c>
/// heartbeats pushed under the camera's secret URL, each answered Success at once; the barrier lifted through the
/// <c>openStrobe</c> CGI (Digest); the camera's allow list kept in step with the registry through the same outbox as
/// the other cameras' lists, with the record number each insert answered kept beside the plate for its removal.
/// </summary>
public sealed class DahuaFamily : IHttpDeviceFamily, ILaneCameraFamily, IHttpBarrier, ICalledCameraList
{
    /// <inheritdoc cref="IHttpDeviceFamily.Kind" />
    public string Kind => "dahua";

    /// <inheritdoc />
    public string CameraKind => Kind;

    /// <inheritdoc />
    public bool DeviceIsLane => false;

    /// <inheritdoc />
    public bool DrivesBarrier => true;

    /// <inheritdoc />
    public bool PassesToBoard => false;

    /// <inheritdoc />
    public bool Holds => false;

    /// <inheritdoc />
    public Task<HttpReply> ReceiveAsync(HttpPush push, IHttpDeviceSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        ArgumentNullException.ThrowIfNull(sink);
        var id = push.Device.Id;
        switch (push.Path)
        {
            case "/NotificationInfo/TollgateInfo":
                if (!DahuaItc.TryParseTollgate(push.Body, id, push.Zone, out var read, out var error))
                {
                    return Task.FromResult(Refuse(sink, 400, $"dahua {id} TollgateInfo: {error}"));
                }

                sink.Heard(id);
                sink.Read(new CameraAddress(Kind, id), read);
                return Task.FromResult(HttpReply.Json(DahuaItc.Success));
            case "/NotificationInfo/KeepAlive":
                if (!DahuaItc.TryParseKeepAlive(push.Body, out var device, out var keepAliveError))
                {
                    return Task.FromResult(Refuse(sink, 400, $"dahua {id} KeepAlive: {keepAliveError}"));
                }

                if (device != id)
                {
                    return Task.FromResult(Refuse(sink, 403, $"dahua {id} KeepAlive: it says it is {(device.Length > 40 ? device[..40] : device)}"));
                }

                sink.Heard(id);
                return Task.FromResult(HttpReply.Json(DahuaItc.Success));
            default:
                return Task.FromResult(Refuse(sink, 404, $"dahua {id}: a push to '{(push.Path.Length > 60 ? push.Path[..60] : push.Path)}', not /NotificationInfo/TollgateInfo or /NotificationInfo/KeepAlive"));
        }
    }

    /// <inheritdoc />
    public HttpRequestMessage BarrierRequest(Uri camera, BarrierAction action) =>
        action == BarrierAction.Open
            ? new HttpRequestMessage(HttpMethod.Get, new Uri(camera, DahuaItc.OpenStrobePath))
            : throw new NotSupportedException("a Dahua camera's barrier can only be lifted (openStrobe)");

    /// <inheritdoc />
    public bool Confirms(int status, string body, [NotNullWhen(false)] out string? problem) => DahuaItc.Confirms(status, body, out problem);

    /// <inheritdoc />
    public HttpRequestMessage Insert(Uri camera, CameraListEntry entry, TimeZoneInfo zone, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var until = entry.Until is { } end ? DahuaItc.ListTime(end, zone) : DahuaItc.NoEnd;
        return new HttpRequestMessage(HttpMethod.Get, new Uri(camera, DahuaItc.InsertPath(entry.Plate, DahuaItc.ListTime(now.AddDays(-1), zone), until)));
    }

    /// <inheritdoc />
    public bool TryReadInserted(int status, string body, [NotNullWhen(true)] out string? recordNumber, [NotNullWhen(false)] out string? problem) =>
        DahuaItc.TryReadRecordNumber(status, body, out recordNumber, out problem);

    /// <inheritdoc />
    public HttpRequestMessage Remove(Uri camera, string recordNumber) => new(HttpMethod.Get, new Uri(camera, DahuaItc.RemovePath(recordNumber)));

    /// <inheritdoc />
    public bool ConfirmsRemoved(int status, string body, [NotNullWhen(false)] out string? problem) => DahuaItc.Confirms(status, body, out problem);

    private static HttpReply Refuse(IHttpDeviceSink sink, int status, string reason)
    {
        sink.Refuse(reason);
        return HttpReply.Refused(status, status == 404 ? "not found" : status == 403 ? "forbidden" : "bad request");
    }
}
