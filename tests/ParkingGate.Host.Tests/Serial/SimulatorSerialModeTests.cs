using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using ParkingGate.Simulator.Serial;

namespace ParkingGate.Host.Tests.Serial;

/// <summary>
/// The installer's trial without hardware, as the README's wiring section walks it: <c>parkinggate-sim serial</c>
/// plays the devices, the installer commands find them.
/// </summary>
public sealed class SimulatorSerialModeTests
{
    [Test]
    public async Task The_installer_commands_work_against_the_simulators_serial_devices()
    {
        var folder = Directory.CreateTempSubdirectory("parkinggate-sim-serial-").FullName;
        var input = new LinesReader();
        var output = new LinesWriter();
        var options = new Dictionary<string, List<string>>(StringComparer.Ordinal)
        {
            ["--dir"] = [folder], ["--modbus"] = ["ttyBus=1,2"], ["--led"] = ["ttyLed"], ["--camera"] = ["ttyCam:gbk"],
        };
        var sim = Task.Run(() => SerialMode.RunAsync(options, input, output));
        try
        {
            await output.WaitForAsync("ready");

            var (code, text, error) = await SerialModbusTests.CliAsync("relay", "pulse", "--port", Path.Combine(folder, "ttyBus"), "--slave", "2", "--coil", "1", "--ms", "700");
            Assert.That(code, Is.Zero, error);
            await output.WaitForAsync("ttyBus: slave 2 relay 1 flashed for 700 ms");

            (code, _, error) = await SerialModbusTests.CliAsync("display", "show", "--port", Path.Combine(folder, "ttyLed"), "--text", "粤B12345 请缴费5元", "--voice");
            Assert.That(code, Is.Zero, error);
            await output.WaitForAsync("ttyLed: shows 请缴费5元");
            await output.WaitForAsync("ttyLed: says 粤B12345 请缴费5元");

            var listening = SerialModbusTests.CliAsync("serial", "listen", "--port", Path.Combine(folder, "ttyCam"), "--seconds", "3");
            await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System);
            input.Send("noise ttyCam 30");
            input.Send("read ttyCam 湘A12345 黄 88");
            (code, text, error) = await listening;
            Assert.That(code, Is.Zero, error);
            Assert.That(text, Does.Match(@"湘A12345 +yellow +88"));

            input.Send("unplug ttyBus");
            await output.WaitForAsync("ttyBus: unplugged");
            (code, _, error) = await SerialModbusTests.CliAsync("relay", "pulse", "--port", Path.Combine(folder, "ttyBus"), "--slave", "1", "--coil", "0");
            Assert.That(code, Is.EqualTo(Cli.ExitCodes.Failed));
            Assert.That(error, Does.Contain("no such port"));

            input.Send("bogus ttyBus");
            await output.WaitForAsync("? bogus ttyBus");
        }
        finally
        {
            input.Send("quit");
            Assert.That(await sim.WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System), Is.Zero);
            Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class LinesReader : TextReader
    {
        private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();

        public void Send(string line) => _lines.Writer.TryWrite(line);

        public override async Task<string?> ReadLineAsync() => await _lines.Reader.ReadAsync();
    }

    private sealed class LinesWriter : TextWriter
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public override Encoding Encoding => Encoding.UTF8;

        public override void WriteLine(string? value) => _lines.Enqueue(value ?? "");

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }

        public async Task WaitForAsync(string start)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            while (!_lines.Any(l => l.StartsWith(start, StringComparison.Ordinal)))
            {
                if (started.Elapsed > TimeSpan.FromSeconds(10))
                {
                    Assert.Fail($"the simulator never printed '{start}'; it printed:\n{string.Join("\n", _lines)}");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
            }
        }
    }
}
