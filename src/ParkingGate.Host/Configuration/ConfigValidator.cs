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

        if (registry.Invitations is { } invitations)
        {
            Between(errors, "registry.invitations.freeHoursPerMonth", invitations.FreeHoursPerMonth, 1, 744, "free visitor hours per household per month");
            Between(errors, "registry.invitations.longestDays", invitations.LongestDays, 1, 31, "the longest window of one invitation");
            Between(errors, "registry.invitations.daysAhead", invitations.DaysAhead, 0, 366, "how far ahead an invitation may start");
            if (string.IsNullOrWhiteSpace(invitations.Approval))
            {
                errors.Add("registry.invitations.approval is required: free visitor hours are income the estate gives up, so the meeting that approved them must be named");
            }
        }

        if (options.Tariffs.Files.Count == 0)
        {
            errors.Add("tariffs.files must list at least one tariff file");
        }

        ValidateMqtt(options.Mqtt, errors);
        ValidateLanes(options, errors);
        ValidateHttp(options, errors);
        ValidateDesk(options.Desk, errors);
        ValidateGate(options.Gate, errors);
        ValidateHealth(options.Health, errors);

        return errors;
    }

    /// <summary>The device kinds an account may have: one per MQTT device family.</summary>
    private static readonly string[] MqttDeviceKinds = [.. DeviceFamilies.Mqtt.Select(f => f.Kind)];

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

            if (!MqttDeviceKinds.Contains(d.Kind))
            {
                errors.Add($"{key}.kind '{d.Kind}' must be one of {string.Join(", ", MqttDeviceKinds)}");
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
