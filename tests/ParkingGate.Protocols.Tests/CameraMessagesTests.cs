using System.Text;
using ParkingGate.Domain.Plates;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Protocols.Frigate;
using ParkingGate.Protocols.Native;
using ParkingGate.Protocols.PaymentTerminal;
using ParkingGate.Protocols.Vzenith;

namespace ParkingGate.Protocols.Tests;

public sealed class CameraMessagesTests
{
    private static byte[] Vector(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Vectors", name));

    [Test]
    public void The_vzenith_vector_reads_as_its_notes_say()
    {
        Assert.That(VzenithMessages.TryParseRead(Vector("vzenith-ivs_result.json"), out var read, out var error), Is.True, error);
        Assert.That(read!.PlateText, Is.EqualTo("赣GZ7S13"));
        Assert.That((read.Format, read.Device, read.MessageId, read.Color, read.Confidence), Is.EqualTo(("vzenith", "265e1040-85e01fb7", "iUA4fO7yCGrHZO2C", PlateColor.Blue, 100)));
        Assert.That(read.CapturedAt, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1628670619).AddTicks(5399560)));
        Assert.That(read.Picture, Is.Null);
    }

    [Test]
    public void The_vzenith_http_variant_carries_the_license_as_plain_text()
    {
        var json = Encoding.UTF8.GetString(Vector("vzenith-ivs_result.json")).Replace("6LWjR1o3UzEz", "鲁VF0050", StringComparison.Ordinal);
        Assert.That(VzenithMessages.TryParseRead(Encoding.UTF8.GetBytes(json), out var read, out _), Is.True);
        Assert.That(read!.PlateText, Is.EqualTo("鲁VF0050"));
    }

    [TestCase("6LWjR1o3UzEz", "赣GZ7S13")]
    [TestCase("鲁VF0050", "鲁VF0050")]
    [TestCase("ABC123", "ABC123")]      // not base64 (length)
    [TestCase("ABCD1234", "ABCD1234")]  // valid base64, but decodes to bytes that are not a plate
    public void A_license_is_decoded_only_when_base64_gives_a_plate(string license, string expected) =>
        Assert.That(VzenithMessages.DecodeLicense(license), Is.EqualTo(expected));

    /// <summary>
    /// The vector (a real read: <c>plateid</c> 594785, <c>isoffline</c> 0) as message <paramref name="name"/>, its
    /// PlateResult's <c>plateid</c> and <c>isoffline</c> replaced by <paramref name="fields"/> (JSON members).
    /// </summary>
    private static byte[] OfflineVector(string name, string fields)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(Vector("vzenith-ivs_result.json"))!;
        root["name"] = name;
        var plate = root["payload"]!["AlarmInfoPlate"]!["result"]!["PlateResult"]!.AsObject();
        plate.Remove("plateid");
        plate.Remove("isoffline");
        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse("{" + fields.TrimEnd(',') + "}")!.AsObject().ToList())
        {
            plate[key] = value?.DeepClone();
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    [TestCase("\"plateid\":4711,\"isoffline\":1,\"gioouts\":[{\"ionum\":0,\"ctrltype\":2}],", "4711", true)]
    [TestCase("\"plateid\":\"A17\",\"gioouts\":[{\"ionum\":0,\"ctrltype\":0}],", "A17", false)]
    [TestCase("\"plateid\":9,", "9", null)]
    public void A_vzenith_offline_record_carries_its_record_id_and_whether_the_camera_opened(string fields, string recordId, bool? opened)
    {
        Assert.That(VzenithMessages.TryParseOfflineRecord(OfflineVector("offline_record", fields), out var read, out var error), Is.True, error);
        Assert.That((read!.PlateText, read.Offline), Is.EqualTo(("赣GZ7S13", new OfflineRecord(recordId, opened))));
    }

    [Test]
    public void A_live_read_marked_isoffline_is_an_offline_record_and_an_unmarked_one_is_not()
    {
        Assert.That(VzenithMessages.TryParseRead(OfflineVector("ivs_result", "\"plateid\":5,\"isoffline\":1,"), out var kept, out _) ? kept.Offline : null, Is.EqualTo(new OfflineRecord("5", null)));
        Assert.That(VzenithMessages.TryParseRead(OfflineVector("ivs_result", "\"plateid\":5,\"isoffline\":0,"), out var live, out _) ? live.Offline : new OfflineRecord("x", null), Is.Null);
        Assert.That(VzenithMessages.TryParseRead(Vector("vzenith-ivs_result.json"), out var vector, out _) ? vector.Offline : new OfflineRecord("x", null), Is.Null, "the vector is a live read");
    }

    [TestCase("", "without PlateResult.plateid")]
    [TestCase("\"plateid\":-3,", "plateid is not a record id")]
    [TestCase("\"plateid\":\"../../x\",", "plateid is not a record id")]
    [TestCase("\"plateid\":{\"a\":1},", "plateid is not a record id")]
    public void An_offline_record_without_a_usable_record_id_is_refused_by_name(string fields, string expected)
    {
        Assert.That(VzenithMessages.TryParseOfflineRecord(OfflineVector("offline_record", fields), out var read, out var error), Is.False);
        Assert.That((read, error), Is.EqualTo(((CameraRead?)null, error)));
        Assert.That(error, Does.Contain(expected));
    }

    [TestCase("barr_gate_status", """{"name":"barr_gate_status","payload":{"type":"barr_gate_status","body":{"connect_status":1,"enable":1,"gate_ctrl_id":1,"gate_status":1}}}""", LaneSignalKind.BarrierUp, 0)]
    [TestCase("barr_gate_status", """{"payload":{"body":{"gate_status":0}}}""", LaneSignalKind.BarrierDown, 0)]
    [TestCase("gpio_in", """{"name":"gpio_in","payload":{"type":"gpio_in","body":{"source":1,"value":1}}}""", LaneSignalKind.LoopOccupied, 1)]
    [TestCase("gpio_in", """{"AlarmGioIn":{"serialno":"sn","result":{"TriggerResult":{"source":0,"value":0}}}}""", LaneSignalKind.LoopFree, 0)]
    public void Vzenith_barrier_and_input_reports_are_read(string name, string json, LaneSignalKind kind, int input)
    {
        Assert.That(VzenithMessages.TryParseSignal(name, Encoding.UTF8.GetBytes(json), out var signal, out var error), Is.True, error);
        Assert.That(signal, Is.EqualTo(new LaneSignal(kind, input)));
    }

    [TestCase("barr_gate_status", """{"payload":{"body":{"gate_status":7}}}""", "gate_status is not 0 or 1")]
    [TestCase("gpio_in", """{"payload":{"body":{"source":9,"value":1}}}""", "source 0–3")]
    [TestCase("gpio_in", "not json", "not JSON")]
    public void A_broken_barrier_or_input_report_is_refused_by_name(string name, string json, string expected)
    {
        Assert.That(VzenithMessages.TryParseSignal(name, Encoding.UTF8.GetBytes(json), out var signal, out var error), Is.False);
        Assert.That((signal, error), Is.EqualTo(((LaneSignal?)null, error)));
        Assert.That(error, Does.Contain(expected).IgnoreCase);
    }

    [Test]
    public void A_read_made_because_the_car_turned_back_says_so()
    {
        var back = Encoding.UTF8.GetString(Vector("vzenith-ivs_result.json")).Replace("\"triggerType\":4", "\"triggerType\":66", StringComparison.Ordinal);
        Assert.That(VzenithMessages.TryParseRead(Encoding.UTF8.GetBytes(back), out var read, out _) && read.TurnedBack, Is.True);
        Assert.That(VzenithMessages.TryParseRead(Vector("vzenith-ivs_result.json"), out var live, out _) && live.TurnedBack, Is.False);
    }

    [Test]
    public void A_vzenith_picture_is_kept()
    {
        var json = Encoding.UTF8.GetString(Vector("vzenith-ivs_result.json")).Replace("\"imagePath\":\"xxx\"", "\"imagePath\":\"xxx\",\"imageFile\":\"/9j/4AAQ\"", StringComparison.Ordinal);
        Assert.That(VzenithMessages.TryParseRead(Encoding.UTF8.GetBytes(json), out var read, out var error), Is.True, error);
        Assert.That(read!.Picture, Is.EqualTo(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10 }));
    }

    [Test]
    public void The_frigate_vector_reads_with_its_score_as_confidence()
    {
        Assert.That(FrigateMessages.TryParseRead(Vector("frigate-lpr.json"), out var read, out var error), Is.True, error);
        Assert.That((read!.PlateText, read.Device, read.MessageId, read.Confidence), Is.EqualTo(("123ABC", "driveway_cam", "1607123955.475377-mxklsc", 95)));
        Assert.That(read.CapturedAt.ToUnixTimeMilliseconds(), Is.EqualTo(1607123958748));
    }

    [Test]
    public void A_native_read_is_parsed()
    {
        var ok = NativeReadMessages.TryParseRead("""{"id":"r-1","plate":"湘A12345","color":"green","confidence":92,"ts":1772424000.5}"""u8, "lane-in-1", out var read, out var error);
        Assert.That(ok, Is.True, error);
        Assert.That((read!.PlateText, read.Color, read.Confidence, read.Device), Is.EqualTo(("湘A12345", PlateColor.Green, 92, "lane-in-1")));
        Assert.That(read.CapturedAt.ToUnixTimeMilliseconds(), Is.EqualTo(1772424000500));
    }

    private static IEnumerable<TestCaseData> Junk()
    {
        yield return new TestCaseData(Array.Empty<byte>(), "empty").SetName("empty payload");
        yield return new TestCaseData("{\"id\":\"r\",\"plate\":"u8.ToArray(), "not JSON").SetName("truncated JSON");
        yield return new TestCaseData("[1,2,3]"u8.ToArray(), "not an object").SetName("an array");
        yield return new TestCaseData("{\"id\":1,\"plate\":\"湘A12345\",\"confidence\":90,\"ts\":1}"u8.ToArray(), "id must be").SetName("id of the wrong type");
        yield return new TestCaseData("{\"id\":\"r\",\"plate\":\"湘A12345\",\"confidence\":\"90\",\"ts\":1}"u8.ToArray(), "confidence").SetName("confidence as text");
        yield return new TestCaseData("{\"id\":\"r\",\"plate\":\"湘A12345\",\"confidence\":90}"u8.ToArray(), "ts").SetName("no time");
        yield return new TestCaseData(Encoding.UTF8.GetBytes($"{{\"id\":\"r\",\"plate\":\"{new string('A', 200)}\",\"confidence\":90,\"ts\":1}}"), "at most").SetName("a plate of 200 characters");
        yield return new TestCaseData(new byte[] { 0xFF, 0xFE, 0x00, 0x12, 0x9C }, "not JSON").SetName("binary junk");
        yield return new TestCaseData(new byte[CameraMessages.MaxPayloadBytes * 2 + 10], "more than").SetName("a 10 MB payload");
        yield return new TestCaseData(Encoding.UTF8.GetBytes(new string('[', 100) + new string(']', 100)), "not JSON").SetName("nesting too deep");
        yield return new TestCaseData("{\"id\":\"r\",\"plate\":\"湘A12345\",\"confidence\":90,\"ts\":1,\"picture\":\"***\"}"u8.ToArray(), "base64").SetName("picture not base64");
    }

    [TestCaseSource(nameof(Junk))]
    public void Junk_is_refused_with_a_reason_never_thrown(byte[] payload, string message)
    {
        Assert.That(NativeReadMessages.TryParseRead(payload, "lane", out var read, out var error), Is.False);
        Assert.That(read, Is.Null);
        Assert.That(error, Does.Contain(message));
        Assert.That(VzenithMessages.TryParseRead(payload, out _, out _), Is.False);
        Assert.That(FrigateMessages.TryParseRead(payload, out _, out _), Is.False);
    }

    [Test]
    public void A_frigate_update_of_another_type_is_not_a_read() =>
        Assert.That(FrigateMessages.TryParseRead("""{"type":"description","id":"x","camera":"c","plate":"A","timestamp":1}"""u8, out _, out var error) ? null : error,
            Does.Contain("is not lpr"));

    [Test]
    public void A_vzenith_message_that_is_not_a_read_is_refused() =>
        Assert.That(VzenithMessages.TryParseRead("""{"id":"x","sn":"s","name":"keep_alive"}"""u8, out _, out var error) ? null : error, Does.Contain("not ivs_result"));

    [Test]
    public void A_keep_alive_names_its_camera() =>
        Assert.That(VzenithMessages.TryParseKeepAlive("""{"id":"x","sn":"265e1040-85e01fb7","name":"keep_alive"}"""u8, out var sn, out _) ? sn : null, Is.EqualTo("265e1040-85e01fb7"));
}

/// <summary>What the fuzzer found: bytes that are not UTF-8 inside a JSON string, and absurd capture times.</summary>
public sealed class CameraMessagesBrokenTextTests
{
    private static byte[] WithInvalidUtf8(string json, string marker)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json).ToList();
        var at = System.Text.Encoding.UTF8.GetBytes(json[..json.IndexOf(marker, StringComparison.Ordinal)]).Length;
        bytes.InsertRange(at, new byte[] { 0xC3, 0x28 }); // an invalid two-byte sequence
        return [.. bytes];
    }

    [Test]
    public void Invalid_utf8_inside_a_string_is_refused_not_thrown()
    {
        var native = WithInvalidUtf8("""{"id":"n-1","plate":"湘A12345","color":"blue","confidence":97,"ts":1772412000.5}""", "湘");
        Assert.That(NativeReadMessages.TryParseRead(native, "in-1", out var read, out var error), Is.False);
        Assert.That(read, Is.Null);
        Assert.That(error, Does.Contain("malformed"));

        var frigate = WithInvalidUtf8("""{"type":"lpr","id":"f-1","name":null,"plate":"湘A12345","score":0.93,"camera":"driveway_cam","timestamp":1772412000.5}""", "driveway");
        Assert.That(FrigateMessages.TryParseRead(frigate, out _, out error), Is.False);
        Assert.That(error, Is.Not.Null);

        var payment = WithInvalidUtf8("""{"id":"pay-1","status":"paid","channel":"wechat","ref":"4200001234","amountFen":400,"ts":1772424030}""", "4200");
        Assert.That(ParkingGate.Protocols.PaymentTerminal.PaymentTerminalMessages.TryParseResult(payment, out _, out error), Is.False);
        Assert.That(error, Is.Not.Null);
    }

    [TestCase("5")]
    [TestCase("9999999999")]
    public void A_capture_time_outside_2000_to_2100_is_refused(string ts)
    {
        var json = System.Text.Encoding.UTF8.GetBytes($$"""{"id":"n-1","plate":"湘A12345","color":"blue","confidence":97,"ts":{{ts}}}""");
        Assert.That(NativeReadMessages.TryParseRead(json, "in-1", out var read, out var error), Is.False);
        Assert.That(read, Is.Null);
        Assert.That(error, Does.Contain("not a plausible time"));
    }
}
