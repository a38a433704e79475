using ParkingGate.Protocols.Display;

namespace ParkingGate.Protocols.Tests;

public sealed class LedVoiceFrameTests
{
    /// <summary>Every line of the vector file: name, optional quoted text, then the frame in hex.</summary>
    public static IEnumerable<TestCaseData> Vectors() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Vectors", "led-voice-board.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l =>
            {
                var quote = l.IndexOf('"', StringComparison.Ordinal);
                var end = quote < 0 ? -1 : l.IndexOf('"', quote + 1);
                var name = l.Split(' ')[0];
                var text = quote < 0 ? null : l[(quote + 1)..end];
                var hex = (end < 0 ? l[name.Length..] : l[(end + 1)..]).Replace(" ", "", StringComparison.Ordinal);
                return new TestCaseData(name, text, Convert.FromHexString(hex)).SetName($"{name} {text}");
            });

    [TestCaseSource(nameof(Vectors))]
    public void Golden_frames_are_built_and_read_byte_for_byte(string name, string? text, byte[] frame)
    {
        var built = name switch
        {
            "say_now" => LedVoiceFrame.Speak(text!),
            "board_ack" => LedVoiceFrame.Ack(LedVoiceFrame.Say),
            "stop_voice" => LedVoiceFrame.Stop(),
            "volume_80" => LedVoiceFrame.SetVolume(80),
            "brightness_100" => LedVoiceFrame.SetBrightness(100),
            _ => throw new AssertionException($"no builder for vector {name}"),
        };
        Assert.That(Convert.ToHexString(built), Is.EqualTo(Convert.ToHexString(frame)));
        Assert.That(LedVoiceFrame.TryParse(frame, out _, out _, out var error), Is.True, error);
        if (name == "board_ack")
        {
            Assert.That(LedVoiceFrame.TryReadAck(frame, LedVoiceFrame.Say, out var ok, out var ackError), Is.True, ackError);
            Assert.That(ok, Is.True);
            Assert.That(LedVoiceFrame.TryReadAck(frame, LedVoiceFrame.Text, out _, out ackError), Is.False);
            Assert.That(ackError, Does.Contain("not an acknowledgement of 62"));
        }

        if (name == "say_now")
        {
            Assert.That(LedVoiceFrame.TryReadSpeech(frame, out var spoken, out var timing, out _), Is.True);
            Assert.That((spoken, timing), Is.EqualTo((text, VoiceTiming.Now)));
        }
    }

    [Test]
    public void Speaking_chinese_round_trips_through_gbk()
    {
        var frame = LedVoiceFrame.Speak("粤B12345 请缴费7元", VoiceTiming.ClearThenPlay);
        Assert.That(LedVoiceFrame.TryReadSpeech(frame, out var text, out var timing, out _), Is.True);
        Assert.That((text, timing), Is.EqualTo(("粤B12345 请缴费7元", VoiceTiming.ClearThenPlay)));
    }

    [TestCase("00 64 FF FF 30 09 01 BB B6 D3 AD B9 E2 C1 D9 32 59", "CRC")]
    [TestCase("00 64 FF FF 30 0A 01 BB B6 D3 AD B9 E2 C1 D9 32 58", "DL says 10")]
    [TestCase("01 64 FF FF 30 01 00 36 BB", "does not start with 00 64 FF FF")]
    [TestCase("00 64 FF", "at least 8 bytes")]
    public void A_damaged_frame_is_refused_naming_what_is_wrong(string hex, string message)
    {
        Assert.That(LedVoiceFrame.TryParse(Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal)), out _, out var data, out var error), Is.False);
        Assert.That(data, Is.Null);
        Assert.That(error, Does.Contain(message));
    }

    [Test]
    public void Text_longer_than_a_frame_is_refused() =>
        Assert.That(() => LedVoiceFrame.Speak(new string('长', 200)), Throws.ArgumentException.With.Message.Contain("at most 254"));

    [Test]
    public void The_crc_is_crc16_modbus() => Assert.That(Crc16Modbus.Compute("123456789"u8), Is.EqualTo(0x4B37));

    [Test]
    public void A_text_line_round_trips_with_its_line_number()
    {
        var frame = LedVoiceFrame.ShowText(1, "请缴费12元");
        Assert.That(frame[4], Is.EqualTo(LedVoiceFrame.Text));
        Assert.That(frame[5], Is.EqualTo(LedVoiceFrame.TextHeader + 10), "DL: the fixed fields and 5 characters of 2 GBK bytes");
        Assert.That(LedVoiceFrame.TryReadText(frame, out var line, out var text, out var error), Is.True, error);
        Assert.That((line, text), Is.EqualTo(((byte)1, "请缴费12元")));
    }

    [TestCase("欢迎😀光临", "😀")]
    [TestCase("车牌 𠀀", "𠀀")]
    public void Text_gbk_cannot_write_is_refused_naming_the_character(string text, string culprit)
    {
        Assert.That(LedVoiceFrame.TryEncode(text, out var gbk, out var error), Is.False);
        Assert.That(gbk, Is.Null);
        Assert.That(error, Does.Contain(culprit).And.Contain("GBK"));
        Assert.Throws<ArgumentException>(() => LedVoiceFrame.ShowText(0, text));
        Assert.Throws<ArgumentException>(() => LedVoiceFrame.Speak(text));
    }

    [Test]
    public void The_scanner_finds_good_frames_among_noise_half_frames_and_corrupted_ones()
    {
        var good1 = LedVoiceFrame.Speak("欢迎光临");
        var bad = LedVoiceFrame.ShowText(0, "粤B12345");
        bad[^1] ^= 0xFF;
        var good2 = LedVoiceFrame.Ack(LedVoiceFrame.Text);
        byte[] stream = [0x13, 0x00, 0x64, 0x00, .. good1, 0xFF, 0xFF, .. bad, .. good2, 0x00, 0x64];
        var scanner = new LedFrameScanner();
        var frames = new List<byte[]>();
        foreach (var chunk in stream.Chunk(3))
        {
            frames.AddRange(scanner.Feed(chunk));
        }

        Assert.That(frames.Select(Convert.ToHexString), Is.EqualTo(new[] { Convert.ToHexString(good1), Convert.ToHexString(good2) }));
        Assert.That(scanner.BadFrames, Is.GreaterThanOrEqualTo(1));
    }

    [Test]
    public void Random_bytes_never_make_the_scanner_throw_and_rarely_a_frame()
    {
        var random = new Random(6);
        var scanner = new LedFrameScanner();
        var buffer = new byte[64];
        var frames = 0;
        for (var i = 0; i < 20_000; i++)
        {
            random.NextBytes(buffer);
            frames += scanner.Feed(buffer).Count;
        }

        // 1.28 MB of noise: a frame needs 00 64 FF FF and a matching CRC, about one chance in 2^48 per position.
        Assert.That(frames, Is.Zero);
        Assert.That(scanner.SkippedBytes, Is.GreaterThan(1_000_000));
    }
}
