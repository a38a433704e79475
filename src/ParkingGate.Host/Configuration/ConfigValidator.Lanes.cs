using System.Text.RegularExpressions;
using ParkingGate.Devices.Families;
using ParkingGate.Domain.Plates;
using ParkingGate.Gate.Configuration;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Protocols.SerialCamera;

namespace ParkingGate.Host.Configuration;

public static partial class ConfigValidator
{
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

            if (!LaneOptions.TryParseDirection(lane.Direction, out _))
            {
                errors.Add($"{key}.direction '{lane.Direction}' must be entry or exit");
            }

            if (lane.LoopInput is { } loop && (loop is < 0 or > 3 || CameraFamily(lane) is not { ReportsInputs: true }))
            {
                errors.Add($"{key}.loopInput {loop} must be 0–3 (the camera's IO input 1–4), on a camera that reports its inputs ({DeviceKinds.List(InputReporters)})");
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
        if (camera.Device is not { } kind)
        {
            errors.Add($"{key}.camera.kind '{camera.Kind}' must be {DeviceKinds.List(DeviceKinds.CameraNames)}");
        }
        else if ((kind.Family ?? (object?)kind.HttpFamily) is ILaneCameraFamily { DeviceIsLane: false } && string.IsNullOrWhiteSpace(camera.Id))
        {
            errors.Add($"{key}.camera.id is required for a {camera.Kind} camera");
        }
        else if (kind.Link == DeviceLink.Serial)
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
        if (relay.Device is not { } kind)
        {
            errors.Add($"{key}.relay.kind '{relay.Kind}' must be {DeviceKinds.List(DeviceKinds.RelayNames)}");
        }
        else if (kind.Link == DeviceLink.CameraOutput && DeviceFamilies.Barrier(relay.Kind, lane.Camera.Kind) is null && lane.Camera.Device?.HttpFamily is not { DrivesBarrier: true })
        {
            errors.Add($"{key}.relay.kind camera needs a camera that drives the barrier itself ({DeviceKinds.List(CameraBarriers)})");
        }
        else if (kind.Link == DeviceLink.Mqtt && string.IsNullOrWhiteSpace(relay.Id))
        {
            errors.Add($"{key}.relay.id is required for a {relay.Kind} relay");
        }
        else if (kind.Link == DeviceLink.Serial)
        {
            ValidatePort(relay.Serial, $"{key}.relay.serial", errors);
            var onOff = relay.Mode == "on-off";
            if (relay.Mode is not ("flash" or "on-off"))
            {
                errors.Add($"{key}.relay.mode '{relay.Mode}' must be flash (the self-timed command of the common 8-channel relay boards: the board drops the relay by itself) "
                    + "or on-off (standard Modbus for a PLC or a generic coil module: the coil written on, then off after pulseMs, each confirmed)");
            }

            if (relay.Slave is < 1 or > 247 || relay.Coil < 0 || relay.Coil > (onOff ? 255 : 7))
            {
                errors.Add($"{key}.relay: slave {relay.Slave} must be 1–247 and coil {relay.Coil} {(onOff ? "0–255" : "0–7")}");
            }

            if (!onOff && (relay.PulseMs % 100 != 0 || relay.PulseMs > 25_500))
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
        if (display.Device is not { } kind
            || (kind.Link == DeviceLink.CameraOutput && lane.Camera.Device?.Family is not IPassthroughDisplay && lane.Camera.Device?.HttpFamily is not { PassesToBoard: true }))
        {
            errors.Add($"{key}.display '{display.Kind}' must be camera (through a {DeviceKinds.List(CameraPassthroughs)} camera), serial or none");
        }
        else if (kind.Link == DeviceLink.Serial)
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
            if (lane.Camera is { Device.Link: DeviceLink.Serial, Serial: { } camera })
            {
                users.Add(($"lanes[{i}].camera.serial", camera, true));
            }

            if (lane.Relay is { Device.Link: DeviceLink.Serial, Serial: { } relay })
            {
                users.Add(($"lanes[{i}].relay.serial", relay, false));
            }

            if (lane.Display is { Device.Link: DeviceLink.Serial, Serial: { } display })
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

    private static readonly IReadOnlyList<string> CameraBarriers =
    [
        .. DeviceFamilies.Mqtt.Where(f => f is ILaneCameraFamily && f is IMqttBarrier { RelayKind: DeviceFamilies.CameraOutput }).Select(f => f.Kind),
        .. DeviceFamilies.Http.Where(f => f is ILaneCameraFamily && f.DrivesBarrier).Select(f => f.Kind),
    ];

    private static readonly IReadOnlyList<string> CameraPassthroughs =
    [
        .. DeviceFamilies.Mqtt.Where(f => f is ILaneCameraFamily and IPassthroughDisplay).Select(f => f.Kind),
        .. DeviceFamilies.Http.Where(f => f is ILaneCameraFamily && f.PassesToBoard).Select(f => f.Kind),
    ];

    private static readonly IReadOnlyList<string> InputReporters =
        [.. DeviceFamilies.Mqtt.Concat<object>(DeviceFamilies.Http).OfType<ILaneCameraFamily>().Where(f => f.ReportsInputs).Select(f => f.CameraKind)];

    private static ILaneCameraFamily? CameraFamily(LaneOptions lane) =>
        (lane.Camera.Device?.Family as ILaneCameraFamily) ?? (lane.Camera.Device?.HttpFamily as ILaneCameraFamily);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,19}$")]
    private static partial Regex LaneId();
}
