using System.Text;
using ParkingGate.Devices.Families;
using ParkingGate.Devices.Frigate;
using ParkingGate.Devices.NativeCamera;
using ParkingGate.Devices.PaymentTerminal;
using ParkingGate.Devices.Shelly;
using ParkingGate.Devices.Tasmota;
using ParkingGate.Devices.Vzenith;
using ParkingGate.Protocols.Cameras;

namespace ParkingGate.Devices.Tests;

/// <summary>
/// Each MQTT family declares its topics once: the router subscribes to them and sends each message to the family
/// that declared it; a family's answers come back under the key its own pulse named; its broker account lets a
/// device use only its own topics.
/// </summary>
public sealed class DeviceFamiliesTests
{
    private const string Estate = "fenglin-anzhi";
    private readonly MqttRouter _router = new(DeviceFamilies.Mqtt, Estate);

    private sealed class Sink : IDeviceSink
    {
        public List<(CameraAddress Camera, CameraRead Read)> Reads { get; } = [];

        public List<string> Heard { get; } = [];

        public List<string> Refused { get; } = [];

        public List<(string Key, bool Success)> Answers { get; } = [];

        public List<string> Payments { get; } = [];

        public void Read(CameraAddress camera, CameraRead read) => Reads.Add((camera, read));

        void IDeviceSink.Heard(string device) => Heard.Add(device);

        public void Refuse(string reason) => Refused.Add(reason);

        public List<(CameraAddress Camera, LaneSignal Signal)> Signals { get; } = [];

        public void Signal(CameraAddress camera, LaneSignal signal) => Signals.Add((camera, signal));

        public List<(string Key, IReadOnlyList<CameraListed> Entries)> Pages { get; } = [];

        public void ListPage(string key, IReadOnlyList<CameraListed> entries) => Pages.Add((key, entries));

        public void Answered(string key, bool success) => Answers.Add((key, success));

        public ValueTask PaymentResultAsync(string lane, byte[] payload)
        {
            Payments.Add(lane);
            return ValueTask.CompletedTask;
        }
    }

    private async Task<(bool Routed, Sink Sink)> RouteAsync(string topic, string payload)
    {
        var sink = new Sink();
        var routed = await _router.RouteAsync(topic, Encoding.UTF8.GetBytes(payload), sink);
        return (routed, sink);
    }

    private static string Vector(string name) => File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Vectors", name));

    [Test]
    public void The_service_subscribes_to_what_the_families_declare_and_nothing_else()
    {
        Assert.That(_router.Filters, Is.EquivalentTo(new[]
        {
            "device/+/message/up/ivs_result", "device/+/message/up/offline_record", "device/+/message/up/barr_gate_status", "device/+/message/up/gpio_in", "device/+/message/up/keep_alive", "device/+/message/down/+/reply", "frigate/tracked_object_update",
            $"parkinggate/{Estate}/lanes/+/read", "stat/+/RESULT", "parkinggate/rpc", $"parkinggate/{Estate}/lanes/+/pay/result",
        }));
        Assert.That(DeviceFamilies.Mqtt.Select(f => f.Kind), Is.Unique);
    }

    [Test]
    public async Task A_vzenith_read_is_handed_on_with_the_camera_it_came_from()
    {
        var (routed, sink) = await RouteAsync("device/265e1040-85e01fb7/message/up/ivs_result", Vector("vzenith-ivs_result.json"));
        Assert.That(routed, Is.True);
        Assert.That(sink.Reads.Single().Camera, Is.EqualTo(new CameraAddress("vzenith", "265e1040-85e01fb7")));
        Assert.That(sink.Reads.Single().Read.PlateText, Is.EqualTo("赣GZ7S13"));
        Assert.That(sink.Heard, Is.EqualTo(new[] { "265e1040-85e01fb7" }));
    }

    [Test]
    public async Task A_vzenith_offline_record_is_handed_on_as_a_record_kept_offline_and_one_without_its_id_is_refused()
    {
        var kept = Vector("vzenith-ivs_result.json")
            .Replace("\"name\":\"ivs_result\"", "\"name\":\"offline_record\"", StringComparison.Ordinal);
        var (routed, sink) = await RouteAsync("device/265e1040-85e01fb7/message/up/offline_record", kept);
        Assert.That((routed, sink.Reads.Single().Read.Offline), Is.EqualTo((true, new OfflineRecord("594785", null))));

        var (_, refused) = await RouteAsync("device/265e1040-85e01fb7/message/up/offline_record", kept.Replace("\"plateid\":594785,", "", StringComparison.Ordinal));
        Assert.That(refused.Reads, Is.Empty);
        Assert.That(refused.Refused.Single(), Does.Contain("without PlateResult.plateid"));
    }

    [Test]
    public async Task A_vzenith_barrier_or_loop_report_is_handed_on_with_its_camera_and_a_broken_one_refused()
    {
        var (_, sink) = await RouteAsync("device/sn-1/message/up/barr_gate_status", """{"payload":{"body":{"gate_status":1}}}""");
        Assert.That(sink.Signals.Single(), Is.EqualTo((new CameraAddress("vzenith", "sn-1"), new LaneSignal(LaneSignalKind.BarrierUp, 0))));
        var (_, broken) = await RouteAsync("device/sn-1/message/up/gpio_in", """{"payload":{"body":{"source":1}}}""");
        Assert.That((broken.Signals.Count, broken.Refused.Single()), Is.EqualTo((0, broken.Refused.Single())));
        Assert.That(broken.Refused.Single(), Does.StartWith("vzenith sn-1 gpio_in: an input change needs source 0–3 and value 0 or 1"));
    }

    [Test]
    public async Task A_vzenith_read_posted_under_another_cameras_serial_is_refused()
    {
        var (_, sink) = await RouteAsync("device/sn-other/message/up/ivs_result", Vector("vzenith-ivs_result.json"));
        Assert.That(sink.Reads, Is.Empty);
        Assert.That(sink.Refused.Single(), Does.StartWith("vzenith sn-other: the message says it is from 265e1040-85e01fb7"));
    }

    [TestCase("device/sn-1/message/up/ivs_result", "{\"name\":\"ivs_result\"", "vzenith sn-1:")]
    [TestCase("frigate/tracked_object_update", "[1,2]", "frigate:")]
    [TestCase("parkinggate/fenglin-anzhi/lanes/in-2/read", "{\"id\":\"n-1\"}", "native read on in-2:")]
    public async Task A_garbled_read_is_refused_in_the_name_of_its_family(string topic, string payload, string refusal)
    {
        var (routed, sink) = await RouteAsync(topic, payload);
        Assert.That((routed, sink.Reads.Count), Is.EqualTo((true, 0)));
        Assert.That(sink.Refused.Single(), Does.StartWith(refusal));
    }

    [TestCase("frigate/events")]
    [TestCase("parkinggate/other-estate/lanes/in-1/read")]
    [TestCase("device/sn-1/message/down/gpio_out")]
    public async Task A_topic_no_family_declared_goes_nowhere(string topic)
    {
        var (routed, sink) = await RouteAsync(topic, "{}");
        Assert.That(routed, Is.False);
        Assert.That(sink.Reads.Count + sink.Refused.Count + sink.Answers.Count + sink.Payments.Count, Is.Zero);
    }

    [Test]
    public async Task A_frigate_read_and_a_native_read_name_their_camera()
    {
        var frigate = await RouteAsync("frigate/tracked_object_update", Vector("frigate-lpr.json"));
        Assert.That(frigate.Sink.Reads.Single().Camera.Kind, Is.EqualTo("frigate"));
        var native = await RouteAsync($"parkinggate/{Estate}/lanes/in-2/read", """{"id":"n-1","plate":"湘A12345","confidence":97,"ts":1767225600}""");
        Assert.That(native.Sink.Reads.Single().Camera, Is.EqualTo(new CameraAddress(NativeCameraFamily.LaneCameraKind, "in-2")));
    }

    [Test]
    public async Task Each_relay_familys_answer_comes_back_under_the_key_its_pulse_named()
    {
        var relay = new RelayAddress("out-1", "sn-out-1", 0, 1000);
        var vzenith = new VzenithFamily().Pulse(relay, 7, 1767225600);
        var id = System.Text.Json.JsonDocument.Parse(vzenith.Commands.Single().Payload).RootElement.GetProperty("id").GetString();
        var camera = await RouteAsync("device/sn-out-1/message/down/gpio_out/reply", $$"""{"id":"{{id}}","code":200}""");
        Assert.That(camera.Sink.Answers, Is.EqualTo(new[] { (vzenith.Key, true) }));

        var shelly = new ShellyFamily().Pulse(relay with { Device = "shelly-out-1" }, 8, 1767225600);
        var refused = await RouteAsync("parkinggate/rpc", """{"id":8,"src":"shelly-out-1","error":{"code":-103}}""");
        Assert.That(refused.Sink.Answers, Is.EqualTo(new[] { (shelly.Key, false) }));

        var tasmota = new TasmotaFamily().Pulse(relay with { Device = "gate-in-2" }, 9, 1767225600);
        Assert.That(tasmota.Commands.Select(c => c.Topic), Is.EqualTo(new[] { "cmnd/gate-in-2/PulseTime1", "cmnd/gate-in-2/POWER1" }));
        var on = await RouteAsync("stat/gate-in-2/RESULT", """{"POWER1":"ON"}""");
        Assert.That(on.Sink.Answers, Is.EqualTo(new[] { (tasmota.Key, true) }));
    }

    [Test]
    public void The_camera_output_is_the_barrier_of_a_camera_family_that_has_one()
    {
        Assert.That(DeviceFamilies.Barrier(DeviceFamilies.CameraOutput, "vzenith"), Is.InstanceOf<VzenithFamily>());
        Assert.That(DeviceFamilies.Barrier("shelly", "frigate"), Is.InstanceOf<ShellyFamily>());
        Assert.That(DeviceFamilies.Barrier(DeviceFamilies.CameraOutput, "frigate"), Is.Null, "a Frigate NVR has no output to lift a barrier");
        Assert.That(DeviceFamilies.Barrier("modbus", "vzenith"), Is.Null, "a Modbus board is on a serial line, not MQTT");
    }

    [Test]
    public async Task A_payment_result_is_handed_on_for_its_lane_in_this_estate_only()
    {
        var ours = await RouteAsync($"parkinggate/{Estate}/lanes/out-2/pay/result", "{}");
        Assert.That(ours.Sink.Payments, Is.EqualTo(new[] { "out-2" }));
        Assert.That(PaymentTerminalFamily.RequestTopic(Estate, "out-2"), Is.EqualTo($"parkinggate/{Estate}/lanes/out-2/pay/request"));
    }

    [TestCase("vzenith", "sn-1", "device/sn-1/message/up/ivs_result", "device/sn-2/message/up/ivs_result", "device/sn-1/message/down/gpio_out")]
    [TestCase("tasmota", "gate-1", "stat/gate-1/RESULT", "stat/gate-2/RESULT", "cmnd/gate-1/POWER1")]
    [TestCase("shelly", "shelly-1", "parkinggate/rpc", "shelly-2/events/rpc", "shelly-1/rpc")]
    [TestCase("native-camera", "in-2", "parkinggate/fenglin-anzhi/lanes/in-2/read", "parkinggate/fenglin-anzhi/lanes/out-2/read", null)]
    [TestCase("payment-terminal", "out-2", "parkinggate/fenglin-anzhi/lanes/out-2/pay/result", "parkinggate/fenglin-anzhi/lanes/out-1/pay/result", "parkinggate/fenglin-anzhi/lanes/out-2/pay/request")]
    [TestCase("frigate", "nvr", "frigate/tracked_object_update", "parkinggate/fenglin-anzhi/lanes/in-1/read", null)]
    public void A_devices_account_lets_it_use_its_own_topics_only(string kind, string id, string mine, string notMine, string? commands)
    {
        var account = DeviceFamilies.Find(kind)!.Account(new DeviceAccount("user", "hash", kind, id), Estate);
        Assert.That((account.MayPublish(mine), account.MayPublish(notMine)), Is.EqualTo((true, false)));
        Assert.That(account.MaySubscribe("#"), Is.False, "no device widens its view with a wildcard");
        if (commands is not null)
        {
            Assert.That(account.MaySubscribe(commands), Is.True);
        }
    }

    [Test]
    public void Lane_device_kinds_are_read_once_into_how_the_device_is_reached()
    {
        Assert.That(DeviceKinds.CameraNames, Is.EqualTo(new[] { "vzenith", "frigate", "native", "vzenith-http", "hikvision", "dahua", "serial" }));
        Assert.That(DeviceKinds.RelayNames, Is.EqualTo(new[] { "camera", "tasmota", "shelly", "modbus" }));
        Assert.That(DeviceKinds.List(DeviceKinds.DisplayNames), Is.EqualTo("camera, serial or none"));

        Assert.That(DeviceKinds.Camera("native"), Is.EqualTo(new LaneDeviceKind("native", DeviceLink.Mqtt, DeviceFamilies.Find("native-camera"))));
        Assert.That(DeviceKinds.Camera("native")!.Family, Is.InstanceOf<ILaneCameraFamily>().With.Property(nameof(ILaneCameraFamily.DeviceIsLane)).True);
        Assert.That(DeviceKinds.Camera("serial")!.Link, Is.EqualTo(DeviceLink.Serial));
        Assert.That(DeviceKinds.Relay("modbus")!.Link, Is.EqualTo(DeviceLink.Serial));
        Assert.That(DeviceKinds.Relay("camera")!.Link, Is.EqualTo(DeviceLink.CameraOutput));
        Assert.That(DeviceKinds.Relay("shelly")!.Family, Is.InstanceOf<IMqttBarrier>());
        Assert.That(DeviceKinds.Display("none")!.Link, Is.EqualTo(DeviceLink.None));
        Assert.That(new[] { DeviceKinds.Camera("tasmota"), DeviceKinds.Camera("native-camera"), DeviceKinds.Relay("frigate"), DeviceKinds.Relay("vzenith"), DeviceKinds.Display("hdmi"), DeviceKinds.Camera(null) },
            Is.All.Null, "a family is a lane's camera or relay only if it says so, under the name it gives");
        Assert.That(DeviceFamilies.Barrier("camera", "vzenith"), Is.Not.Null);
        Assert.That(DeviceFamilies.Barrier("camera", "native"), Is.Null, "a native camera has no output of its own");
        Assert.That(DeviceKinds.Camera("vzenith-http"), Is.EqualTo(new LaneDeviceKind("vzenith-http", DeviceLink.Http, null, DeviceFamilies.FindHttp("vzenith-http"))), "a camera that pushes over HTTP");
        Assert.That(DeviceFamilies.Barrier("camera", "vzenith-http"), Is.Null, "its barrier is driven by replies, not over MQTT");
    }
}
