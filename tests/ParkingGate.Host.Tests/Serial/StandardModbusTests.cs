using System.Diagnostics;
using System.Text;
using ParkingGate.Devices;
using ParkingGate.Devices.ModbusBoard;
using ParkingGate.Devices.Serial;
using ParkingGate.Simulator.Serial;

namespace ParkingGate.Host.Tests.Serial;

/// <summary>
/// The standard Modbus pulse (on-off): the coil written on, then off, each confirmed by its echo. Against an
/// independent implementation (pymodbus on a socat pseudo-terminal pair, as a PLC or a generic coil module would be)
/// through the installer's command (run as its own process: a relay's timing is the real clock), and against our board
/// simulator for the failures.
/// </summary>
public sealed class StandardModbusTests : FolderFixture
{
    [Test]
    public async Task Relay_pulse_on_off_lifts_a_standard_modbus_coil_and_confirms_it_where_flash_is_refused()
    {
        var (a, b) = (Path.Combine(Folder.Root, "ttyPlc"), Path.Combine(Folder.Root, "ttyGate"));
        using var socat = Process.Start(new ProcessStartInfo("/usr/bin/socat", [$"pty,raw,echo=0,link={a}", $"pty,raw,echo=0,link={b}"]) { RedirectStandardError = true })!;
        var clock = Stopwatch.StartNew();
        while (!(File.Exists(a) && File.Exists(b)))
        {
            Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)), "socat made no pseudo-terminal pair");
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }

        var output = new StringBuilder();
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var script = Path.Combine(TestContext.CurrentContext.TestDirectory, "pymodbus_coils.py");
        using var plc = Process.Start(new ProcessStartInfo("/usr/bin/python3", [script, a]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        plc.OutputDataReceived += (_, e) =>
        {
            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data == "listening")
            {
                listening.TrySetResult();
            }
        };
        plc.BeginOutputReadLine();
        plc.BeginErrorReadLine();
        try
        {
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(15), TimeProvider.System);
            await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System); // the server opens its port after saying so

            var run = await CliRunner.RunProcessAsync(Folder.Root, "relay", "pulse", "--port", b, "--slave", "1", "--coil", "3", "--ms", "300", "--mode", "on-off");
            Assert.That(run.ExitCode, Is.Zero, run.ToString);
            Assert.That(run.Out, Does.Contain("coil 3 on slave 1 switched on, then off after 300 ms: the device confirmed both"));
            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);
            lock (output)
            {
                Assert.That(output.ToString().Split('\n', StringSplitOptions.TrimEntries).Where(l => l.StartsWith("coil", StringComparison.Ordinal)),
                    Is.EqualTo(new[] { "coil 3 = 1", "coil 3 = 0" }), "the device itself saw on, then off");
            }

            var flash = await CliRunner.RunProcessAsync(Folder.Root, "relay", "pulse", "--port", b, "--slave", "1", "--coil", "3", "--ms", "300");
            Assert.That((flash.ExitCode, flash.Err.Contains("was not confirmed: exception 2", StringComparison.Ordinal)), Is.EqualTo((Cli.ExitCodes.Failed, true)),
                "a standard device has no self-timed flash: why on-off exists");

            var bad = await CliRunner.RunProcessAsync(Folder.Root, "relay", "pulse", "--port", b, "--slave", "1", "--coil", "3", "--mode", "toggle");
            Assert.That(bad.ExitCode, Is.Not.Zero);
            Assert.That(bad.Err, Does.Contain("toggle"));
        }
        finally
        {
            plc.Kill();
            socat.Kill();
        }
    }

    [Test]
    public async Task An_off_the_device_never_confirms_is_tried_again_and_reported_and_the_opening_itself_is_confirmed_by_the_on()
    {
        using var board = new SimulatedModbusBoard(Path.Combine(Folder.Root, "ttyRelay"), 1);
        await using var link = new SerialLink(new SerialSettings(board.Path), TimeProvider.System);
        var relay = new ModbusRelay(link, 1, 2, 300, TimeSpan.FromMilliseconds(300), ModbusPulseMode.OnOff);
        string? stuck = null;
        relay.OffFailed += answer => stuck = answer;

        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.Confirmed));
        Assert.That(await relay.LastOff, Is.True);
        Assert.That(board.Writes, Is.EqualTo(new[] { ((byte)1, 2, true), ((byte)1, 2, false) }));
        Assert.That(board.Flashes, Is.Empty, "no self-timed flash in on-off mode");

        var clock = Stopwatch.StartNew();
        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.Confirmed));
        board.Silent = true; // the device went quiet while the barrier was up
        Assert.That(await relay.LastOff, Is.False);
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(300 + (ModbusRelay.OffAttempts * 300))), "each of the tries waited its reply timeout");
        Assert.That(stuck, Is.EqualTo("no answer in time"), "reported, so the booth is told the barrier may be held up");
    }
}
