using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Gate;
using ParkingGate.Gate.Configuration;
using ParkingGate.Gate.Lanes;
using ParkingGate.Gate.Settlement;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Service;
using ParkingGate.Simulator;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Host.Tests.Gate;

/// <summary>What the gate refuses: oversized, blocked, duplicate, foreign, unconfirmed, anonymous and garbled.</summary>
public sealed partial class GateEndToEndTests
{
    [Test]
    public async Task A_ten_megabyte_payload_is_refused_and_the_lane_goes_on()
    {
        await _entry.PublishRawAsync("device/sn-in-1/message/up/ivs_result", new string('x', 10 * 1024 * 1024));
        await _entry.ReadAsync("湘A12345");
        Assert.That((await NextDecisionAsync("湘A12345")).Outcome, Is.EqualTo(LaneOutcome.Opened));
        Assert.That(_entry.Pulses, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_blocked_plate_is_refused_and_the_gate_stays_closed()
    {
        await _entry.ReadAsync("湘A88888");
        Assert.That((await NextDecisionAsync("湘A88888")).Outcome, Is.EqualTo(LaneOutcome.Refused));
        Assert.That(_entry.Pulses, Is.Empty);
    }

    [Test]
    public async Task A_duplicate_message_makes_one_decision()
    {
        await _entry.ReadAsync("湘A12345", messageId: "dup-1");
        await _entry.ReadAsync("湘A12345", messageId: "dup-1");
        await NextDecisionAsync("湘A12345");
        await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System);
        Assert.That(_entry.Pulses, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_camera_publishing_on_another_lanes_topic_is_refused_and_no_gate_opens()
    {
        await _entry.ReadAsync("湘A12345", asSn: "sn-out-1");
        await Task.Delay(TimeSpan.FromMilliseconds(500), TimeProvider.System);
        Assert.That(_decisions, Is.Empty);
        Assert.That(_entry.Pulses.Concat(_exit.Pulses), Is.Empty);
        if (brokerKind == "embedded")
        {
            Assert.That(_gate.Rejected.Keys, Has.Some.Contains("cam-in-1 may not publish on device/sn-out-1"));
        }
    }

    [Test]
    public async Task A_silent_relay_makes_the_opening_uncertain_and_it_is_not_retried()
    {
        _entry.Silent = true;
        await _entry.ReadAsync("湘A12345");
        var decision = await NextDecisionAsync("湘A12345");
        Assert.That(decision.Outcome, Is.EqualTo(LaneOutcome.OpenUncertain));
        await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System);
        Assert.That(_entry.Pulses, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task A_client_without_credentials_is_refused()
    {
        var port = _mosquitto?.Port ?? _gate.BrokerPort;
        Assert.That(await ConnectsAsync(port, null, null), Is.False, "anonymous");
        Assert.That(await ConnectsAsync(port, "cam-in-1", "wrong password"), Is.False, "wrong password");
        Assert.That(await ConnectsAsync(port, "cam-in-1", CameraPassword), Is.True, "the camera's own password");
    }

    private static async Task<bool> ConnectsAsync(int port, string? user, string? password)
    {
        using var client = new MQTTnet.MqttClientFactory().CreateMqttClient();
        var options = new MQTTnet.MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithClientId(Guid.NewGuid().ToString("N"));
        if (user is not null)
        {
            options.WithCredentials(user, password);
        }

        try
        {
            return (await client.ConnectAsync(options.Build())).ResultCode == MQTTnet.MqttClientConnectResultCode.Success;
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException)
        {
            return false;
        }
    }

    [TestCase("{\"id\":\"x\",\"sn\":\"sn-in-1\",\"name\":\"ivs_result\",\"payload\":")]
    [TestCase("\u0001\u0002binary junk")]
    [TestCase("{\"id\":\"x\",\"sn\":\"sn-in-1\",\"name\":\"ivs_result\",\"payload\":{\"AlarmInfoPlate\":{\"result\":{\"PlateResult\":{\"license\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\",\"confidence\":99}}}}}")]
    public async Task A_garbled_message_is_counted_never_acted_on(string payload)
    {
        await _entry.PublishRawAsync("device/sn-in-1/message/up/ivs_result", payload);
        await _entry.ReadAsync("湘A12345"); // the lane still works afterwards
        Assert.That((await NextDecisionAsync("湘A12345")).Outcome, Is.EqualTo(LaneOutcome.Opened));
        Assert.That(_entry.Pulses, Has.Count.EqualTo(1));
        Assert.That(_gate.Rejected.Keys, Has.Some.StartsWith("vzenith sn-in-1:"));
    }
}
