using System.Text;
using ParkingGate.Domain.Plates;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Protocols.Hikvision;

namespace ParkingGate.Protocols.Tests;

/// <summary>Hikvision's EventNotificationAlert (XML and JSON) and the barrier call's ResponseStatus.</summary>
public sealed class HikvisionIsapiTests
{
    private const string Anpr = """
        <?xml version="1.0" encoding="UTF-8"?>
        <EventNotificationAlert version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema">
          <ipAddress>192.168.1.64</ipAddress><macAddress>44:19:b6:00:00:01</macAddress><channelID>1</channelID>
          <dateTime>2026-03-02T08:15:30.250+08:00</dateTime><eventType>ANPR</eventType><eventState>active</eventState>
          <ANPR><country>CN</country><licensePlate>湘A12345</licensePlate><confidenceLevel>93</confidenceLevel><plateColor>yellow</plateColor><direction>forward</direction></ANPR>
        </EventNotificationAlert>
        """;

    [Test]
    public void An_anpr_event_is_a_read_with_its_time_confidence_and_colour_whatever_the_namespace()
    {
        Assert.That(HikvisionIsapi.TryParseEvent(Encoding.UTF8.GetBytes(Anpr), "cam-1", [1, 2], out var parsed, out var error), Is.True, error);
        var read = parsed!.Read!;
        Assert.That((parsed.Kind, read.Format, read.Device, read.PlateText, read.Confidence, read.Color), Is.EqualTo((HikvisionEventKind.Read, "hikvision", "cam-1", "湘A12345", 93, PlateColor.Yellow)));
        Assert.That(read.CapturedAt, Is.EqualTo(new DateTimeOffset(2026, 3, 2, 0, 15, 30, 250, TimeSpan.Zero)));
        Assert.That(read.Picture, Is.EqualTo(new byte[] { 1, 2 }));
        Assert.That(HikvisionIsapi.TryParseEvent(Encoding.UTF8.GetBytes(Anpr), "cam-1", null, out var again, out _) ? again.Read!.MessageId : null, Is.EqualTo(read.MessageId),
            "the same push sent twice is the same message");
    }

    [Test]
    public void The_json_layout_of_some_models_reads_the_same()
    {
        var json = """{"ipAddress":"192.168.1.64","dateTime":"2026-03-02T08:15:30+08:00","eventType":"ANPR","eventState":"active","ANPR":{"licensePlate":"湘A12345","confidenceLevel":88}}""";
        Assert.That(HikvisionIsapi.TryParseEvent(Encoding.UTF8.GetBytes(json), "cam-1", null, out var parsed, out var error), Is.True, error);
        Assert.That((parsed!.Read!.PlateText, parsed.Read.Confidence), Is.EqualTo(("湘A12345", 88)));
    }

    [TestCase("<EventNotificationAlert><eventType>videoloss</eventType><eventState>inactive</eventState></EventNotificationAlert>", HikvisionEventKind.Heartbeat)]
    [TestCase("""{"eventType":"heartBeat"}""", HikvisionEventKind.Heartbeat)]
    [TestCase("<EventNotificationAlert><eventType>videoloss</eventType><eventState>active</eventState></EventNotificationAlert>", HikvisionEventKind.Other)]
    [TestCase("<EventNotificationAlert><eventType>VMD</eventType></EventNotificationAlert>", HikvisionEventKind.Other)]
    public void Heartbeats_and_other_events_are_told_apart_and_carry_no_read(string document, HikvisionEventKind kind)
    {
        Assert.That(HikvisionIsapi.TryParseEvent(Encoding.UTF8.GetBytes(document), "cam-1", null, out var parsed, out var error), Is.True, error);
        Assert.That((parsed!.Kind, parsed.Read), Is.EqualTo((kind, (CameraRead?)null)));
    }

    [TestCase("", "empty")]
    [TestCase("<EventNotificationAlert/>", "eventType is missing")]
    [TestCase("<EventNotificationAlert><eventType>ANPR</eventType><dateTime>2026-03-02T08:15:30+08:00</dateTime><ANPR><licensePlate>湘A1</licensePlate><confidenceLevel>300</confidenceLevel></ANPR></EventNotificationAlert>", "confidenceLevel '300' is not 0–100")]
    [TestCase("<EventNotificationAlert><eventType>ANPR</eventType><dateTime>1970-01-01T00:00:00Z</dateTime><ANPR><licensePlate>湘A1</licensePlate><confidenceLevel>30</confidenceLevel></ANPR></EventNotificationAlert>", "not a plausible time")]
    [TestCase("<EventNotificationAlert><eventType>ANPR</eventType><dateTime>2026-03-02T08:15:30+08:00</dateTime><ANPR><licensePlate>湘A1234567890123456</licensePlate><confidenceLevel>30</confidenceLevel></ANPR></EventNotificationAlert>", "more than 16")]
    [TestCase("""{"eventType":"ANPR","ANPR":{"licensePlate":"湘A1"}}""", "dateTime '' is not an ISO 8601 time")]
    [TestCase("[1,2]", "not XML")]
    public void A_broken_event_is_refused_by_name(string document, string expected)
    {
        Assert.That(HikvisionIsapi.TryParseEvent(Encoding.UTF8.GetBytes(document), "cam-1", null, out var parsed, out var error), Is.False);
        Assert.That((parsed, error), Is.EqualTo(((HikvisionEvent?)null, error)));
        Assert.That(error, Does.Contain(expected));
    }

    [Test]
    public void The_barrier_is_confirmed_only_by_status_code_one()
    {
        const string ok = """<ResponseStatus xmlns="http://www.isapi.org/ver20/XMLSchema"><statusCode>1</statusCode><statusString>OK</statusString></ResponseStatus>""";
        const string refused = """<ResponseStatus><statusCode>4</statusCode><subStatusCode>notSupport</subStatusCode></ResponseStatus>""";
        Assert.That(HikvisionIsapi.Confirms(200, ok, out var none), Is.True, none);
        Assert.That((HikvisionIsapi.Confirms(200, refused, out var why), why), Is.EqualTo((false, "the camera answered 200 but statusCode 4 notSupport")));
        Assert.That((HikvisionIsapi.Confirms(500, "", out var failed), failed), Is.EqualTo((false, "the camera answered HTTP 500 (no ResponseStatus)")));
        Assert.That(HikvisionIsapi.BarrierBody(BarrierAction.Hold), Does.Contain("<ctrlMode>lock</ctrlMode>"));
    }
}
