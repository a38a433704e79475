using ParkingGate.Devices;
using ParkingGate.Devices.ModbusBoard;
using ParkingGate.Devices.Serial;
using ParkingGate.Gate.Lanes;
using ParkingGate.Simulator.Serial;

namespace ParkingGate.Host.Tests.Serial;

/// <summary>Modbus relay boards on a real pseudo-terminal, reached through System.IO.Ports as a USB adapter would be.</summary>
public sealed class SerialModbusTests
{
    private string _folder = null!;
    private SimulatedModbusBoard _board = null!;

    [SetUp]
    public void Plug()
    {
        _folder = Directory.CreateTempSubdirectory("parkinggate-serial-").FullName;
        _board = new SimulatedModbusBoard(Path.Combine(_folder, "ttyRelay"), 1, 2);
    }

    [TearDown]
    public void Unplug()
    {
        _board.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private static ModbusRelay Relay(SerialLink link, byte relay = 0, byte slave = 1) => new(link, slave, relay, 700, TimeSpan.FromMilliseconds(500));

    private SerialLink Link() => new(new SerialSettings(_board.Path), TimeProvider.System);

    [Test]
    public async Task A_pulse_is_confirmed_by_the_boards_echo()
    {
        await using var link = Link();
        var relay = Relay(link);
        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.Confirmed), relay.LastAnswer);
        Assert.That(_board.Flashes, Is.EqualTo(new[] { ((byte)1, 0, 700) }));
        Assert.That(await relay.ProbeAsync(), Is.True, "FC01 answered");
    }

    [Test]
    public async Task Two_boards_on_one_bus_take_turns_and_each_gets_its_own_pulses()
    {
        await using var link = Link();
        var first = Relay(link, relay: 0, slave: 1);
        var second = Relay(link, relay: 3, slave: 2);
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => (i % 2 == 0 ? first : second).PulseAsync()));
        Assert.That(results, Is.All.EqualTo(RelayResult.Confirmed));
        Assert.That(_board.Flashes.Count(f => f is (1, 0, 700)), Is.EqualTo(5));
        Assert.That(_board.Flashes.Count(f => f is (2, 3, 700)), Is.EqualTo(5));
        Assert.That(_board.BadFrames, Is.Zero, "requests never overlapped on the bus");
    }

    [Test]
    public async Task A_relay_the_board_lacks_is_refused_and_the_opening_uncertain()
    {
        await using var link = Link();
        var relay = Relay(link, relay: 9);
        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.NoReply));
        Assert.That(relay.LastAnswer, Is.EqualTo("exception 2"));
    }

    [Test]
    public async Task A_slave_nobody_answers_for_is_uncertain_within_the_timeout()
    {
        await using var link = Link();
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(await Relay(link, slave: 9).PulseAsync(), Is.EqualTo(RelayResult.NoReply));
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public async Task A_silent_board_makes_the_opening_uncertain_within_the_timeout()
    {
        _board.Silent = true;
        await using var link = Link();
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(await Relay(link).PulseAsync(), Is.EqualTo(RelayResult.NoReply));
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
    }

    [TestCase("crc")]
    [TestCase("drop")]
    [TestCase("noise")]
    [TestCase("delay")]
    public async Task A_damaged_or_late_echo_is_never_taken_for_a_confirmation(string fault)
    {
        switch (fault)
        {
            case "crc": _board.Faults.CorruptCrc = 1; break;
            case "drop": _board.Faults.DropByte = 0.3; break;
            case "noise": _board.Faults.Noise = 1; break;
            default: _board.Faults.Delay = TimeSpan.FromMilliseconds(800); break;
        }

        await using var link = Link();
        var relay = Relay(link);
        for (var i = 0; i < 5; i++)
        {
            Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.NoReply), $"pulse {i}: {relay.LastAnswer}");
        }

        Assert.That(_board.Flashes, Has.Count.EqualTo(5), "the board obeyed: only the answer was damaged, so each opening is uncertain");
        _board.Faults.Clear();
        await Task.Delay(TimeSpan.FromMilliseconds(900), TimeProvider.System); // the late answers drain
        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.Confirmed), "a clean line confirms again");
    }

    [Test]
    public async Task Noise_on_the_line_before_a_request_does_not_stop_the_board_hearing_it()
    {
        await using var link = Link();
        var relay = Relay(link);
        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.Confirmed));
        _board.SendRaw(_board.Faults.RandomBytes(40)); // noise towards the gate: discarded before the next request
        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.Confirmed), relay.LastAnswer);
    }

    [Test]
    public async Task An_adapter_pulled_out_and_plugged_back_in_is_back_in_service_within_five_seconds_with_one_outage()
    {
        await using var link = Link();
        var changes = new List<string>();
        link.StateChanged += (_, error, outage) => changes.Add(error is null ? "back" : "lost");
        var relay = Relay(link);
        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.Confirmed));

        _board.Unplug();
        for (var i = 0; i < 3; i++)
        {
            Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.NoReply));
        }

        Assert.That(link.LastError, Does.Contain(_board.Path));

        _board.PlugIn();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var result = RelayResult.NoReply;
        while (result != RelayResult.Confirmed && started.Elapsed < TimeSpan.FromSeconds(5))
        {
            result = await relay.PulseAsync();
        }

        Assert.That(result, Is.EqualTo(RelayResult.Confirmed), link.LastError);
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(changes, Is.EqualTo(new[] { "lost", "back" }), "one outage, logged once each way");
    }

    [Test]
    public async Task A_port_that_does_not_exist_is_reported_not_thrown()
    {
        await using var link = new SerialLink(new SerialSettings(Path.Combine(_folder, "ttyNothing")), TimeProvider.System);
        Assert.That(await Relay(link).PulseAsync(), Is.EqualTo(RelayResult.NoReply));
        Assert.That(link.LastError, Does.Contain("ttyNothing").And.Contain("no such port"));
    }

    [Test]
    public async Task The_installer_command_pulses_a_relay_and_says_whether_it_was_confirmed()
    {
        var (code, output, _) = await CliAsync("relay", "pulse", "--port", _board.Path, "--slave", "1", "--coil", "0", "--ms", "700");
        Assert.That(code, Is.Zero);
        Assert.That(output, Does.Contain("the board confirmed it"));

        _board.Silent = true;
        (code, _, var error) = await CliAsync("relay", "pulse", "--port", _board.Path, "--slave", "1", "--coil", "0");
        Assert.That(code, Is.EqualTo(Cli.ExitCodes.Failed));
        Assert.That(error, Does.Contain("was not confirmed"));

        (code, _, error) = await CliAsync("relay", "pulse", "--port", Path.Combine(_folder, "ttyGone"), "--slave", "1", "--coil", "0");
        Assert.That(code, Is.EqualTo(Cli.ExitCodes.Failed));
        Assert.That(error, Does.Contain("ttyGone: no such port"));
    }

    internal static async Task<(int Code, string Output, string Error)> CliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Cli.CliApp.RunAsync(args, output, error, TimeProvider.System);
        return (code, output.ToString(), error.ToString());
    }
}
