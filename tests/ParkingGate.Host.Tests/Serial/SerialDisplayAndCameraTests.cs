using System.Collections.Concurrent;
using System.Text;
using ParkingGate.Devices.LedVoiceBoard;
using ParkingGate.Devices.Serial;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Protocols.SerialCamera;
using ParkingGate.Simulator.Serial;

namespace ParkingGate.Host.Tests.Serial;

/// <summary>An LED/voice board and a plate unit's serial output on real pseudo-terminals.</summary>
public sealed class SerialDisplayAndCameraTests
{
    private string _folder = null!;

    [SetUp]
    public void Folder() => _folder = Directory.CreateTempSubdirectory("parkinggate-serial-").FullName;

    [TearDown]
    public void Clean() => Directory.Delete(_folder, recursive: true);

    private static Encoding Gbk()
    {
        SerialCameraLines.TryEncoding("gbk", out var gbk);
        return gbk;
    }

    private static LedBoard Board(SerialLink link) => new(link, 70, lines: 2, lineWidth: 16, TimeSpan.FromMilliseconds(400));

    [Test]
    public async Task The_board_shows_the_fee_in_chinese_says_it_and_acknowledges()
    {
        using var sim = new SimulatedLedBoard(Path.Combine(_folder, "ttyLed"));
        await using var link = new SerialLink(new SerialSettings(sim.Path), TimeProvider.System);
        var board = Board(link);
        Assert.That(await board.ShowAsync("粤B12345 请缴费12元", speak: true), Is.True, board.LastProblem);
        Assert.That(sim.Lines.Take(2), Is.EqualTo(new[] { "粤B12345", "请缴费12元" }));
        Assert.That(sim.Spoken, Is.EqualTo(new[] { "粤B12345 请缴费12元" }));
        Assert.That(sim.Volume, Is.EqualTo(70), "the volume is set before the first message");
    }

    [Test]
    public async Task A_board_that_never_acknowledges_is_reported_within_the_timeouts()
    {
        using var sim = new SimulatedLedBoard(Path.Combine(_folder, "ttyLed")) { Silent = true };
        await using var link = new SerialLink(new SerialSettings(sim.Path), TimeProvider.System);
        var board = Board(link);
        var started = System.Diagnostics.Stopwatch.StartNew();
        Assert.That(await board.ShowAsync("粤B12345 一路顺风", speak: false), Is.False);
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(3)));
        Assert.That(board.LastProblem, Does.Contain("did not acknowledge"));
        Assert.That(sim.Lines[0], Is.EqualTo("粤B12345"), "it still showed the text");
    }

    [Test]
    public async Task Corrupted_acknowledgements_and_noise_are_not_taken_for_an_acknowledgement()
    {
        using var sim = new SimulatedLedBoard(Path.Combine(_folder, "ttyLed"));
        await using var link = new SerialLink(new SerialSettings(sim.Path), TimeProvider.System);
        var board = Board(link);
        sim.Faults.CorruptCrc = 1;
        Assert.That(await board.ShowAsync("欢迎光临", speak: false), Is.False);
        sim.Faults.Clear();
        sim.Faults.Noise = 1;
        Assert.That(await board.ShowAsync("欢迎光临", speak: false), Is.True, "noise before a good acknowledgement is skipped: " + board.LastProblem);
        Assert.That(sim.Faults.Faulted, Is.GreaterThanOrEqualTo(2));
    }

    [Test]
    public async Task Text_gbk_cannot_write_is_reported_and_shown_with_a_question_mark()
    {
        using var sim = new SimulatedLedBoard(Path.Combine(_folder, "ttyLed"));
        await using var link = new SerialLink(new SerialSettings(sim.Path), TimeProvider.System);
        var board = Board(link);
        Assert.That(await board.ShowAsync("欢迎😀光临", speak: false), Is.False);
        Assert.That(board.LastProblem, Does.Contain("😀").And.Contain("GBK"));
        Assert.That(sim.Lines[0], Is.EqualTo("欢迎?光临"));
    }

    [Test]
    public async Task The_volume_is_set_again_after_the_board_was_unplugged()
    {
        using var sim = new SimulatedLedBoard(Path.Combine(_folder, "ttyLed"));
        await using var link = new SerialLink(new SerialSettings(sim.Path), TimeProvider.System);
        var board = Board(link);
        Assert.That(await board.ShowAsync("欢迎光临", speak: true), Is.True);
        sim.Unplug();
        Assert.That(await board.ShowAsync("欢迎光临", speak: true), Is.False);
        sim.PlugIn(); // a board that lost power comes back at its own default volume
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!await board.ShowAsync("欢迎回家", speak: true) && started.Elapsed < TimeSpan.FromSeconds(5))
        {
        }

        Assert.That(sim.Lines[0], Is.EqualTo("欢迎回家"));
        Assert.That(sim.Volume, Is.EqualTo(70));
    }

    [Test]
    public async Task A_write_to_a_line_nobody_reads_gives_up_instead_of_blocking()
    {
        using var pty = PseudoTerminal.Open(); // nobody reads the far end: the line fills after a few KB
        await using var link = new SerialLink(new SerialSettings(pty.SlavePath), TimeProvider.System) { WriteTimeout = TimeSpan.FromMilliseconds(300) };
        var started = System.Diagnostics.Stopwatch.StartNew();
        string? error = null;
        for (var i = 0; i < 40 && error is null; i++)
        {
            await link.TransactAsync(new byte[4096], _ => false, TimeSpan.FromMilliseconds(10));
            error = link.LastError;
        }

        Assert.That(error, Does.Contain("did not finish within 300 ms"));
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(10)));
    }

    [Test]
    public async Task A_serial_cameras_lines_arrive_and_an_unplugged_unit_is_read_again_within_five_seconds()
    {
        using var camera = new SimulatedSerialCamera(Path.Combine(_folder, "ttyCam"), Gbk());
        var lines = new SerialCameraLines(Gbk(), new(SerialCameraLines.DefaultPattern), "cam");
        var reads = new ConcurrentQueue<CameraRead>();
        var changes = new ConcurrentQueue<string>();
        await using var reader = new SerialReader(new SerialSettings(camera.Path), TimeProvider.System, bytes =>
        {
            foreach (var result in lines.Feed(bytes.Span, DateTimeOffset.UtcNow))
            {
                if (result.Read is { } read)
                {
                    reads.Enqueue(read);
                }
            }
        });
        reader.StateChanged += (_, error, _) => changes.Enqueue(error is null ? "back" : "lost");
        reader.Start();
        await WaitAsync(() => reader.IsOpen);

        camera.SendRaw([0x00, 0x13, 0xFE, 0x0A, 0xC3]); // power-up garbage; the stray byte after its line end is cut off by CR LF
        camera.SendRaw("\r\n"u8);
        camera.Read("粤B12345", "蓝", 96);
        await WaitAsync(() => !reads.IsEmpty);
        Assert.That(reads.Single().PlateText, Is.EqualTo("粤B12345"), "the garbage gave no read and did not spoil the line after it");

        camera.Unplug();
        await WaitAsync(() => !changes.IsEmpty);
        camera.PlugIn();
        var started = System.Diagnostics.Stopwatch.StartNew();
        await WaitAsync(() => reader.IsOpen);
        camera.Read("湘A12345", "黄", 90);
        await WaitAsync(() => reads.Count == 2);
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
        Assert.That(reads.Last().PlateText, Is.EqualTo("湘A12345"));
        Assert.That(changes, Is.EqualTo(new[] { "lost", "back" }));
    }

    [Test]
    public async Task The_installer_can_show_a_text_and_is_told_when_the_board_is_missing_or_the_text_unwritable()
    {
        using var sim = new SimulatedLedBoard(Path.Combine(_folder, "ttyLed"));
        var (code, output, error) = await SerialModbusTests.CliAsync("display", "show", "--port", sim.Path, "--text", "粤B12345 请缴费12元", "--voice", "--volume", "60");
        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("粤B12345 | 请缴费12元").And.Contain("acknowledged"));
        Assert.That((sim.Lines[1], sim.Spoken.Single(), sim.Volume), Is.EqualTo(("请缴费12元", "粤B12345 请缴费12元", 60)));

        (code, _, error) = await SerialModbusTests.CliAsync("display", "show", "--port", sim.Path, "--text", "欢迎😀");
        Assert.That(code, Is.EqualTo(Cli.ExitCodes.UsageOrConfig));
        Assert.That(error, Does.Contain("😀").And.Contain("nothing was sent"));

        (code, _, error) = await SerialModbusTests.CliAsync("display", "show", "--port", Path.Combine(_folder, "ttyNone"), "--text", "欢迎");
        Assert.That(code, Is.EqualTo(Cli.ExitCodes.Failed));
        Assert.That(error, Does.Contain("ttyNone: no such port"));
    }

    [Test]
    public async Task The_installer_hears_the_plates_a_serial_camera_sends()
    {
        using var camera = new SimulatedSerialCamera(Path.Combine(_folder, "ttyCam"), Gbk());
        var listening = SerialModbusTests.CliAsync("serial", "listen", "--port", camera.Path, "--encoding", "gbk", "--seconds", "3");
        await Task.Delay(TimeSpan.FromMilliseconds(1000), TimeProvider.System);
        camera.Read("粤B12345", "蓝", 96);
        camera.SendLine("hello");
        var (code, output, error) = await listening;
        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Match(@"粤B12345 +blue +96").And.Contain("(no read: no plate in the line)   <- hello"));

        (code, _, error) = await SerialModbusTests.CliAsync("serial", "listen", "--port", camera.Path, "--seconds", "1");
        Assert.That(code, Is.EqualTo(Cli.ExitCodes.Failed));
        Assert.That(error, Does.Contain("nothing was heard"));

        (code, _, error) = await SerialModbusTests.CliAsync("serial", "listen", "--port", camera.Path, "--pattern", "[A-Z]+");
        Assert.That(code, Is.EqualTo(Cli.ExitCodes.UsageOrConfig));
        Assert.That(error, Does.Contain("no group named plate"));
    }

    private static async Task WaitAsync(Func<bool> condition)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            if (started.Elapsed > TimeSpan.FromSeconds(8))
            {
                Assert.Fail("timed out waiting");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
        }
    }
}
