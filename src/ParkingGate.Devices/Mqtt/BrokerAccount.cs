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
}
