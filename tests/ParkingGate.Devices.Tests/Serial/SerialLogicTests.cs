using System.Text;
using System.Text.RegularExpressions;
using ParkingGate.Devices.LedVoiceBoard;
using ParkingGate.Devices.ModbusBoard;
using ParkingGate.Devices.Serial;
using ParkingGate.Protocols.Display;
using ParkingGate.Protocols.Modbus;
using ParkingGate.Protocols.SerialCamera;

namespace ParkingGate.Devices.Tests.Serial;

/// <summary>
/// The Modbus relay, the LED/voice board and the plate unit's reader over an in-memory line: the logic each driver
/// applies to what comes back, without a terminal. The pseudo-terminal tests in the host's suite stay the
/// integration layer (real ports, real timing, unplugging a real line).
/// </summary>
public sealed class SerialLogicTests
{
    private static readonly TimeSpan Reply = TimeSpan.FromMilliseconds(200);
    private static readonly SerialSettings Port = new("/dev/ttyMEM0");

    private static byte[] Exception(byte slave, byte function, byte code)
    {
        var frame = new byte[] { slave, (byte)(function | 0x80), code, 0, 0 };
        ModbusRtu.AppendCrc(frame);
        return frame;
    }

    [Test]
    public async Task A_pulse_is_confirmed_by_the_exact_echo_only()
    {
        var board = new MemoryDevice { Answer = request => request };
        await using var link = new SerialLink(Port, TimeProvider.System, board.OpenAsync);
        var relay = new ModbusRelay(link, slave: 3, relay: 1, pulseMs: 800, Reply);

        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.Confirmed));
        Assert.That(board.Heard.Single(), Is.EqualTo(ModbusRtu.Flash(3, 1, 800)), "one flash frame, nothing else on the bus");
        Assert.That(relay.LastAnswer, Is.EqualTo("echo received"));

        board.Answer = request => [.. request[..^2], (byte)(request[^2] ^ 0xFF), request[^1]]; // the CRC damaged on the way back
        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.NoReply));
        Assert.That(relay.LastAnswer, Is.Not.EqualTo("echo received"));

        board.Answer = request => Exception(request[0], request[1], 2);
        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.NoReply), "an exception reply is not an opening");
        Assert.That(relay.LastAnswer, Is.EqualTo("exception 2"));
    }

    [Test]
    public async Task A_silent_board_makes_the_opening_uncertain_and_its_late_answer_is_not_taken_for_the_next()
    {
        var board = new MemoryDevice();
        await using var link = new SerialLink(Port, TimeProvider.System, board.OpenAsync);
        var relay = new ModbusRelay(link, 3, 1, 800, Reply);

        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.NoReply));
        Assert.That(relay.LastAnswer, Is.EqualTo("no answer in time"));

        // the first echo arrives late, right before the next request, and the next request gets an exception
        board.Send(ModbusRtu.Flash(3, 1, 800));
        board.Answer = request => Exception(request[0], request[1], 4);
        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.NoReply), "the late echo belonged to the first pulse");
        Assert.That(relay.LastAnswer, Is.EqualTo("exception 4"));
    }

    [Test]
    public async Task An_adapter_pulled_out_is_one_outage_and_the_relay_works_again_when_it_is_back()
    {
        var board = new MemoryDevice { Answer = request => request, Plugged = false };
        await using var link = new SerialLink(Port, TimeProvider.System, board.OpenAsync);
        var changes = new List<(string? Error, TimeSpan? Outage)>();
        link.StateChanged += (_, error, outage) => changes.Add((error, outage));
        var relay = new ModbusRelay(link, 3, 1, 800, Reply);

        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.NoReply));
        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.NoReply));
        Assert.That(relay.LastAnswer, Does.Contain("no such port"));
        board.Plugged = true;
        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.Confirmed));

        board.HangUp();
        Assert.That(await relay.PulseAsync(), Is.EqualTo(RelayResult.Confirmed), "a line that hung up is reopened on the next request");
        Assert.That(board.Opens, Is.EqualTo(2));
        Assert.That(changes.Select(c => (c.Error is not null, c.Outage is not null)), Is.EqualTo(new[] { (true, false), (false, true) }),
            "lost once and back once, however many requests failed in between");
    }

    [Test]
    public async Task The_board_sets_its_volume_first_and_again_after_the_line_comes_back()
    {
        var led = new MemoryDevice { Answer = frame => LedVoiceFrame.Ack(frame[4]) };
        await using var link = new SerialLink(Port, TimeProvider.System, led.OpenAsync);
        var board = new LedBoard(link, volume: 70, lines: 2, lineWidth: 16, Reply);

        Assert.That(await board.ShowAsync("湘A12345 一路顺风", speak: true), Is.True, board.LastProblem);
        Assert.That(await board.ShowAsync("车位已满", speak: false), Is.True, board.LastProblem);
        led.Plugged = false;
        led.HangUp();
        Assert.That(await board.ShowAsync("离线", speak: false), Is.False);
        led.Plugged = true;
        Assert.That(await board.ShowAsync("欢迎光临", speak: false), Is.True, board.LastProblem);

        var commands = led.Heard.Select(f => f[4]).ToList();
        Assert.That(commands, Is.EqualTo(new[]
        {
            LedVoiceFrame.Volume, LedVoiceFrame.Text, LedVoiceFrame.Text, LedVoiceFrame.Say,
            LedVoiceFrame.Text,
            LedVoiceFrame.Volume, LedVoiceFrame.Text,
        }));
        Assert.That(LedVoiceFrame.TryReadText(led.Heard.ElementAt(1), out var line, out var text, out _) && line == 0 && text == "湘A12345", Is.True);
        Assert.That(LedVoiceFrame.TryReadText(led.Heard.ElementAt(2), out line, out text, out _) && line == 1 && text == "一路顺风", Is.True);
    }

    [Test]
    public async Task A_refusal_or_noise_instead_of_an_acknowledgement_is_reported()
    {
        var led = new MemoryDevice { Answer = frame => frame[4] == LedVoiceFrame.Text ? LedVoiceFrame.Ack(frame[4], 0x01) : LedVoiceFrame.Ack(frame[4]) };
        await using var link = new SerialLink(Port, TimeProvider.System, led.OpenAsync);
        var board = new LedBoard(link, 70, 1, 16, Reply);
        Assert.That(await board.ShowAsync("请缴费4元", speak: false), Is.False);
        Assert.That(board.LastProblem, Does.Contain("refused command 62"));

        led.Answer = _ => [0x55, 0x00, 0x13, 0x37];
        Assert.That(await board.ShowAsync("请缴费4元", speak: false), Is.False);
        Assert.That(board.LastProblem, Does.Contain("not an acknowledgement"));
    }

    [Test]
    public async Task Text_the_board_cannot_write_is_shown_with_a_question_mark_and_reported()
    {
        var led = new MemoryDevice { Answer = frame => LedVoiceFrame.Ack(frame[4]) };
        await using var link = new SerialLink(Port, TimeProvider.System, led.OpenAsync);
        var board = new LedBoard(link, 70, 1, 16, Reply);

        Assert.That(await board.ShowAsync("欢迎😀", speak: false), Is.False);
        Assert.That(board.LastProblem, Is.Not.Null);
        Assert.That(LedVoiceFrame.TryReadText(led.Heard.Last(), out _, out var shown, out _) ? shown : null, Is.EqualTo("欢迎?"));
    }

    [Test]
    public async Task A_plate_units_lines_are_read_across_chunks_and_the_port_is_reopened_after_it_hangs_up()
    {
        SerialCameraLines.TryEncoding("gbk", out var gbk);
        var lines = new SerialCameraLines(gbk, new Regex(SerialCameraLines.DefaultPattern), "in-1");
        var unit = new MemoryDevice();
        var plates = new List<string>();
        var errors = new List<string>();
        var got = new SemaphoreSlim(0);
        var changes = 0;
        await using var reader = new SerialReader(Port, TimeProvider.System, bytes =>
        {
            foreach (var result in lines.Feed(bytes.Span, DateTimeOffset.UtcNow))
            {
                if (result.Read is { } read)
                {
                    plates.Add(read.PlateText);
                }
                else
                {
                    errors.Add(result.Error!);
                }

                got.Release();
            }
        }, unit.OpenAsync);
        reader.StateChanged += (_, _, _) => Interlocked.Increment(ref changes);
        reader.Start();
        await WaitUntilAsync(() => reader.IsOpen);

        var bytes = gbk.GetBytes("粤B12345,蓝,96\r\n");
        unit.Send(bytes[..5]);
        unit.Send(bytes[5..]);
        Assert.That(await got.WaitAsync(TimeSpan.FromSeconds(5)), Is.True);

        unit.HangUp();
        await WaitUntilAsync(() => unit.Opens == 2 && reader.IsOpen);
        unit.Send(gbk.GetBytes("湘A55001 蓝 90\r\nno plate here\r\n"));
        Assert.That(await got.WaitAsync(TimeSpan.FromSeconds(5)) && await got.WaitAsync(TimeSpan.FromSeconds(5)), Is.True);

        Assert.That(plates, Is.EqualTo(new[] { "粤B12345", "湘A55001" }));
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(changes, Is.EqualTo(2), "the hang-up is one outage: lost, then back");
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.That(condition(), Is.True, "the reader did not get there in 5 s");
    }
}
