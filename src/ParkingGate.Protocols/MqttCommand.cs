namespace ParkingGate.Protocols;

/// <summary>One MQTT message to send: topic and payload. Commands are QoS 1 and never retained.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Payload">UTF-8 payload.</param>
public sealed record MqttCommand(string Topic, string Payload);
