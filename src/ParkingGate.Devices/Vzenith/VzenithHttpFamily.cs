using System.Text.Json;
using ParkingGate.Devices.Families;
using ParkingGate.Devices.Http;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Protocols.Vzenith;

namespace ParkingGate.Devices.Vzenith;

/// <summary>
/// Vzenith/Zhenshi (臻识) cameras set to HTTP push (<c>vzenith-http</c>): the camera POSTs each read and waits; the
/// reply opens the barrier or not and carries the board's frames (<see cref="VzenithHttp.Reply"/>). Records it kept
/// while offline are acknowledged with <c>ContinuePushOffline</c> only once taken in, so none is lost. Its heartbeats
/// (a form with the camera's web password, never logged) mark it alive, and their replies carry what waited for it
/// (a booth's opening, a hold, a message): the camera cannot be called, it only calls. IO-input pushes feed the loop.
/// </summary>
public sealed class VzenithHttpFamily : IHttpDeviceFamily, ILaneCameraFamily
{
    /// <summary>How long a live read waits for its decision: Vzenith's push timeout is a few seconds.</summary>
    public static readonly TimeSpan DecisionWait = TimeSpan.FromSeconds(3);

    /// <summary>How long an offline record waits to be taken in before the camera is told to send it again later.</summary>
    public static readonly TimeSpan ImportWait = TimeSpan.FromSeconds(10);

    /// <inheritdoc cref="IHttpDeviceFamily.Kind" />
    public string Kind => "vzenith-http";

    /// <inheritdoc />
    public string CameraKind => Kind;

    /// <inheritdoc />
    public bool DeviceIsLane => false;

    /// <inheritdoc />
    public bool ReportsInputs => true;

    /// <inheritdoc />
    public bool DrivesBarrier => true;

    /// <inheritdoc />
    public bool PassesToBoard => true;

    /// <inheritdoc />
    public async Task<HttpReply> ReceiveAsync(HttpPush push, IHttpDeviceSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(push);
        ArgumentNullException.ThrowIfNull(sink);
        var sn = push.Device.Id;
        var camera = new CameraAddress(Kind, sn);
        if (PushBodies.IsForm(push.ContentType))
        {
            return await HeartbeatAsync(push, sink, camera, cancellationToken);
        }

        var kind = TopKey(push.Body);
        switch (kind)
        {
            case "AlarmInfoPlate":
                if (!VzenithHttp.TryParseRead(push.Body, out var read, out var error))
                {
                    return Refuse(sink, 400, $"vzenith-http {sn}: {error}");
                }

                if (read.Device != sn)
                {
                    return Refuse(sink, 403, $"vzenith-http {sn}: the read says it is from {read.Device}");
                }

                sink.Heard(sn);
                var answer = await sink.DecideAsync(camera, read, read.Offline is null ? DecisionWait : ImportWait, cancellationToken);
                if (read.Offline is { } offline)
                {
                    return answer.Taken
                        ? HttpReply.Json(VzenithHttp.ContinueOffline(offline.RecordId))
                        : HttpReply.Refused(503, "not taken in yet: send it again"); // the camera keeps it and tries again
                }

                return HttpReply.Json(VzenithHttp.Reply(answer.Open, answer.Frames, VzenithHttp.RecordId(read))) with { Delivered = answer.Delivered };
            case "AlarmGioIn":
                if (!VzenithMessages.TryParseSignal("gpio_in", push.Body, out var signal, out var signalError))
                {
                    return Refuse(sink, 400, $"vzenith-http {sn} AlarmGioIn: {signalError}");
                }

                sink.Heard(sn);
                sink.Signal(camera, signal);
                return HttpReply.Json("""{"Response_AlarmGioIn":{"info":"ok"}}""");
            case "SerialData":
                sink.Heard(sn); // bytes the board sent back: nothing the gate acts on
                return HttpReply.Json("""{"Response_SerialData":{"info":"ok"}}""");
            default:
                return Refuse(sink, 400, $"vzenith-http {sn}: {kind ?? "a body that is not a JSON object"} is not a read (AlarmInfoPlate), an input change (AlarmGioIn), serial data or a heartbeat form");
        }
    }

    private static async Task<HttpReply> HeartbeatAsync(HttpPush push, IHttpDeviceSink sink, CameraAddress camera, CancellationToken cancellationToken)
    {
        var (parts, error) = await PushBodies.ReadAsync(push.ContentType, push.Body, cancellationToken);
        if (parts is null)
        {
            return Refuse(sink, 400, $"vzenith-http {camera.Id} heartbeat: {error}");
        }

        // Only the serial number is read: the form also carries user_name and pass_wd (the camera's web login).
        var serial = parts.FirstOrDefault(p => p.Name == "serialno")?.Text;
        if (string.IsNullOrEmpty(serial))
        {
            return Refuse(sink, 400, $"vzenith-http {camera.Id} heartbeat: no serialno field");
        }

        if (serial != camera.Id)
        {
            return Refuse(sink, 403, $"vzenith-http {camera.Id} heartbeat: it says it is from {(serial.Length > 40 ? serial[..40] : serial)}");
        }

        sink.Heard(camera.Id);
        var waiting = sink.TakeWaiting(camera);
        return waiting is null
            ? HttpReply.Json(VzenithHttp.HeartbeatReply(false, null, []))
            : HttpReply.Json(VzenithHttp.HeartbeatReply(waiting.Open, waiting.Hold, waiting.Frames)) with { Delivered = waiting.Delivered };
    }

    /// <summary>The name of the body's first property (which message it is), or null when it is no JSON object.</summary>
    private static string? TopKey(byte[] body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject && reader.Read() && reader.TokenType == JsonTokenType.PropertyName
                ? reader.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static HttpReply Refuse(IHttpDeviceSink sink, int status, string reason)
    {
        sink.Refuse(reason);
        return HttpReply.Refused(status, status == 403 ? "forbidden" : "bad request");
    }
}
