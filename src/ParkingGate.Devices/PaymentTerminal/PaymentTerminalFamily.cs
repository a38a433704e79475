using ParkingGate.Devices.Families;
using ParkingGate.Devices.Mqtt;

namespace ParkingGate.Devices.PaymentTerminal;

/// <summary>A lane's payment terminal (our contract): asked on <c>…/lanes/{lane}/pay/request</c>, answering on <c>…/pay/result</c>.</summary>
public sealed class PaymentTerminalFamily : IMqttDeviceFamily
{
    /// <inheritdoc />
    public string Kind => "payment-terminal";

    /// <summary>Where a lane's terminal is asked to collect a fee.</summary>
    public static string RequestTopic(string estate, string lane) => $"parkinggate/{estate}/lanes/{lane}/pay/request";

    /// <inheritdoc />
    public IReadOnlyList<string> Subscriptions(string estate) => [$"parkinggate/{estate}/lanes/+/pay/result"];

    /// <inheritdoc />
    public BrokerAccount Account(DeviceAccount device, string estate)
    {
        ArgumentNullException.ThrowIfNull(device);
        return new(device.UserName, device.PasswordHash, [$"parkinggate/{estate}/lanes/{device.Id}/pay/result"], [RequestTopic(estate, device.Id)]);
    }

    /// <inheritdoc />
    public ValueTask ReceiveAsync(string topic, byte[] payload, string estate, IDeviceSink sink)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(sink);
        return topic.Split('/') is ["parkinggate", var e, "lanes", var lane, "pay", "result"] && e == estate
            ? sink.PaymentResultAsync(lane, payload)
            : ValueTask.CompletedTask;
    }
}
