using ParkingGate.Protocols;
using ParkingGate.Protocols.Display;
using ParkingGate.Protocols.Shelly;
using ParkingGate.Protocols.Tasmota;
using ParkingGate.Protocols.Vzenith;

namespace ParkingGate.Protocols.Tests;

public sealed class RelayCommandsTests
{
    [Test]
    public void Vzenith_gpio_out_pulse_matches_the_documented_message()
    {
        var command = VzenithCommands.PulseOutput("265e1040-85e01fb7", "open-1", io: 0, pulseMs: 1500, unixSeconds: 1784098020);
        Assert.That(command.Topic, Is.EqualTo("device/265e1040-85e01fb7/message/down/gpio_out"));
        Assert.That(command.Payload, Is.EqualTo("""{"id":"open-1","sn":"265e1040-85e01fb7","name":"gpio_out","version":"1.0","timestamp":1784098020,"payload":{"type":"gpio_out","body":{"io":0,"value":2,"delay":1500}}}"""));
    }

    [Test]
    public void Holding_a_relay_open_and_letting_it_go_for_each_kind()
    {
        var vzenith = VzenithCommands.HoldOutput("sn-1", "hold-in-1-3", 0, true, 1772412000);
        Assert.That(vzenith.Topic, Is.EqualTo("device/sn-1/message/down/gpio_out"));
        Assert.That(vzenith.Payload, Does.Contain("\"body\":{\"io\":0,\"value\":1}"));
        Assert.That(VzenithCommands.HoldOutput("sn-1", "release-in-1-4", 0, false, 1772412000).Payload, Does.Contain("\"value\":0"));

        Assert.That(TasmotaCommands.Hold("gate1", true).Select(c => (c.Topic, c.Payload)), Is.EqualTo(new[] { ("cmnd/gate1/PulseTime1", "0"), ("cmnd/gate1/POWER1", "ON") }),
            "the pulse time is cleared first, or the relay would drop after it");
        Assert.That(TasmotaCommands.Hold("gate1", false).Select(c => (c.Topic, c.Payload)), Is.EqualTo(new[] { ("cmnd/gate1/POWER1", "OFF") }));
        Assert.That((TasmotaCommands.IsOff("""{"POWER1":"OFF"}"""u8), TasmotaCommands.IsOff("""{"POWER1":"ON"}"""u8)), Is.EqualTo((true, false)));

        Assert.That(ShellyCommands.Hold("shelly-gate", 7, "parkinggate", true).Payload,
            Is.EqualTo("""{"id":7,"src":"parkinggate","method":"Switch.Set","params":{"id":0,"on":true}}"""), "no toggle_after: held until switched off");
        Assert.That(ShellyCommands.Hold("shelly-gate", 8, "parkinggate", false).Payload, Does.Contain("\"on\":false"));
    }

    [Test]
    public void A_vzenith_whitelist_page_is_asked_for_and_its_records_read_from_the_reply()
    {
        var ask = VzenithCommands.WhiteListPage("sn-1", "read-1", 50, 50, 1772412000);
        Assert.That(ask.Payload, Does.Contain("\"operator_type\":\"select_fuzzy\",\"start_pos\":50,\"select_count\":50"));
        Assert.That(VzenithCommands.TryParseListPage("""{"id":"read-1","code":200,"body":{"dldb_rec":[{"plate":"湘A12345","overdue_time":"2099-12-31 23:59:59"},{"plate":"粤B1","enable":1}]}}"""u8, out var records), Is.True);
        Assert.That(records, Is.EqualTo(new[] { ("湘A12345", "2099-12-31 23:59:59"), ("粤B1", "") }));
        Assert.That(VzenithCommands.TryParseListPage("""{"id":"x","code":200,"payload":{"body":{"dldb_rec":[]}}}"""u8, out var empty) && empty.Count == 0, Is.True);
        Assert.That(VzenithCommands.TryParseListPage("""{"id":"x","code":200,"name":"white_list_operator"}"""u8, out _), Is.False, "the answer to a change carries no records");
        Assert.That(VzenithCommands.TryParseListPage("""{"body":{"dldb_rec":"nope"}}"""u8, out _), Is.False);
    }

    [Test]
    public void Vzenith_serial_data_carries_the_frame_in_base64()
    {
        var frame = LedVoiceFrame.Speak("欢迎光临");
        var command = VzenithCommands.SerialData("sn1", "led-1", frame, 1784098020);
        Assert.That(command.Topic, Is.EqualTo("device/sn1/message/down/serial_data"));
        Assert.That(command.Payload, Does.Contain($"\"data\":\"{Convert.ToBase64String(frame)}\",\"dataLen\":{frame.Length}"));
    }

    [Test]
    public void Vzenith_whitelist_commands_match_the_documented_messages()
    {
        var add = VzenithCommands.WhiteListUpsert("sn1", "list-1", [("湘A12345", VzenithCommands.NoExpiry), ("粤B30001", "2026-04-04 00:00:00")], 1784098020);
        Assert.That(add.Topic, Is.EqualTo("device/sn1/message/down/white_list_operator"));
        Assert.That(add.Payload, Is.EqualTo("""{"id":"list-1","sn":"sn1","name":"white_list_operator","version":"1.0","timestamp":1784098020,"payload":{"type":"white_list_operator","body":{"operator_type":"update_or_add","dldb_rec":[""" +
            """{"plate":"湘A12345","enable":1,"enable_time":"2000-01-01 00:00:00","overdue_time":"2099-12-31 23:59:59","need_alarm":0,"time_seg_enable":0,"seg_time_start":"00:00:00","seg_time_end":"00:00:00","context":"parkinggate"},""" +
            """{"plate":"粤B30001","enable":1,"enable_time":"2000-01-01 00:00:00","overdue_time":"2026-04-04 00:00:00","need_alarm":0,"time_seg_enable":0,"seg_time_start":"00:00:00","seg_time_end":"00:00:00","context":"parkinggate"}]}}}"""));
        var delete = VzenithCommands.WhiteListDelete("sn1", "list-2", "湘A12345", 1784098020);
        Assert.That(delete.Payload, Does.EndWith("""{"type":"white_list_operator","body":{"operator_type":"delete","plate":"湘A12345"}}}"""));
    }

    [TestCase("""{"code":200,"id":"open-1","name":"gpio_out"}""", "open-1", true)]
    [TestCase("""{"code":500,"id":"open-1","name":"gpio_out"}""", "open-1", false)]
    public void Vzenith_replies_are_matched_by_id(string json, string id, bool success)
    {
        Assert.That(VzenithCommands.TryParseReply(System.Text.Encoding.UTF8.GetBytes(json), out var replyId, out var ok, out _), Is.True);
        Assert.That((replyId, ok), Is.EqualTo((id, success)));
    }

    [TestCase("not json")]
    [TestCase("""{"code":200}""")]
    public void A_reply_without_an_id_is_refused(string json) =>
        Assert.That(VzenithCommands.TryParseReply(System.Text.Encoding.UTF8.GetBytes(json), out _, out _, out _), Is.False);

    [TestCase(1000, 10)]
    [TestCase(500, 5)]
    [TestCase(11_100, 111)]
    [TestCase(15_000, 115)]
    public void Tasmota_pulse_time_units(int ms, int units) => Assert.That(TasmotaCommands.PulseTimeUnits(ms), Is.EqualTo(units));

    [Test]
    public void Tasmota_pulse_sets_the_pulse_time_then_switches_on()
    {
        var commands = TasmotaCommands.Pulse("gate1", 1000);
        Assert.That(commands, Is.EqualTo(new[] { new MqttCommand("cmnd/gate1/PulseTime1", "10"), new MqttCommand("cmnd/gate1/POWER1", "ON") }));
        Assert.That(TasmotaCommands.IsOn("""{"POWER1":"ON"}"""u8), Is.True);
        Assert.That(TasmotaCommands.IsOn("""{"POWER1":"OFF"}"""u8), Is.False);
        Assert.That(TasmotaCommands.IsOn("junk"u8), Is.False);
    }

    [Test]
    public void Shelly_switch_set_matches_the_documented_message()
    {
        var command = ShellyCommands.Pulse("shellyplus1-gate", 1, "parkinggate", 1000);
        Assert.That(command, Is.EqualTo(new MqttCommand("shellyplus1-gate/rpc",
            """{"id":1,"src":"parkinggate","method":"Switch.Set","params":{"id":0,"on":true,"toggle_after":1}}""")));
        Assert.That(ShellyCommands.Pulse("p", 2, "parkinggate", 1500).Payload, Does.Contain("\"toggle_after\":1.5"));
        Assert.That(ShellyCommands.TryParseReply("""{"id":1,"src":"shellyplus1-x","result":{"was_on":false}}"""u8, out var id, out var ok, out _), Is.True);
        Assert.That((id, ok), Is.EqualTo((1, true)));
        Assert.That(ShellyCommands.TryParseReply("""{"id":1,"error":{"code":-103}}"""u8, out _, out var failed, out _) && !failed, Is.True);
    }
}
