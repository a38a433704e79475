using System.Text;
using ParkingGate.Devices.Families;
using ParkingGate.Devices.Http;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Protocols.Hikvision;

namespace ParkingGate.Devices.Hikvision;

/// <summary>
/// Hikvision plate cameras (<c>hikvision</c>): the event pushes of HTTP listening (a multipart form with the
/// <c>EventNotificationAlert</c> as XML or JSON and the pictures as JPEG parts; some models send the document alone),
/// answered 200 at once (the camera does not resend, and does not wait for a decision); heartbeats and other events are
/// told apart and never taken for reads. The barrier is lifted, held and let go through ISAPI <c>barrierGate</c>,
/// confirmed by the camera's <c>ResponseStatus</c>.
/// </summary>
public sealed class HikvisionFamily : IHttpDeviceFamily, ILaneCameraFamily, IHttpBarrier
{
    private static readonly string[] PicturePreference = ["detectionPicture", "vehiclePicture", "licensePlatePicture"];

    /// <inheritdoc cref="IHttpDeviceFamily.Kind" />
    public string Kind => "hikvision";

    /// <inheritdoc />
    public string CameraKind => Kind;

    /// <inheritdoc />
    public bool DeviceIsLane => false;

    /// <inheritdoc />
    public bool DrivesBarrier => true;

    /// <inheritdoc />
    public bool PassesToBoard => false;

    /// <inheritdoc />
    public bool Holds => true;

    /// <inheritdoc />
    public async Task<HttpReply> ReceiveAsync(HttpPush push, IHttpDeviceSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        ArgumentNullException.ThrowIfNull(sink);
        var id = push.Device.Id;
        byte[] document;
        byte[]? picture = null;
        if (PushBodies.IsForm(push.ContentType))
        {
            var (parts, error) = await PushBodies.ReadAsync(push.ContentType, push.Body, cancellationToken);
            if (parts is null)
            {
                return Refuse(sink, $"hikvision {id}: {error}");
            }

            var alert = parts.FirstOrDefault(p => IsDocument(p.ContentType, p.FileName ?? p.Name));
            if (alert is null)
            {
                return Refuse(sink, $"hikvision {id}: no XML or JSON part among {parts.Count} (an EventNotificationAlert is expected)");
            }

            document = alert.Data;
            picture = PicturePreference.Select(name => parts.FirstOrDefault(p => p.ContentType?.StartsWith("image/jpeg", StringComparison.OrdinalIgnoreCase) == true
                && (p.FileName ?? p.Name).StartsWith(name, StringComparison.OrdinalIgnoreCase))).FirstOrDefault(p => p is not null)?.Data;
        }
        else if (IsDocument(push.ContentType, ""))
        {
            document = push.Body;
        }
        else
        {
            return Refuse(sink, $"hikvision {id}: content type '{Short(push.ContentType)}' is not a multipart form, XML or JSON");
        }

        if (!HikvisionIsapi.TryParseEvent(document, id, picture, out var parsed, out var problem))
        {
            return Refuse(sink, $"hikvision {id}: {problem}");
        }

        sink.Heard(id);
        if (parsed.Read is { } read)
        {
            sink.Read(new CameraAddress(Kind, id), read);
        }

        return new HttpReply(200, "text/plain; charset=utf-8", "OK");
    }

    /// <inheritdoc />
    public HttpRequestMessage BarrierRequest(Uri camera, BarrierAction action) =>
        new(HttpMethod.Put, new Uri(camera, HikvisionIsapi.BarrierPath)) { Content = new StringContent(HikvisionIsapi.BarrierBody(action), Encoding.UTF8, "application/xml") };

    /// <inheritdoc />
    public bool Confirms(int status, string body, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem) => HikvisionIsapi.Confirms(status, body, out problem);

    private static bool IsDocument(string? contentType, string name) =>
        contentType?.Contains("xml", StringComparison.OrdinalIgnoreCase) == true || contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
        || name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    private static string Short(string? text) => text is null ? "" : text.Length > 60 ? text[..60] : text;

    private static HttpReply Refuse(IHttpDeviceSink sink, string reason)
    {
        sink.Refuse(reason);
        return HttpReply.Refused(400, "bad request");
    }
}
