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
            "board_ack" => LedVoiceFrame.Build(LedVoiceFrame.Say, [0x00]),
            "stop_voice" => LedVoiceFrame.Stop(),
            "volume_80" => LedVoiceFrame.SetVolume(80),
            "brightness_100" => LedVoiceFrame.SetBrightness(100),
            _ => throw new AssertionException($"no builder for vector {name}"),
        };
        Assert.That(Convert.ToHexString(built), Is.EqualTo(Convert.ToHexString(frame)));
        Assert.That(LedVoiceFrame.TryParse(frame, out _, out _, out var error), Is.True, error);
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
}
