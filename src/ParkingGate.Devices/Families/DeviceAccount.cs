namespace ParkingGate.Devices.Families;

/// <summary>A device's broker account as the config names it.</summary>
/// <param name="UserName">MQTT user name.</param>
/// <param name="PasswordHash">See <see cref="Mqtt.DevicePassword"/>.</param>
/// <param name="Kind">The device family's config name.</param>
/// <param name="Id">What the family addresses it by: a serial number, a topic, a prefix or a lane id.</param>
public sealed record DeviceAccount(string UserName, string PasswordHash, string Kind, string Id);
