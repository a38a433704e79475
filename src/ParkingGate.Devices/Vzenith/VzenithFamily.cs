using ParkingGate.Devices.Families;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Protocols;
using ParkingGate.Protocols.Vzenith;

namespace ParkingGate.Devices.Vzenith;

/// <summary>
/// Vzenith/Zhenshi (臻识) cameras over MQTT: reads on <c>device/{sn}/message/up/ivs_result</c>, the reads the camera
/// kept while offline on <c>…/up/offline_record</c>, keep-alives, and the
/// camera's own output (<c>gpio_out</c>) and RS-485 passthrough (<c>serial_data</c>) as commands answered on
/// <c>…/reply</c> with the command's id.
/// </summary>
public sealed class VzenithFamily : IMqttDeviceFamily, ILaneCameraFamily, IMqttBarrier, IPassthroughDisplay, ICameraList
{
    /// <inheritdoc />
    public string Kind => "vzenith";

    /// <inheritdoc />
    public bool DeviceIsLane => false;

    /// <inheritdoc />
    public bool ReportsInputs => true;

    /// <inheritdoc />
    public string CameraKind => Kind;

    /// <inheritdoc />
    public string RelayKind => DeviceFamilies.CameraOutput;

    /// <inheritdoc />
    public IReadOnlyList<string> Subscriptions(string estate) =>
        ["device/+/message/up/ivs_result", "device/+/message/up/offline_record", "device/+/message/up/barr_gate_status", "device/+/message/up/gpio_in", "device/+/message/up/keep_alive", "device/+/message/down/+/reply"];

    /// <inheritdoc />
    public BrokerAccount Account(DeviceAccount device, string estate)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new(device.UserName, device.PasswordHash, [$"device/{device.Id}/message/up/#", $"device/{device.Id}/message/down/+/reply"], [$"device/{device.Id}/message/down/#"]);
    }

    /// <inheritdoc />
    public ValueTask ReceiveAsync(string topic, byte[] payload, string estate, IDeviceSink sink)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(sink);
        switch (topic.Split('/'))
        {
            case ["device", var sn, "message", "up", var name and ("ivs_result" or "offline_record")]:
                sink.Heard(sn);
                if (!(name == "ivs_result" ? VzenithMessages.TryParseRead(payload, out var read, out var error) : VzenithMessages.TryParseOfflineRecord(payload, out read, out error)))
                {
                    sink.Refuse($"vzenith {sn}: {error}");
                }
                else if (read.Device != sn)
                {
                    sink.Refuse($"vzenith {sn}: the message says it is from {read.Device}");
                }
                else
                {
                    sink.Read(new CameraAddress(Kind, sn), read);
                }

                break;
            case ["device", var sn, "message", "up", var name and ("barr_gate_status" or "gpio_in")]:
                sink.Heard(sn);
                if (VzenithMessages.TryParseSignal(name, payload, out var signal, out var signalError))
                {
                    sink.Signal(new CameraAddress(Kind, sn), signal);
                }
                else
                {
                    sink.Refuse($"vzenith {sn} {name}: {signalError}");
                }

                break;
            case ["device", var sn, "message", "up", "keep_alive"]:
                sink.Heard(sn);
                break;
            case ["device", _, "message", "down", _, "reply"]:
                if (VzenithCommands.TryParseReply(payload, out var id, out var success, out _))
                {
                    if (success && VzenithCommands.TryParseListPage(payload, out var records))
                    {
                        sink.ListPage(AnswerKey(id), [.. records.Select(r => new CameraListed(r.Plate, r.Until))]);
                    }

                    sink.Answered(AnswerKey(id), success);
                }

                break;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public BarrierPulse Pulse(RelayAddress relay, long sequence, long nowUnixSeconds)
    {
        ArgumentNullException.ThrowIfNull(relay);
        var id = $"open-{relay.Lane}-{sequence}";
        return new BarrierPulse(AnswerKey(id), [VzenithCommands.PulseOutput(relay.Device, id, relay.Output, relay.PulseMs, nowUnixSeconds)]);
    }

    /// <inheritdoc />
    public BarrierPulse Hold(RelayAddress relay, bool held, long sequence, long nowUnixSeconds)
    {
        ArgumentNullException.ThrowIfNull(relay);
        var id = $"{(held ? "hold" : "release")}-{relay.Lane}-{sequence}";
        return new BarrierPulse(AnswerKey(id), [VzenithCommands.HoldOutput(relay.Device, id, relay.Output, held, nowUnixSeconds)]);
    }

    /// <inheritdoc />
    public MqttCommand Passthrough(string camera, string id, byte[] frame, long nowUnixSeconds) =>
        VzenithCommands.SerialData(camera, id, frame, nowUnixSeconds);

    /// <inheritdoc />
    public int BatchSize => 50;

    /// <inheritdoc />
    public MqttCommand ListCommand(string camera, string id, IReadOnlyList<CameraListEntry> entries, TimeZoneInfo zone, long nowUnixSeconds)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (entries is [{ Keep: false } removed])
        {
            return VzenithCommands.WhiteListDelete(camera, id, removed.Plate, nowUnixSeconds);
        }

        if (entries.Count == 0 || entries.Count > BatchSize || entries.Any(e => !e.Keep))
        {
            throw new ArgumentException($"a whitelist command carries 1–{BatchSize} plates to keep, or one to remove", nameof(entries));
        }

        return VzenithCommands.WhiteListUpsert(camera, id, [.. entries.Select(e => (e.Plate, e.Until is { } until
            ? TimeZoneInfo.ConvertTime(until, zone).ToString(VzenithCommands.ListTimeFormat, System.Globalization.CultureInfo.InvariantCulture)
            : VzenithCommands.NoExpiry))], nowUnixSeconds);
    }

    /// <inheritdoc />
    public MqttCommand ReadCommand(string camera, string id, int start, int count, long nowUnixSeconds) => VzenithCommands.WhiteListPage(camera, id, start, count, nowUnixSeconds);

    /// <inheritdoc />
    public bool TryReadUntil(string text, TimeZoneInfo zone, out DateTimeOffset? until)
    {
        until = null;
        if (text == VzenithCommands.NoExpiry)
        {
            return true;
        }

        if (!DateTime.TryParseExact(text, VzenithCommands.ListTimeFormat, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var local))
        {
            return false;
        }

        until = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
        return true;
    }

    /// <inheritdoc />
    public MqttCommand OfflineOnly(string camera, string id, long nowUnixSeconds) => VzenithCommands.WhiteListOfflineOnly(camera, id, nowUnixSeconds);

    /// <inheritdoc />
    public string AnswerKey(string id) => $"vzenith:{id}";
}
