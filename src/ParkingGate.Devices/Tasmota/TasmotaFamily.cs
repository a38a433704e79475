using ParkingGate.Devices.Families;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Protocols.Tasmota;

namespace ParkingGate.Devices.Tasmota;

/// <summary>
/// A Tasmota relay: pulsed with <c>PulseTime</c> then <c>POWER1 ON</c> on <c>cmnd/{topic}/…</c>, confirmed by its state
/// on <c>stat/{topic}/RESULT</c> (its answer carries no id, so one pulse per relay at a time).
/// </summary>
public sealed class TasmotaFamily : IMqttDeviceFamily, IMqttBarrier
{
    /// <inheritdoc />
    public string Kind => "tasmota";

    /// <inheritdoc />
    public string RelayKind => Kind;

    /// <inheritdoc />
    public IReadOnlyList<string> Subscriptions(string estate) => ["stat/+/RESULT"];

    /// <inheritdoc />
    public BrokerAccount Account(DeviceAccount device, string estate)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new(device.UserName, device.PasswordHash, [$"stat/{device.Id}/#", $"tele/{device.Id}/#"], [$"cmnd/{device.Id}/#"]);
    }

    /// <inheritdoc />
    public ValueTask ReceiveAsync(string topic, byte[] payload, string estate, IDeviceSink sink)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(sink);
        if (topic.Split('/') is ["stat", var relay, "RESULT"])
        {
            if (TasmotaCommands.IsOn(payload))
            {
                sink.Answered(AnswerKey(relay), true);
            }
            else if (TasmotaCommands.IsOff(payload))
            {
                sink.Answered(AnswerKey(relay) + ":off", true);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public BarrierPulse Pulse(RelayAddress relay, long sequence, long nowUnixSeconds)
    {
        ArgumentNullException.ThrowIfNull(relay);
        return new BarrierPulse(AnswerKey(relay.Device), TasmotaCommands.Pulse(relay.Device, relay.PulseMs));
    }

    /// <inheritdoc />
    public BarrierPulse Hold(RelayAddress relay, bool held, long sequence, long nowUnixSeconds)
    {
        ArgumentNullException.ThrowIfNull(relay);
        return new BarrierPulse(held ? AnswerKey(relay.Device) : AnswerKey(relay.Device) + ":off", TasmotaCommands.Hold(relay.Device, held));
    }

    private static string AnswerKey(string relay) => $"tasmota:{relay}";
}
