using System.Text;
using ParkingGate.Domain.Plates;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Protocols.Dahua;

namespace ParkingGate.Protocols.Tests;

/// <summary>Dahua's TollgateInfo and KeepAlive pushes, the openStrobe answer and the allow list's record numbers.</summary>
public sealed class DahuaItcTests
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    private const string Tollgate = """
        {"Picture":{"Plate":{"PlateNumber":"湘A12345","PlateColor":"Yellow","Confidence":91},
          "SnapInfo":{"DeviceID":"dh-1","Direction":"Approach","SnapTime":"2026-03-02 08:15:30"},
          "NormalPic":{"Content":"AQID"}}}
        """;

    [Test]
    public void A_tollgate_push_is_a_read_at_the_cameras_local_time()
    {
        Assert.That(DahuaItc.TryParseTollgate(Encoding.UTF8.GetBytes(Tollgate), "dh-1", China, out var read, out var error), Is.True, error);
        Assert.That((read!.Format, read.Device, read.PlateText, read.Color, read.Confidence), Is.EqualTo(("dahua", "dh-1", "湘A12345", PlateColor.Yellow, 91)));
        Assert.That(read.CapturedAt, Is.EqualTo(new DateTimeOffset(2026, 3, 2, 0, 15, 30, TimeSpan.Zero)));
        Assert.That(read.Picture, Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(read.MessageId, Is.EqualTo("dahua-20260302081530-湘A12345"), "a push sent twice is the same message");
    }

    [TestCase("dh-2", "the read says it is from dh-1")]
    public void A_read_naming_another_camera_is_refused(string device, string expected)
    {
        Assert.That(DahuaItc.TryParseTollgate(Encoding.UTF8.GetBytes(Tollgate), device, China, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo(expected));
    }

    [TestCase("""{"Picture":{"Plate":{"PlateNumber":"湘A1","Confidence":101},"SnapInfo":{"DeviceID":"dh-1","SnapTime":"2026-03-02 08:15:30"}}}""", "Confidence must be 0–100")]
    [TestCase("""{"Picture":{"Plate":{"PlateNumber":"湘A1","Confidence":90},"SnapInfo":{"DeviceID":"dh-1","SnapTime":"2026-03-02 08:15:30"},"NormalPic":{"Content":"not base64!"}}}""", "NormalPic.Content must be base64")]
    [TestCase("""{"Picture":{"Plate":{"Confidence":90},"SnapInfo":{"DeviceID":"dh-1","SnapTime":"2026-03-02 08:15:30"}}}""", "PlateNumber")]
    [TestCase("""[]""", "object")]
    public void A_broken_push_is_refused_by_name(string body, string expected)
    {
        Assert.That(DahuaItc.TryParseTollgate(Encoding.UTF8.GetBytes(body), "dh-1", China, out var read, out var error), Is.False);
        Assert.That((read, error), Is.EqualTo(((CameraRead?)null, error)));
        Assert.That(error, Does.Contain(expected));
    }

    [Test]
    public void Keep_alives_answers_and_record_numbers_are_read_strictly()
    {
        Assert.That(DahuaItc.TryParseKeepAlive("""{"Active":true,"DeviceID":"dh-1"}"""u8, out var device, out _) ? device : null, Is.EqualTo("dh-1"));
        Assert.That(DahuaItc.TryParseKeepAlive("""{"Active":true}"""u8, out _, out var missing), Is.False, missing);
        Assert.That(DahuaItc.Confirms(200, "OK\r\n", out _), Is.True);
        Assert.That((DahuaItc.Confirms(200, "Error\r\n", out var why), why), Is.EqualTo((false, "the camera answered HTTP 200 (Error)")));
        Assert.That(DahuaItc.TryReadRecordNumber(200, "RecNo=12\r\n", out var number, out _) ? number : null, Is.EqualTo("12"));
        Assert.That((DahuaItc.TryReadRecordNumber(200, "Error\r\n", out _, out var none), none), Is.EqualTo((false, "the camera answered 200 without a RecNo")));
        Assert.That(DahuaItc.InsertPath("湘A12345", "2026-03-01 00:00:00", DahuaItc.NoEnd), Does.Contain("PlateNumber=%E6%B9%98A12345").And.Contain("CancelTime=2037-12-31%2023%3A59%3A59"));
    }
}
