using System.Text.RegularExpressions;
using ParkingGate.Devices.Families;
using ParkingGate.Domain.Plates;
using ParkingGate.Gate.Configuration;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Protocols.SerialCamera;

namespace ParkingGate.Host.Configuration;

/// <summary>Checks every value of the config and names each bad key in the file's own spelling.</summary>
public static partial class ConfigValidator
{
    /// <summary>Every problem found, each starting with the key; empty when the config is good.</summary>
    public static IReadOnlyList<string> Validate(ParkingGateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        List<string> errors = [];
        var estate = options.Estate;
        if (!EstateId().IsMatch(estate.Id))
        {
            errors.Add($"estate.id '{estate.Id}' must be 2–40 lower-case letters, digits or dashes");
        }

        if (string.IsNullOrWhiteSpace(estate.Name))
        {
            errors.Add("estate.name is required");
        }

        if (TimeZones.Find(estate.TimeZone) is null)
        {
            errors.Add($"estate.timeZone '{estate.TimeZone}' is not a known time zone (e.g. Asia/Shanghai)");
        }

        ValidateBuildings(estate, errors);
        if (estate.Spaces.Total < 1)
        {
            errors.Add($"estate.spaces.total {estate.Spaces.Total} must be at least 1");
        }

        if (estate.Spaces.ResidentReserved < 0 || estate.Spaces.ResidentReserved > estate.Spaces.Total)
        {
            errors.Add($"estate.spaces.residentReserved {estate.Spaces.ResidentReserved} must be between 0 and estate.spaces.total ({estate.Spaces.Total})");
        }

        if (string.IsNullOrWhiteSpace(options.Database.Path))
        {
            errors.Add("database.path is required");
        }

        if (options.Plates.FuzzyBudget is < 1 or > PlateMatcher.MaxBudget)
        {
            errors.Add($"plates.fuzzyBudget {options.Plates.FuzzyBudget} must be 1 or {PlateMatcher.MaxBudget}");
        }

        var registry = options.Registry;
        if (registry.MaxVehicleQuota is < 1 or > 20)
        {
            errors.Add($"registry.maxVehicleQuota {registry.MaxVehicleQuota} must be between 1 and 20");
        }

        if (registry.DefaultVehicleQuota < 0 || registry.DefaultVehicleQuota > registry.MaxVehicleQuota)
        {
            errors.Add($"registry.defaultVehicleQuota {registry.DefaultVehicleQuota} must be between 0 and registry.maxVehicleQuota ({registry.MaxVehicleQuota})");
        }

        if (options.Tariffs.Files.Count == 0)
        {
            errors.Add("tariffs.files must list at least one tariff file");
        }

        ValidateMqtt(options.Mqtt, errors);
        ValidateLanes(options, errors);
        ValidateDesk(options.Desk, errors);
        var gate = options.Gate;
        if (gate.StaleAfterSeconds is < 1 or > 600)
        {
            errors.Add($"gate.staleAfterSeconds {gate.StaleAfterSeconds} must be between 1 and 600");
        }

        if (gate.DedupeSeconds is < 0 or > 600)
        {
            errors.Add($"gate.dedupeSeconds {gate.DedupeSeconds} must be between 0 and 600");
        }

        if (gate.PictureDays is < 1 or > 3650)
        {
            errors.Add($"gate.pictureDays {gate.PictureDays} must be between 1 and 3650");
        }

        if (gate.MinConfidence is < 0 or > 100)
        {
            errors.Add($"gate.minConfidence {gate.MinConfidence} must be between 0 and 100");
        }

        return errors;
    }

    /// <summary>The device kinds an account may have: one per MQTT device family.</summary>
    private static readonly string[] DeviceKinds = [.. DeviceFamilies.Mqtt.Select(f => f.Kind)];

    private static void ValidateMqtt(MqttOptions mqtt, List<string> errors)
    {
        if (mqtt.Port is < 0 or > 65535)
        {
            errors.Add($"mqtt.port {mqtt.Port} must be a TCP port");
        }

        if (mqtt.Embedded && !System.Net.IPAddress.TryParse(mqtt.Bind, out _))
        {
            errors.Add($"mqtt.bind '{mqtt.Bind}' is not an IP address");
        }

        if (!mqtt.Embedded && string.IsNullOrWhiteSpace(mqtt.Host))
        {
            errors.Add("mqtt.host is required when mqtt.embedded is false");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < mqtt.Devices.Count; i++)
        {
            var d = mqtt.Devices[i];
            var key = $"mqtt.devices[{i}]";
            if (string.IsNullOrWhiteSpace(d.UserName) || !names.Add(d.UserName))
            {
                errors.Add($"{key}.userName '{d.UserName}' must be present and unique");
            }

            if (!Devices.Mqtt.DevicePassword.IsWellFormed(d.PasswordHash))
            {
                errors.Add($"{key}.passwordHash is not a hash from 'parkinggate device hash-password' (passwords are never stored in clear)");
            }

            if (!DeviceKinds.Contains(d.Kind))
            {
                errors.Add($"{key}.kind '{d.Kind}' must be one of {string.Join(", ", DeviceKinds)}");
            }

            if (string.IsNullOrWhiteSpace(d.Id) || d.Id.IndexOfAny(['+', '#', '/']) >= 0)
            {
                errors.Add($"{key}.id '{d.Id}' must be present and contain no / + #");
            }
        }
    }

    private static void ValidateDesk(DeskOptions desk, List<string> errors)
    {
        foreach (var url in desk.Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                errors.Add($"desk.urls '{url}' must be http:// or https:// addresses separated by ;");
            }
        }

        if (desk.LongStayDays is < 1 or > 365)
        {
            errors.Add($"desk.longStayDays {desk.LongStayDays} must be 1–365");
        }
    }

    private static void ValidateLanes(ParkingGateOptions options, List<string> errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Lanes.Count; i++)
        {
            var lane = options.Lanes[i];
            var key = $"lanes[{i}]";
            if (!LaneId().IsMatch(lane.Id) || !ids.Add(lane.Id))
            {
                errors.Add($"{key}.id '{lane.Id}' must be unique, 1–20 lower-case letters, digits or dashes");
            }

            if (lane.Direction is not ("entry" or "exit"))
            {
                errors.Add($"{key}.direction '{lane.Direction}' must be entry or exit");
            }

            ValidateCamera(lane, key, errors);
            ValidateRelay(lane, key, errors);
            ValidateDisplay(lane, key, errors);
        }

        ValidatePortSharing(options, errors);
    }

    private static void ValidateCamera(LaneOptions lane, string key, List<string> errors)
    {
        var camera = lane.Camera;
        if (camera.Kind is not ("vzenith" or "frigate" or "native" or "serial"))
        {
            errors.Add($"{key}.camera.kind '{camera.Kind}' must be vzenith, frigate, native or serial");
        }
        else if (camera.Kind is "vzenith" or "frigate" && string.IsNullOrWhiteSpace(camera.Id))
        {
            errors.Add($"{key}.camera.id is required for a {camera.Kind} camera");
        }
        else if (camera.Kind == "serial")
        {
            ValidatePort(camera.Serial, $"{key}.camera.serial", errors);
            if (!SerialCameraLines.TryEncoding(camera.Encoding, out _))
            {
                errors.Add($"{key}.camera.encoding '{camera.Encoding}' must be gbk or utf-8");
            }

            if (camera.Pattern is { } pattern && !SerialCameraLines.TryPattern(pattern, out _, out var error))
            {
                errors.Add($"{key}.camera.{error}");
            }
        }
    }

    private static void ValidateRelay(LaneOptions lane, string key, List<string> errors)
    {
        var relay = lane.Relay;
        if (relay.Kind is not ("camera" or "tasmota" or "shelly" or "modbus"))
        {
            errors.Add($"{key}.relay.kind '{relay.Kind}' must be camera, tasmota, shelly or modbus");
        }
        else if (relay.Kind == DeviceFamilies.CameraOutput && DeviceFamilies.Barrier(relay.Kind, lane.Camera.Kind) is null)
        {
            errors.Add($"{key}.relay.kind camera needs a vzenith camera (its own output)");
        }
        else if (relay.Kind is "tasmota" or "shelly" && string.IsNullOrWhiteSpace(relay.Id))
        {
            errors.Add($"{key}.relay.id is required for a {relay.Kind} relay");
        }
        else if (relay.Kind == "modbus")
        {
            ValidatePort(relay.Serial, $"{key}.relay.serial", errors);
            if (relay.Slave is < 1 or > 247 || relay.Coil is < 0 or > 7)
            {
                errors.Add($"{key}.relay: slave {relay.Slave} must be 1–247 and coil {relay.Coil} 0–7");
            }

            if (relay.PulseMs % 100 != 0 || relay.PulseMs > 25_500)
            {
                errors.Add($"{key}.relay.pulseMs {relay.PulseMs} must be whole tenths of a second for a Modbus flash");
            }
        }

        if (relay.PulseMs is < 200 or > 10_000 || relay.ReplyTimeoutMs is < 100 or > 30_000)
        {
            errors.Add($"{key}.relay: pulseMs {relay.PulseMs} must be 200–10000 and replyTimeoutMs {relay.ReplyTimeoutMs} 100–30000");
        }
    }

    private static void ValidateDisplay(LaneOptions lane, string key, List<string> errors)
    {
        var display = lane.Display;
        if (display.Kind is not ("camera" or "serial" or "none") || (display.Kind == DeviceFamilies.CameraOutput && DeviceFamilies.Find(lane.Camera.Kind) is not IPassthroughDisplay))
        {
            errors.Add($"{key}.display '{display.Kind}' must be camera (through a vzenith camera), serial or none");
        }
        else if (display.Kind == "serial")
        {
            ValidatePort(display.Serial, $"{key}.display.serial", errors);
            if (display.Volume is < 0 or > 100 || display.Lines is < 1 or > 8 || display.LineWidth is < 4 or > 64 || display.ReplyTimeoutMs is < 50 or > 5000)
            {
                errors.Add($"{key}.display: volume {display.Volume} must be 0–100, lines {display.Lines} 1–8, lineWidth {display.LineWidth} 4–64 and replyTimeoutMs {display.ReplyTimeoutMs} 50–5000");
            }
        }
    }

    private static void ValidatePort(SerialPortOptions? port, string key, List<string> errors)
    {
        if (port is null || string.IsNullOrWhiteSpace(port.Port))
        {
            errors.Add($"{key}.port is required (e.g. /dev/ttyUSB0)");
            return;
        }

        if (port.Baud is not (1200 or 2400 or 4800 or 9600 or 19200 or 38400 or 57600 or 115200))
        {
            errors.Add($"{key}.baud {port.Baud} must be one of 1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200");
        }

        if (port.Parity is not ("none" or "even" or "odd") || port.StopBits is not (1 or 2))
        {
            errors.Add($"{key}: parity '{port.Parity}' must be none, even or odd and stopBits {port.StopBits} 1 or 2");
        }
    }

    /// <summary>
    /// Devices that answer requests (Modbus boards, LED boards) may share a bus, with the same settings; a camera
    /// that talks by itself needs its port alone.
    /// </summary>
    private static void ValidatePortSharing(ParkingGateOptions options, List<string> errors)
    {
        var users = new List<(string Key, SerialPortOptions Port, bool Talks)>();
        for (var i = 0; i < options.Lanes.Count; i++)
        {
            var lane = options.Lanes[i];
            if (lane.Camera is { Kind: "serial", Serial: { } camera })
            {
                users.Add(($"lanes[{i}].camera.serial", camera, true));
            }

            if (lane.Relay is { Kind: "modbus", Serial: { } relay })
            {
                users.Add(($"lanes[{i}].relay.serial", relay, false));
            }

            if (lane.Display is { Kind: "serial", Serial: { } display })
            {
                users.Add(($"lanes[{i}].display.serial", display, false));
            }
        }

        foreach (var group in users.GroupBy(u => u.Port.Port, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            var first = group.First();
            if (group.Any(u => u.Talks))
            {
                errors.Add($"{string.Join(" and ", group.Select(u => u.Key))} share port {group.Key}; a serial camera needs its port alone");
            }
            else if (group.Any(u => u.Port.Baud != first.Port.Baud || u.Port.Parity != first.Port.Parity || u.Port.StopBits != first.Port.StopBits))
            {
                errors.Add($"{string.Join(" and ", group.Select(u => u.Key))} share bus {group.Key} with different baud, parity or stop bits");
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,19}$")]
    private static partial Regex LaneId();

    private static void ValidateBuildings(EstateOptions estate, List<string> errors)
    {
        if (estate.Buildings.Count == 0)
        {
            errors.Add("estate.buildings must list at least one building");
            return;
        }

        HashSet<int> seen = [];
        for (var i = 0; i < estate.Buildings.Count; i++)
        {
            var building = estate.Buildings[i];
            var key = $"estate.buildings[{i}]";
            if (building.Number < 1)
            {
                errors.Add($"{key}.number {building.Number} must be at least 1");
            }
            else if (!seen.Add(building.Number))
            {
                errors.Add($"{key}.number {building.Number} is listed twice");
            }

            if (building.Units is < 1 or > 20)
            {
                errors.Add($"{key}.units {building.Units} must be between 1 and 20");
            }

            if (building.Households < 0)
            {
                errors.Add($"{key}.households {building.Households} cannot be negative");
            }
        }

        var sum = estate.Buildings.Sum(b => b.Households);
        if (estate.Households != sum)
        {
            errors.Add($"estate.households {estate.Households} differs from the sum over estate.buildings ({sum})");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,39}$")]
    private static partial Regex EstateId();
}
