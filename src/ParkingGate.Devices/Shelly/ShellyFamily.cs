using ParkingGate.Devices.Families;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Protocols.Shelly;

namespace ParkingGate.Devices.Shelly;

/// <summary>
/// A Shelly Gen2 relay: <c>Switch.Set</c> with <c>toggle_after</c> on <c>{prefix}/rpc</c>, answered by id on the
/// caller's <c>{src}/rpc</c>.
/// </summary>
public sealed class ShellyFamily : IMqttDeviceFamily, IMqttBarrier
{
    /// <summary>Where Shelly relays answer the service (their <c>src</c>).</summary>
    public const string ReplyTo = "parkinggate";

    /// <inheritdoc />
    public string Kind => "shelly";

    /// <inheritdoc />
    public string RelayKind => Kind;

    /// <inheritdoc />
    public IReadOnlyList<string> Subscriptions(string estate) => [$"{ReplyTo}/rpc"];

    /// <inheritdoc />
    public BrokerAccount Account(DeviceAccount device, string estate)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new(device.UserName, device.PasswordHash, [$"{device.Id}/#", $"{ReplyTo}/rpc"], [$"{device.Id}/rpc"]);
    }

    /// <inheritdoc />
    public ValueTask ReceiveAsync(string topic, byte[] payload, string estate, IDeviceSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (ShellyCommands.TryParseReply(payload, out var id, out var success, out _))
        {
            sink.Answered(AnswerKey(id), success);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public BarrierPulse Pulse(RelayAddress relay, long sequence, long nowUnixSeconds)
    {
        ArgumentNullException.ThrowIfNull(relay);
        var id = (int)(sequence % int.MaxValue);
        return new BarrierPulse(AnswerKey(id), [ShellyCommands.Pulse(relay.Device, id, ReplyTo, relay.PulseMs)]);
    }

    /// <inheritdoc />
    public BarrierPulse Hold(RelayAddress relay, bool held, long sequence, long nowUnixSeconds)
    {
        ArgumentNullException.ThrowIfNull(relay);
        var id = (int)(sequence % int.MaxValue);
        return new BarrierPulse(AnswerKey(id), [ShellyCommands.Hold(relay.Device, id, ReplyTo, held)]);
    }

    private static string AnswerKey(int id) => $"shelly:{id}";
}
