using ParkingGate.Protocols;

namespace ParkingGate.Devices.Families;

/// <summary>A family that can lift a barrier over MQTT: the commands of one pulse and the key its answer comes back under.</summary>
public interface IMqttBarrier
{
    /// <summary>The relay's name in the config (<c>lanes[].relay.kind</c>).</summary>
    string RelayKind { get; }

    /// <summary>
    /// The commands for one pulse of <paramref name="relay"/>; the family reports the device's answer to
    /// <see cref="IDeviceSink.Answered"/> under the returned key. Never retried.
    /// </summary>
    /// <param name="relay">Which relay.</param>
    /// <param name="sequence">A number unique within the process, for the command's id.</param>
    /// <param name="nowUnixSeconds">The time to stamp the command with.</param>
    BarrierPulse Pulse(RelayAddress relay, long sequence, long nowUnixSeconds);

    /// <summary>
    /// The commands that hold <paramref name="relay"/> on (the barrier stays up: 常开) or let it go, answered like a pulse.
    /// </summary>
    BarrierPulse Hold(RelayAddress relay, bool held, long sequence, long nowUnixSeconds);
}

/// <summary>A relay as its family addresses it.</summary>
/// <param name="Lane">The lane, for command ids.</param>
/// <param name="Device">What the family calls the device: a camera's serial number, a relay's topic or prefix.</param>
/// <param name="Output">The output on the device (a camera's IO number).</param>
/// <param name="PulseMs">How long the relay closes.</param>
public sealed record RelayAddress(string Lane, string Device, int Output, int PulseMs);

/// <summary>One pulse: the key the answer will carry and the commands to publish, in order.</summary>
/// <param name="Key">Matches the device's answer (see <see cref="IDeviceSink.Answered"/>).</param>
/// <param name="Commands">QoS 1, never retained.</param>
public sealed record BarrierPulse(string Key, IReadOnlyList<MqttCommand> Commands);
