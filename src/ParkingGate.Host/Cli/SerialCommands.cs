using System.CommandLine;
using ParkingGate.Devices.Serial;
using ParkingGate.Lanes;

namespace ParkingGate.Host.Cli;

/// <summary>Installer commands for serial devices: <c>relay pulse</c>.</summary>
internal static class SerialCommands
{
    public static Command BuildRelay(Verbs verbs)
    {
        var port = new Option<string>("--port") { Description = "the serial port, e.g. /dev/ttyUSB0", Required = true };
        var baud = new Option<int>("--baud") { Description = "line speed", DefaultValueFactory = _ => 9600 };
        var slave = new Option<int>("--slave") { Description = "the board's Modbus address (1–247)", Required = true };
        var coil = new Option<int>("--coil") { Description = "the relay on the board (0–7)", Required = true };
        var ms = new Option<int>("--ms") { Description = "how long the relay closes", DefaultValueFactory = _ => 700 };
        var pulse = new Command("pulse", "pulse one relay of a Modbus RTU board once and say whether the board confirmed it") { port, baud, slave, coil, ms };
        verbs.Bind(pulse, async (context, parse, cancellationToken) =>
        {
            var (s, c, m) = (parse.GetValue(slave), parse.GetValue(coil), parse.GetValue(ms));
            if (s is < 1 or > 247 || c is < 0 or > 7 || m is < 100 or > 25_500)
            {
                return context.Usage($"--slave {s} must be 1–247, --coil {c} 0–7 and --ms {m} 100–25500");
            }

            await using var link = new SerialLink(new SerialSettings(parse.GetValue(port)!, parse.GetValue(baud)), context.Time);
            var relay = new ModbusRelay(link, (byte)s, (byte)c, m, TimeSpan.FromSeconds(1));
            var result = await relay.PulseAsync(cancellationToken);
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
}
