using System.Text;
using System.Text.RegularExpressions;
using ParkingGate.Domain.Plates;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Protocols.SerialCamera;

namespace ParkingGate.Protocols.Tests;

public sealed class SerialCameraLinesTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 8, 0, 0, TimeSpan.FromHours(8));

    private static Encoding Gbk()
    {
        Assert.That(SerialCameraLines.TryEncoding("gbk", out var gbk), Is.True);
        return gbk;
    }

    private static SerialCameraLines Default(Encoding encoding) =>
        new(encoding, new Regex(SerialCameraLines.DefaultPattern, RegexOptions.CultureInvariant), "cam-in-1");

    [TestCase("粤B12345,蓝,96", "粤B12345", PlateColor.Blue, 96)]
    [TestCase("PLATE:湘A8D234 黄绿色 88", "湘A8D234", PlateColor.YellowGreen, 88)]
    [TestCase("京AD12345", "京AD12345", PlateColor.Unknown, 100)]
    [TestCase("[12:01:33] 车牌 粤B1234挂 yellow", "粤B1234挂", PlateColor.Yellow, 100)]
    public void The_default_pattern_finds_plate_colour_and_confidence_in_gbk(string line, string plate, PlateColor color, int confidence)
    {
        var lines = Default(Gbk());
        var results = lines.Feed(Gbk().GetBytes(line + "\r\n"), Now);
        Assert.That(results, Has.Count.EqualTo(1));
        var read = results[0].Read;
        Assert.That(read, Is.Not.Null, results[0].Error);
        Assert.That((read!.PlateText, read.Color, read.Confidence, read.CapturedAt, read.Format, read.Device), Is.EqualTo((plate, color, confidence, Now, "serial", "cam-in-1")));
    }

    [Test]
    public void Utf8_lines_are_read_when_configured()
    {
        Assert.That(SerialCameraLines.TryEncoding("utf-8", out var utf8), Is.True);
        var read = Default(utf8).Feed(Encoding.UTF8.GetBytes("川A12345,绿,91\n"), Now).Single().Read;
        Assert.That((read?.PlateText, read?.Color), Is.EqualTo(("川A12345", PlateColor.Green)));

        // The same bytes read as GBK give no plate: the wrong encoding is visible, never a wrong read.
        var wrong = Default(Gbk()).Feed(Encoding.UTF8.GetBytes("川A12345,绿,91\n"), Now).Single();
        Assert.That(wrong.Read, Is.Null);
    }

    [Test]
    public void A_line_split_across_reads_is_joined_and_noise_between_lines_gives_no_read()
    {
        var lines = Default(Gbk());
        var bytes = Gbk().GetBytes("粤B12345,蓝,96\r\n");
        Assert.That(lines.Feed(bytes.AsSpan(0, 5), Now), Is.Empty, "half a line is kept, not read");
        var first = lines.Feed(bytes.AsSpan(5), Now);
        Assert.That(first.Single().Read?.PlateText, Is.EqualTo("粤B12345"));

        var noise = lines.Feed([0x13, 0xFE, 0x00, 0x7F, (byte)'\n', (byte)'\r', (byte)'\n'], Now);
        Assert.That(noise.Single().Read, Is.Null);
        Assert.That(noise.Single().Error, Is.EqualTo("no plate in the line"));
    }

    [Test]
    public void Bytes_that_never_end_a_line_are_dropped_and_the_next_line_is_read()
    {
        var lines = Default(Gbk());
        var random = new Random(4);
        var noise = new byte[5000];
        random.NextBytes(noise);
        for (var i = 0; i < noise.Length; i++)
        {
            noise[i] = noise[i] is (byte)'\n' or (byte)'\r' ? (byte)'x' : noise[i];
        }

        Assert.That(lines.Feed(noise, Now), Is.Empty);
        var results = lines.Feed(Gbk().GetBytes("\n粤C54321,黄,80\n"), Now);
        Assert.That(results.Single().Read?.PlateText, Is.EqualTo("粤C54321"));
        Assert.That(lines.DroppedBytes, Is.EqualTo(noise.Length));
    }

    [Test]
    public void A_configured_pattern_with_an_id_gives_the_units_own_message_id()
    {
        Assert.That(SerialCameraLines.TryPattern(@"^#(?<id>\d+)\|(?<plate>[^|]+)\|(?<confidence>\d+)$", out var pattern, out var error), Is.True, error);
        var lines = new SerialCameraLines(Gbk(), pattern!, "unit-7");
        var read = lines.Feed(Gbk().GetBytes("#0042|苏E12345|77\n"), Now).Single().Read;
        Assert.That((read?.MessageId, read?.PlateText, read?.Confidence), Is.EqualTo(("unit-7:0042", "苏E12345", 77)));
    }

    [TestCase("(?<plate>[A-Z", "not a valid regular expression")]
    [TestCase("[A-Z]{6}", "no group named plate")]
    public void A_bad_pattern_is_refused_with_the_reason(string text, string why)
    {
        Assert.That(SerialCameraLines.TryPattern(text, out var pattern, out var error), Is.False);
        Assert.That(pattern, Is.Null);
        Assert.That(error, Does.Contain(why));
    }

    [Test]
    public void A_confidence_over_100_is_an_error_not_a_read()
    {
        var result = Default(Gbk()).Feed(Gbk().GetBytes("粤B12345,蓝,960\n"), Now).Single();
        Assert.That(result.Read, Is.Null);
        Assert.That(result.Error, Does.Contain("960"));
    }

    [Test]
    public void A_hundred_thousand_random_chunks_never_throw()
    {
        var lines = Default(Gbk());
        var random = new Random(9);
        var chunk = new byte[48];
        var reads = 0;
        for (var i = 0; i < 100_000; i++)
        {
            random.NextBytes(chunk);
            foreach (var result in lines.Feed(chunk, Now))
            {
                Assert.That(result.Read is null ^ result.Error is null, Is.True);
                reads += result.Read is null ? 0 : 1;
            }
        }

        Assert.That(reads, Is.LessThan(5), "random bytes are almost never a plate");
    }
}
