using System.CommandLine;
using System.Globalization;
using ParkingGate.Devices.Families;
using ParkingGate.Gate.Configuration;

namespace ParkingGate.Host.Cli;

/// <summary>
/// <c>config check</c>: the installer's check before starting the service. Loads the config exactly as
/// <c>run</c> does (every key, the tariffs, the broker certificate) and prints what it found; a bad value exits 2
/// naming the file and the key, as every verb does.
/// </summary>
internal static class ConfigCommands
{
    public static Command Build(Verbs verbs)
    {
        var check = new Command("check", "validate the config (with its tariffs and broker certificate) and print what it sets up");
        verbs.Bind(check, async (context, _, _) =>
        {
            var o = context.Options;
            var mqtt = o.Mqtt;
            var output = context.Out;
            await output.WriteLineAsync($"config is valid: estate {o.Estate.Id} ({o.Estate.Name}), {o.Estate.Households} households in {o.Estate.Buildings.Count} buildings, " +
                $"{o.Estate.Spaces.Total} spaces ({o.Estate.Spaces.ResidentReserved} kept for residents), time zone {o.Estate.TimeZone}");
            var broker = mqtt.Embedded
                ? $"embedded broker on {mqtt.Bind}:{mqtt.Port}" + (mqtt.Tls ? TlsLine(mqtt) : ", plain MQTT") + $", {mqtt.Devices.Count} device accounts"
                : $"external broker {mqtt.Host}:{mqtt.Port}{(mqtt.Tls ? " over TLS" : "")} as {mqtt.UserName}";
            await output.WriteLineAsync(broker);
            foreach (var lane in o.Lanes)
            {
                var display = lane.Display.Device?.Link == DeviceLink.Serial ? $"LED board on {lane.Display.Serial?.Port}" : lane.Display.Kind;
                var relay = lane.Relay.Device?.Link == DeviceLink.Serial ? $"modbus slave {lane.Relay.Slave} coil {lane.Relay.Coil} on {lane.Relay.Serial?.Port}" : $"{lane.Relay.Kind} {lane.Relay.Id}".TrimEnd();
                var camera = lane.Camera.Device?.Link == DeviceLink.Serial ? $"serial camera on {lane.Camera.Serial?.Port}" : $"{lane.Camera.Kind} {lane.Camera.Id}";
                await output.WriteLineAsync($"lane {lane.Id} ({lane.Direction}): camera {camera}; relay {relay}; display {display}{(lane.Terminal ? "; payment terminal" : "")}");
            }

            await output.WriteLineAsync($"tariffs: {string.Join(", ", o.Tariffs.Files)}; database {context.DatabasePath}; desk on {o.Desk.Urls}");
            return ExitCodes.Ok;
        });
        return new Command("config", "the config file") { check };
    }

    private static string TlsLine(MqttOptions mqtt)
    {
        var certificate = mqtt.BrokerCertificate!;
        return string.Create(CultureInfo.InvariantCulture, $", TLS only, certificate {certificate.Subject} valid until {certificate.NotAfter.ToUniversalTime():yyyy-MM-dd}");
    }
}
