using ParkingGate.Devices.Serial;
using ParkingGate.Lanes;
using ParkingGate.Simulator.Serial;

namespace ParkingGate.Host.Tests.Serial;

/// <summary>A Modbus relay board on a real pseudo-terminal, reached through System.IO.Ports as a USB adapter would be.</summary>
public sealed class SerialModbusTests
{
    private string _folder = null!;
    private string _link = null!;
    private PseudoTerminal _pty = null!;
    private SimulatedModbusBoard _board = null!;

    [SetUp]
    public void Plug()
    {
        _folder = Directory.CreateTempSubdirectory("parkinggate-serial-").FullName;
        _link = Path.Combine(_folder, "ttyRelay");
        PlugIn();
    }

    [TearDown]
    public async Task Unplug()
    {
        await _board.DisposeAsync(); // the board owns its pseudo-terminal and closes it
        _pty.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>A new adapter appears at the same path (a udev-style link), as when it is plugged back in.</summary>
    private void PlugIn()
    {
        _pty = PseudoTerminal.Open();
        File.Delete(_link);
        File.CreateSymbolicLink(_link, _pty.SlavePath);
        _board = new SimulatedModbusBoard(_pty, slave: 1);
    }

    private static ModbusRelay Relay(SerialLink link, byte relay = 0) => new(link, 1, relay, 700, TimeSpan.FromMilliseconds(500));

    [Test]
    public async Task A_pulse_is_confirmed_by_the_boards_echo()
    {
        await using var link = new SerialLink(new SerialSettings(_link), TimeProvider.System);
        var relay = Relay(link);
        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.Confirmed), relay.LastAnswer);
        Assert.That(_board.Flashes, Is.EqualTo(new[] { (0, 700) }));
    }

    [Test]
    public async Task A_relay_the_board_lacks_is_refused_and_the_opening_uncertain()
    {
        await using var link = new SerialLink(new SerialSettings(_link), TimeProvider.System);
        var relay = Relay(link, relay: 9);
        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.NoReply));
        Assert.That(relay.LastAnswer, Is.EqualTo("exception 2"));
    }

    [Test]
    public async Task A_silent_board_makes_the_opening_uncertain_within_the_timeout()
    {
        _board.Silent = true;
        await using var link = new SerialLink(new SerialSettings(_link), TimeProvider.System);
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(await Relay(link).PulseAsync(), Is.EqualTo(RelayResult.NoReply));
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public async Task An_adapter_pulled_out_and_plugged_back_in_is_back_in_service_within_five_seconds()
    {
        await using var link = new SerialLink(new SerialSettings(_link), TimeProvider.System);
        var relay = Relay(link);
        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.Confirmed));

        await _board.DisposeAsync(); // pulled out: the device node goes away
        File.Delete(_link);
        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.NoReply));
        Assert.That(link.LastError, Does.Contain(_link));

        PlugIn();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = RelayResult.NoReply;
        while (result != RelayResult.Confirmed && started.Elapsed < TimeSpan.FromSeconds(5))
        {
            result = await relay.PulseAsync();
        }

        Assert.That(result, Is.EqualTo(RelayResult.Confirmed), link.LastError);
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }

    [Test]
    public async Task A_port_that_does_not_exist_is_reported_not_thrown()
    {
        await using var link = new SerialLink(new SerialSettings(Path.Combine(_folder, "ttyNothing")), TimeProvider.System);
        Assert.That(await Relay(link).PulseAsync(), Is.EqualTo(RelayResult.NoReply));
        Assert.That(link.LastError, Does.Contain("ttyNothing"));
    }

    [Test]
    public async Task The_installer_command_pulses_a_relay_and_says_whether_it_was_confirmed()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Cli.CliApp.RunAsync(["relay", "pulse", "--port", _link, "--slave", "1", "--coil", "0", "--ms", "700"], output, error, TimeProvider.System);
        Assert.That(code, Is.Zero, error.ToString);
        Assert.That(output.ToString(), Does.Contain("the board confirmed it"));

        _board.Silent = true;
        using var output2 = new StringWriter();
        using var error2 = new StringWriter();
        code = await Cli.CliApp.RunAsync(["relay", "pulse", "--port", _link, "--slave", "1", "--coil", "0"], output2, error2, TimeProvider.System);
        Assert.That(code, Is.EqualTo(Cli.ExitCodes.Failed));
        Assert.That(error2.ToString(), Does.Contain("was not confirmed"));
    }
}
