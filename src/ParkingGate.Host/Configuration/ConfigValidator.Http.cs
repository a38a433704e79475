using System.Net;
using System.Text.RegularExpressions;
using ParkingGate.Devices.Families;

namespace ParkingGate.Host.Configuration;

public static partial class ConfigValidator
{
    private static readonly string[] HttpDeviceKinds = [.. DeviceFamilies.Http.Select(f => f.Kind)];

    /// <summary>The device HTTP listener, its cameras, and every lane whose camera pushes being one of them.</summary>
    private static void ValidateHttp(ParkingGateOptions options, List<string> errors)
    {
        var http = options.Http;
        if (!IPAddress.TryParse(http.Bind, out _))
        {
            errors.Add($"http.bind '{http.Bind}' is not an IP address");
        }

        if (http.Port is < 0 or > 65535 || (http.Port != 0 && (http.Port == options.Mqtt.Port || DeskPort(options.Desk.Urls) == http.Port)))
        {
            errors.Add($"http.port {http.Port} must be a TCP port of its own (not the broker's or the desk's)");
        }

        Between(errors, "http.maxBodyKb", http.MaxBodyKb, 16, 16_384, "KiB (pictures included)");
        Between(errors, "http.headerTimeoutSeconds", http.HeaderTimeoutSeconds, 1, 60, "seconds");
        Between(errors, "http.requestTimeoutSeconds", http.RequestTimeoutSeconds, 1, 120, "seconds");
        Between(errors, "http.maxConnections", http.MaxConnections, 1, 1000, "connections");

        var devices = new HashSet<(string, string)>();
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < http.Devices.Count; i++)
        {
            var d = http.Devices[i];
            var key = $"http.devices[{i}]";
            if (!HttpDeviceKinds.Contains(d.Kind))
            {
                errors.Add($"{key}.kind '{d.Kind}' must be {DeviceKinds.List(HttpDeviceKinds)}");
            }

            if (string.IsNullOrWhiteSpace(d.Id) || d.Id.Length > 64 || !devices.Add((d.Kind, d.Id)))
            {
                errors.Add($"{key}.id '{d.Id}' must be present, at most 64 characters and unique for its kind");
            }

            if (!Secret().IsMatch(d.Secret) || !secrets.Add(d.Secret))
            {
                errors.Add($"{key}.secret must be unique, 16–64 letters, digits, '-' or '_' (make one with 'parkinggate device new-secret')");
            }

            if (d.From is not null && !IPAddress.TryParse(d.From, out _))
            {
                errors.Add($"{key}.from '{d.From}' is not an IP address");
            }

            if (d.Address is not null && (!Uri.TryCreate(d.Address, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https") || address.AbsolutePath != "/"))
            {
                errors.Add($"{key}.address '{d.Address}' must be the camera's http:// or https:// address without a path, e.g. http://192.168.1.64");
            }
        }

        for (var i = 0; i < options.Lanes.Count; i++)
        {
            var camera = options.Lanes[i].Camera;
            if (camera.Device?.Link == DeviceLink.Http && !devices.Contains((camera.Kind, camera.Id)))
            {
                errors.Add($"lanes[{i}].camera: a {camera.Kind} camera '{camera.Id}' must be listed in http.devices with its secret");
            }
            else if (((camera.Device?.HttpFamily is Devices.Http.IHttpBarrier && options.Lanes[i].Relay.Device?.Link == DeviceLink.CameraOutput) || camera.Device?.HttpFamily is Devices.Http.ICalledCameraList)
                && http.Devices.FirstOrDefault(d => d.Kind == camera.Kind && d.Id == camera.Id) is { } called
                && (called.Address is null || string.IsNullOrEmpty(called.User) || string.IsNullOrEmpty(called.Password)))
            {
                errors.Add($"lanes[{i}].camera: the gate calls {camera.Kind} camera '{camera.Id}' (to lift the barrier, or to keep its allow list), so its http.devices entry needs address, user and password");
            }
        }
    }

    private static int? DeskPort(string? urls) =>
        urls?.Split(';').Select(u => Uri.TryCreate(u.Replace("*", "localhost", StringComparison.Ordinal).Replace("+", "localhost", StringComparison.Ordinal), UriKind.Absolute, out var uri) ? uri.Port : (int?)null).FirstOrDefault(p => p is not null);

    [GeneratedRegex("^[A-Za-z0-9_-]{16,64}$")]
    private static partial Regex Secret();
}
