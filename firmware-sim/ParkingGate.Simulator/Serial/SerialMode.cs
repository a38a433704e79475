using System.Globalization;
using System.Text;

namespace ParkingGate.Simulator.Serial;

/// <summary>
/// <c>parkinggate-sim serial</c>: serial devices on pseudo-terminals for an installer to wire a lane against without
/// hardware. Each device appears as a link in <c>--dir</c>; what the gate does to them is printed; lines on standard
/// input drive them: <c>read CAMERA PLATE [COLOUR] [CONFIDENCE]</c>, <c>noise DEVICE BYTES</c>, <c>unplug DEVICE</c>,
/// <c>plug DEVICE</c>, <c>quit</c>.
/// </summary>
public static class SerialMode
{
    /// <summary>The usage line.</summary>
    public const string Usage =
        "usage: parkinggate-sim serial [--dir DIR] [--modbus NAME=SLAVE[,SLAVE]] [--led NAME] [--camera NAME[:gbk|utf-8]] [--drop P] [--crc P] [--noise P] [--delay-ms N]";

    /// <summary>Runs until <c>quit</c> or the end of standard input.</summary>
    public static async Task<int> RunAsync(IReadOnlyDictionary<string, List<string>> options, TextReader input, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (!options.ContainsKey("--modbus") && !options.ContainsKey("--led") && !options.ContainsKey("--camera"))
        {
            await output.WriteLineAsync(Usage);
            return 2;
        }

        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var folder = options.TryGetValue("--dir", out var dir) ? dir[^1] : Path.Combine(Path.GetTempPath(), "parkinggate-serial");
        Directory.CreateDirectory(folder);
        var devices = new Dictionary<string, SimulatedSerialDevice>(StringComparer.Ordinal);
        var print = new Lock();
        void Say(string line)
        {
            lock (print)
            {
                output.WriteLine(line);
                output.Flush();
            }
        }

        try
        {
            foreach (var spec in options.GetValueOrDefault("--modbus") ?? [])
            {
                var (name, slaves) = (spec.Split('=')[0], spec.Contains('=', StringComparison.Ordinal) ? spec.Split('=')[1] : "1");
                var board = new SimulatedModbusBoard(Path.Combine(folder, name), [.. slaves.Split(',').Select(s => byte.Parse(s, CultureInfo.InvariantCulture))]);
                board.Flashed += (slave, relay, ms) => Say($"{name}: slave {slave} relay {relay} flashed for {ms} ms");
                devices[name] = board;
                Say($"{name}: Modbus relay board(s), slave {slaves}, at {board.Path}");
            }

            foreach (var name in options.GetValueOrDefault("--led") ?? [])
            {
                var board = new SimulatedLedBoard(Path.Combine(folder, name));
                board.Displayed += (kind, text) => Say($"{name}: {(kind == "say" ? "says" : "shows")} {text}");
                devices[name] = board;
                Say($"{name}: LED/voice board at {board.Path}");
            }

            foreach (var spec in options.GetValueOrDefault("--camera") ?? [])
            {
                var parts = spec.Split(':');
                var encoding = parts.Length > 1 && parts[1] is "utf-8" or "utf8" ? new UTF8Encoding(false) : Encoding.GetEncoding(936);
                var camera = new SimulatedSerialCamera(Path.Combine(folder, parts[0]), encoding);
                devices[parts[0]] = camera;
                Say($"{parts[0]}: plate unit ({(encoding is UTF8Encoding ? "utf-8" : "gbk")}) at {camera.Path}; type: read {parts[0]} 粤B12345");
            }

            foreach (var device in devices.Values)
            {
                device.Faults.DropByte = Number(options, "--drop");
                device.Faults.CorruptCrc = Number(options, "--crc");
                device.Faults.Noise = Number(options, "--noise");
                device.Faults.Delay = TimeSpan.FromMilliseconds(Number(options, "--delay-ms"));
            }

            Say("ready");
            while (await input.ReadLineAsync() is { } line)
            {
                var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (words is ["quit"])
                {
                    break;
                }

                Say(Command(words, devices));
            }

            return 0;
        }
        finally
        {
            foreach (var device in devices.Values)
            {
                device.Dispose();
            }
        }
    }

    private static string Command(string[] words, Dictionary<string, SimulatedSerialDevice> devices)
    {
        if (words.Length < 2 || !devices.TryGetValue(words[1], out var device))
        {
            return words.Length == 0 ? "" : $"? {string.Join(' ', words)}: name one of {string.Join(", ", devices.Keys)}";
        }

        switch (words[0])
        {
            case "read" when device is SimulatedSerialCamera camera && words.Length >= 3:
                var confidence = words.Length > 4 && int.TryParse(words[4], CultureInfo.InvariantCulture, out var c) ? c : 96;
                return camera.Read(words[2], words.Length > 3 ? words[3] : "蓝", confidence) ? $"{words[1]}: sent {words[2]}" : $"{words[1]}: nobody is listening";
            case "noise" when words.Length >= 3 && int.TryParse(words[2], CultureInfo.InvariantCulture, out var count) && count is > 0 and <= 4096:
                return device.SendRaw(device.Faults.RandomBytes(count)) ? $"{words[1]}: {count} bytes of noise sent" : $"{words[1]}: nobody is listening";
            case "unplug":
                device.Unplug();
                return $"{words[1]}: unplugged";
            case "plug":
                device.PlugIn();
                return $"{words[1]}: plugged in at {device.Path}";
            default:
                return $"? {string.Join(' ', words)}: read CAMERA PLATE [COLOUR] [CONFIDENCE] | noise DEVICE BYTES | unplug DEVICE | plug DEVICE | quit";
        }
    }

    private static double Number(IReadOnlyDictionary<string, List<string>> options, string name) =>
        options.TryGetValue(name, out var values) && double.TryParse(values[^1], CultureInfo.InvariantCulture, out var value) ? value : 0;
}
