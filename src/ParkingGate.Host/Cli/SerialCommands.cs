using System.CommandLine;
using System.Text.RegularExpressions;
using ParkingGate.Devices;
using ParkingGate.Devices.LedVoiceBoard;
using ParkingGate.Devices.ModbusBoard;
using ParkingGate.Devices.Serial;
using ParkingGate.Gate.Lanes;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Protocols.Display;
using ParkingGate.Protocols.SerialCamera;

namespace ParkingGate.Host.Cli;

/// <summary>Installer commands for serial devices: <c>relay pulse</c>, <c>display show</c>, <c>serial listen</c>.</summary>
internal static class SerialCommands
{
    public static Command BuildRelay(Verbs verbs)
    {
        var port = new Option<string>("--port") { Description = "the serial port, e.g. /dev/ttyUSB0", Required = true };
        var baud = new Option<int>("--baud") { Description = "line speed", DefaultValueFactory = _ => 9600 };
        var slave = new Option<int>("--slave") { Description = "the board's Modbus address (1–247)", Required = true };
        var coil = new Option<int>("--coil") { Description = "the relay on the board (0–7)", Required = true };
        var ms = new Option<int>("--ms") { Description = "how long the relay closes", DefaultValueFactory = _ => 700 };
        var mode = new Option<string>("--mode")
        {
            Description = "flash: the self-timed command of the common 8-channel relay boards; on-off: standard Modbus (a PLC, a generic coil module): the coil on, then off",
            DefaultValueFactory = _ => "flash",
        };
        mode.AcceptOnlyFromAmong("flash", "on-off");
        var pulse = new Command("pulse", "pulse one relay of a Modbus RTU board once and say whether the board confirmed it") { port, baud, slave, coil, ms, mode };
        verbs.Bind(pulse, async (context, parse, cancellationToken) =>
        {
            var (s, c, m, onOff) = (parse.GetValue(slave), parse.GetValue(coil), parse.GetValue(ms), parse.GetValue(mode) == "on-off");
            if (s is < 1 or > 247 || c < 0 || c > (onOff ? 255 : 7) || m is < 100 or > 25_500)
            {
                return context.Usage($"--slave {s} must be 1–247, --coil {c} {(onOff ? "0–255" : "0–7")} and --ms {m} 100–25500");
            }

            await using var link = new SerialLink(new SerialSettings(parse.GetValue(port)!, parse.GetValue(baud)), context.Time);
            var relay = new ModbusRelay(link, (byte)s, (byte)c, m, TimeSpan.FromSeconds(1), onOff ? ModbusPulseMode.OnOff : ModbusPulseMode.Flash);
            var result = await relay.PulseAsync(cancellationToken);
            var off = await relay.LastOff; // on-off: the switch-off is waited for before the port is closed
            if (result == RelayResult.Confirmed && onOff)
            {
                if (!off)
                {
                    await context.Err.WriteLineAsync($"error: coil {c} on slave {s} went on but was not confirmed off after {ModbusRelay.OffAttempts} tries: {relay.LastAnswer} (the barrier may be held up: check the device)");
                    return ExitCodes.Failed;
                }

                await context.Out.WriteLineAsync($"coil {c} on slave {s} switched on, then off after {m} ms: the device confirmed both");
                return ExitCodes.Ok;
            }

            if (result == RelayResult.Confirmed)
            {
                await context.Out.WriteLineAsync($"relay {c} on slave {s} pulsed for {m} ms: the board confirmed it");
                return ExitCodes.Ok;
            }

            await context.Err.WriteLineAsync($"error: relay {c} on slave {s} was not confirmed: {relay.LastAnswer} (check the port, the wiring, the baud rate and the slave address)");
            return ExitCodes.Failed;
        });
        return new Command("relay", "relay boards on a serial line") { pulse };
    }

    public static Command BuildDisplay(Verbs verbs)
    {
        var port = new Option<string>("--port") { Description = "the serial port, e.g. /dev/ttyUSB1", Required = true };
        var baud = new Option<int>("--baud") { Description = "line speed", DefaultValueFactory = _ => 9600 };
        var text = new Option<string>("--text") { Description = "what to show (a space starts the second line)", Required = true };
        var voice = new Option<bool>("--voice") { Description = "say it as well" };
        var volume = new Option<int?>("--volume") { Description = "the voice volume to set first (0–100, default 80)" };
        var show = new Command("show", "show a text on an LED/voice board (00 64 FF FF protocol) and say whether the board acknowledged it") { port, baud, text, voice, volume };
        verbs.Bind(show, async (context, parse, cancellationToken) =>
        {
            var message = parse.GetValue(text)!;
            if (!LedVoiceFrame.TryEncode(message, out var gbk, out var encodeError))
            {
                return context.Usage($"--text: {encodeError}; nothing was sent");
            }

            if (message.Trim().Length == 0 || gbk.Length > LedVoiceFrame.MaxData - 1)
            {
                return context.Usage($"--text must have 1–{LedVoiceFrame.MaxData - 1} bytes in GBK, not {gbk.Length}");
            }

            if (parse.GetValue(volume) is { } v && v is < 0 or > 100)
            {
                return context.Usage($"--volume {v} must be 0–100");
            }

            await using var link = new SerialLink(new SerialSettings(parse.GetValue(port)!, parse.GetValue(baud)), context.Time);
            var board = new LedBoard(link, (byte)(parse.GetValue(volume) ?? 80), lines: 4, lineWidth: 16, TimeSpan.FromSeconds(1));
            if (!await board.ShowAsync(message, parse.GetValue(voice), cancellationToken))
            {
                return await NotAcknowledgedAsync(context, board);
            }

            var lines = LedBoard.Lines(message, 4, 16);
            await context.Out.WriteLineAsync($"shown on {lines.Count} line(s): {string.Join(" | ", lines)}{(parse.GetValue(voice) ? ", and said" : "")}: the board acknowledged it");
            return ExitCodes.Ok;
        });
        return new Command("display", "LED/voice boards on a serial line") { show };
    }

    public static Command BuildSerial(Verbs verbs)
    {
        var port = new Option<string>("--port") { Description = "the serial port, e.g. /dev/ttyUSB0", Required = true };
        var baud = new Option<int>("--baud") { Description = "line speed", DefaultValueFactory = _ => 9600 };
        var encoding = new Option<string>("--encoding") { Description = "gbk or utf-8", DefaultValueFactory = _ => "gbk" };
        var pattern = new Option<string?>("--pattern") { Description = "a regular expression with a group (?<plate>...); the default finds a Chinese plate anywhere in a line" };
        var seconds = new Option<int>("--seconds") { Description = "stop after this many seconds (0: until Ctrl+C)", DefaultValueFactory = _ => 0 };
        var listen = new Command("listen", "print the plates a serial camera sends, line by line") { port, baud, encoding, pattern, seconds };
        verbs.Bind(listen, async (context, parse, cancellationToken) =>
        {
            if (!SerialCameraLines.TryEncoding(parse.GetValue(encoding)!, out var chosen))
            {
                return context.Usage($"--encoding '{parse.GetValue(encoding)}' must be gbk or utf-8");
            }

            Regex? regex = new(SerialCameraLines.DefaultPattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
            if (parse.GetValue(pattern) is { } custom && !SerialCameraLines.TryPattern(custom, out regex, out var patternError))
            {
                return context.Usage($"--{patternError}");
            }

            var limit = parse.GetValue(seconds);
            var path = parse.GetValue(port)!;
            var settings = new SerialSettings(path, parse.GetValue(baud));
            var (probe, openError) = await SerialPorts.OpenAsync(settings, context.Time);
            if (probe is null)
            {
                await context.Err.WriteLineAsync($"error: {openError}");
                return ExitCodes.Failed;
            }

            await SerialPorts.CloseAsync(probe, context.Time);
            var lines = new SerialCameraLines(chosen, regex!, Path.GetFileName(path));
            var heard = 0;
            var output = System.Threading.Channels.Channel.CreateUnbounded<string>();
            await using (var reader = new SerialReader(settings, context.Time, bytes =>
            {
                foreach (var result in lines.Feed(bytes.Span, context.Time.GetUtcNow()))
                {
                    Interlocked.Increment(ref heard);
                    output.Writer.TryWrite(result.Read is { } read
                        ? $"{read.PlateText,-10} {read.Color.ToString().ToLowerInvariant(),-8} {read.Confidence,3}   <- {result.Line}"
                        : $"(no read: {result.Error})   <- {result.Line}");
                }
            }))
            {
                reader.StateChanged += (_, error, outage) => output.Writer.TryWrite(error is null ? $"(port back after {outage?.TotalSeconds:0.0} s)" : $"(port lost: {error})");
                reader.Start();
                await context.Out.WriteLineAsync($"listening on {path} at {settings.BaudRate} baud, {parse.GetValue(encoding)}{(limit > 0 ? $", for {limit} s" : "; Ctrl+C stops")}");
                using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                if (limit > 0)
                {
                    stop.CancelAfter(TimeSpan.FromSeconds(limit));
                }

                try
                {
                    await foreach (var line in output.Reader.ReadAllAsync(stop.Token))
                    {
                        await context.Out.WriteLineAsync(line);
                    }
                }
                catch (OperationCanceledException)
                {
                    // the time given is up, or Ctrl+C
                }
            }

            if (heard == 0)
            {
                await context.Err.WriteLineAsync($"error: nothing was heard on {path} (check the wiring, the baud rate and that the camera's serial output is on)");
                return ExitCodes.Failed;
            }

            return ExitCodes.Ok;
        });
        return new Command("serial", "serial lines") { listen };
    }

    private static async Task<int> NotAcknowledgedAsync(CliContext context, LedBoard board)
    {
        await context.Err.WriteLineAsync($"error: the board did not acknowledge: {board.LastProblem} (check the port, the wiring and the baud rate)");
        return ExitCodes.Failed;
    }
}
