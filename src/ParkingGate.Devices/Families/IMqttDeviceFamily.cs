using ParkingGate.Devices.Mqtt;

namespace ParkingGate.Devices.Families;

/// <summary>
/// A family of devices that talk over MQTT: the one place that knows its topics, its broker account's ACL and how its
/// messages are read. The service subscribes to <see cref="Subscriptions"/> and hands every message on one of them
/// back to <see cref="ReceiveAsync"/>: the subscription list and the router come from the same declaration.
/// </summary>
public interface IMqttDeviceFamily
{
    /// <summary>The family's name in the config (<c>mqtt.devices[].kind</c>, <c>lanes[].camera.kind</c>).</summary>
    string Kind { get; }

    /// <summary>The topic filters the service subscribes to for this family.</summary>
    IReadOnlyList<string> Subscriptions(string estate);

    /// <summary>The broker account of one device: what it may publish and subscribe to.</summary>
    BrokerAccount Account(DeviceAccount device, string estate);

    /// <summary>A message on one of <see cref="Subscriptions"/>: parsed here, handed to <paramref name="sink"/>.</summary>
    ValueTask ReceiveAsync(string topic, byte[] payload, string estate, IDeviceSink sink);
}
