using MQTTnet;

namespace ParkingGate.Devices.Mqtt;

/// <summary>An account on the embedded broker: who may connect, and which topics it may publish and subscribe to.</summary>
/// <param name="UserName">The MQTT user name.</param>
/// <param name="PasswordHash">See <see cref="DevicePassword"/>.</param>
/// <param name="Publish">Topic filters it may publish to.</param>
/// <param name="Subscribe">Topic filters it may subscribe to.</param>
public sealed record BrokerAccount(string UserName, string PasswordHash, IReadOnlyList<string> Publish, IReadOnlyList<string> Subscribe)
{
    /// <summary>True when <paramref name="topic"/> falls under one of the publish filters.</summary>
    public bool MayPublish(string topic) => Publish.Any(filter => MqttTopicFilterComparer.Compare(topic, filter) == MqttTopicFilterCompareResult.IsMatch);

    /// <summary>
    /// True when the subscription <paramref name="filter"/> is one of the allowed filters, or a plain topic under one:
    /// a device never widens its view with wildcards of its own.
    /// </summary>
    public bool MaySubscribe(string filter) =>
        Subscribe.Contains(filter, StringComparer.Ordinal)
        || (!filter.Contains('#', StringComparison.Ordinal) && !filter.Contains('+', StringComparison.Ordinal)
            && Subscribe.Any(allowed => MqttTopicFilterComparer.Compare(filter, allowed) == MqttTopicFilterCompareResult.IsMatch));

    /// <summary>A Vzenith camera: publishes its reads, keep-alives and replies; hears its own commands.</summary>
    public static BrokerAccount VzenithCamera(string userName, string passwordHash, string sn) =>
        new(userName, passwordHash, [$"device/{sn}/message/up/#", $"device/{sn}/message/down/+/reply"], [$"device/{sn}/message/down/#"]);

    /// <summary>A Tasmota relay with MQTT topic <paramref name="topic"/>.</summary>
    public static BrokerAccount Tasmota(string userName, string passwordHash, string topic) =>
        new(userName, passwordHash, [$"stat/{topic}/#", $"tele/{topic}/#"], [$"cmnd/{topic}/#"]);

    /// <summary>A Shelly Gen2 relay with topic prefix <paramref name="prefix"/>; it answers on the caller's <c>{src}/rpc</c>.</summary>
    public static BrokerAccount Shelly(string userName, string passwordHash, string prefix, string replyTo) =>
        new(userName, passwordHash, [$"{prefix}/#", $"{replyTo}/rpc"], [$"{prefix}/rpc"]);

    /// <summary>A Frigate NVR: publishes its events under <c>frigate/</c>.</summary>
    public static BrokerAccount Frigate(string userName, string passwordHash) => new(userName, passwordHash, ["frigate/#"], []);

    /// <summary>A camera speaking our native read format for one lane.</summary>
    public static BrokerAccount NativeCamera(string userName, string passwordHash, string estate, string lane) =>
        new(userName, passwordHash, [$"parkinggate/{estate}/lanes/{lane}/read"], []);

    /// <summary>A lane's payment terminal.</summary>
    public static BrokerAccount PaymentTerminal(string userName, string passwordHash, string estate, string lane) =>
        new(userName, passwordHash, [$"parkinggate/{estate}/lanes/{lane}/pay/result"], [$"parkinggate/{estate}/lanes/{lane}/pay/request"]);
}
