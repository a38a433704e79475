using System.Text;
using System.Text.Json.Nodes;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Protocols.Display;
using ParkingGate.Protocols.Vzenith;

namespace ParkingGate.Protocols.Tests;

/// <summary>The Vzenith HTTP push: the read the camera POSTs and the replies that drive it.</summary>
public sealed class VzenithHttpTests
{
    /// <summary>The MQTT vector's AlarmInfoPlate as the camera pushes it over HTTP: the license plain, with its serial number.</summary>
    private static byte[] Push(Action<JsonObject>? change = null)
    {
        var mqtt = JsonNode.Parse(File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "Vectors", "vzenith-ivs_result.json")))!;
        var alarm = mqtt["payload"]!["AlarmInfoPlate"]!.DeepClone().AsObject();
        alarm["serialno"] = "fe71e106-57263272";
        var plate = alarm["result"]!["PlateResult"]!.AsObject();
        plate["license"] = "赣GZ7S13";
        change?.Invoke(plate);
        return Encoding.UTF8.GetBytes(new JsonObject { ["AlarmInfoPlate"] = alarm }.ToJsonString());
    }

    [Test]
    public void A_pushed_read_is_read_like_an_mqtt_one_with_its_record_id_as_message_id()
    {
        Assert.That(VzenithHttp.TryParseRead(Push(), out var read, out var error), Is.True, error);
        Assert.That((read!.Format, read.Device, read.MessageId, read.PlateText, read.Confidence), Is.EqualTo(("vzenith", "fe71e106-57263272", "http-594785", "赣GZ7S13", 100)));
        Assert.That((read.Offline, read.TurnedBack), Is.EqualTo(((OfflineRecord?)null, false)));
        Assert.That(read.CapturedAt, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1628670619).AddTicks(5399560)));

        Assert.That(VzenithHttp.TryParseRead(Push(p => p["isoffline"] = 1), out var kept, out _) ? kept.Offline : null, Is.EqualTo(new OfflineRecord("594785", null)), "a record kept while offline");
        Assert.That(VzenithHttp.TryParseRead(Push(p => p.Remove("plateid")), out var noId, out _) ? noId.MessageId : null, Is.EqualTo("http-t1628670619-539956"),
            "without a record id the capture time names the message, so a resend is the same message");
    }

    [TestCase("""{"device_name":"IVS","ipaddr":"192.168.1.100","serialno":"sn"}""", "AlarmInfoPlate is missing")]
    [TestCase("""{"AlarmInfoPlate":{"result":{"PlateResult":{"license":"湘A12345"}}}}""", "AlarmInfoPlate.serialno")]
    [TestCase("""{"AlarmInfoPlate":{"serialno":"sn","result":{}}}""", "PlateResult is missing")]
    [TestCase("""{"AlarmGioIn":{"serialno":"sn","result":{"TriggerResult":{"source":0,"value":1}}}}""", "not a plate read")]
    [TestCase("<xml/>", "not JSON")]
    public void What_is_not_a_plate_read_is_refused_by_name(string body, string expected)
    {
        Assert.That(VzenithHttp.TryParseRead(Encoding.UTF8.GetBytes(body), out var read, out var error), Is.False);
        Assert.That((read, error), Is.EqualTo(((CameraRead?)null, error)));
        Assert.That(error, Does.Contain(expected));
    }

    [Test]
    public void The_reply_opens_or_not_carries_the_board_frames_and_answers_the_record()
    {
        var frame = LedVoiceFrame.Speak("粤B12345 请缴费5元");
        var open = JsonNode.Parse(VzenithHttp.Reply(true, [frame], "594785"))!["Response_AlarmInfoPlate"]!;
        Assert.That((open["info"]!.GetValue<string>(), open["plateid"]!.GetValue<long>(), open["content"]!.GetValue<string>()), Is.EqualTo(("ok", 594785L, "retransfer_stop")));
        Assert.That(Convert.FromBase64String(open["serialData"]![0]!["data"]!.GetValue<string>()), Is.EqualTo(frame));
        Assert.That((open["serialData"]![0]!["serialChannel"]!.GetValue<int>(), open["serialData"]![0]!["dataLen"]!.GetValue<int>()), Is.EqualTo((0, frame.Length)));

        var shut = JsonNode.Parse(VzenithHttp.Reply(false, [], null))!["Response_AlarmInfoPlate"]!.AsObject();
        Assert.That((shut["info"]!.GetValue<string>(), shut.ContainsKey("serialData"), shut.ContainsKey("plateid")), Is.EqualTo(("no", false, false)), "anything but ok keeps the barrier down");

        Assert.That(VzenithHttp.ContinueOffline("4711"), Is.EqualTo("""{"Response_AlarmInfoPlate":{"ContinuePushOffline":{"plateid":4711,"continue":1}}}"""));
    }
}
