using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace ParkingGate.Protocols.Display;

/// <summary>When a voice message is played.</summary>
public enum VoiceTiming : byte
{
    /// <summary>After what is queued.</summary>
    Queue = 0x00,

    /// <summary>Now, interrupting.</summary>
    Now = 0x01,

    /// <summary>Clear the queue, then play.</summary>
    ClearThenPlay = 0x02,
}

/// <summary>
/// Frames of the common <c>00 64 FF FF</c> LED/voice board protocol used at parking lanes:
/// DA(00) VR(64) PN(FF FF) CMD DL DATA… CRC-16/MODBUS (low byte first); text is GBK.
/// Verified against shared/vectors/led-voice-board.txt.
/// </summary>
public static class LedVoiceFrame
{
    /// <summary>Speak text (data: timing byte then GBK text).</summary>
    public const byte Say = 0x30;

    /// <summary>Stop speaking.</summary>
    public const byte StopVoice = 0x31;

    /// <summary>Set the volume (0–100).</summary>
    public const byte Volume = 0x0D;

    /// <summary>Set the brightness (0–100).</summary>
    public const byte Brightness = 0x0C;

    /// <summary>Show a line of text for a while (the boards' "temporary text").</summary>
    public const byte Text = 0x62;

    /// <summary>The longest data field a frame carries (DL is one byte).</summary>
    public const int MaxData = 255;

    /// <summary>An acknowledgement is always 9 bytes: the command echoed, DL 1, a status byte (00 = done).</summary>
    public const int AckLength = 9;

    /// <summary>The fixed fields before a text line's GBK bytes (see <see cref="ShowText"/>).</summary>
    public const int TextHeader = 18;

    private static readonly Encoding Gbk = CreateGbk();
    private static readonly Encoding StrictGbk = Encoding.GetEncoding(936, EncoderFallback.ExceptionFallback, DecoderFallback.ReplacementFallback);

    /// <summary>A frame that speaks <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentException">The text is longer than one frame carries in GBK.</exception>
    public static byte[] Speak(string text, VoiceTiming timing = VoiceTiming.Now)
    {
        if (!TryEncode(text, out var body, out var error))
        {
            throw new ArgumentException(error, nameof(text));
        }

        if (body.Length + 1 > MaxData)
        {
            throw new ArgumentException($"'{text}' is {body.Length} bytes in GBK; a frame carries at most {MaxData - 1}", nameof(text));
        }

        return Build(Say, [(byte)timing, .. body]);
    }

    /// <summary>
    /// A frame that shows <paramref name="text"/> on line <paramref name="line"/> (0 = top) for
    /// <paramref name="seconds"/> (0 = until replaced), in red on black, entering at once. Data: TWID, ETM, ETS, DM,
    /// DT, EXM, EXS, FINDEX, DRS, TC (RGBA), BC (RGBA), TL, then the GBK text; a board's manual may name further
    /// effects, these are the plain ones every board shows.
    /// </summary>
    /// <exception cref="ArgumentException">The text has a character GBK lacks, or is longer than one frame carries.</exception>
    public static byte[] ShowText(byte line, string text, byte seconds = 0)
    {
        if (!TryEncode(text, out var body, out var error))
        {
            throw new ArgumentException(error, nameof(text));
        }

        if (body.Length > MaxData - TextHeader)
        {
            throw new ArgumentException($"'{text}' is {body.Length} bytes in GBK; a text line carries at most {MaxData - TextHeader}", nameof(text));
        }

        //           TWID  ETM   ETS   DM    DT       EXM   EXS   FINDEX DRS  TC (red)                BC (black)              TL
        byte[] head = [line, 0x00, 0x01, 0x00, seconds, 0x00, 0x01, 0x03, 0x00, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, (byte)body.Length];
        return Build(Text, [.. head, .. body]);
    }

    /// <summary>
    /// Encodes <paramref name="text"/> in GBK; a character GBK lacks (an emoji, a rare ideograph) is an error that
    /// names it, instead of the silent '?' a board would otherwise show or say.
    /// </summary>
    public static bool TryEncode(string text, [NotNullWhen(true)] out byte[]? gbk, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        try
        {
            gbk = StrictGbk.GetBytes(text);
            error = null;
            return true;
        }
        catch (EncoderFallbackException e)
        {
            gbk = null;
            var ch = e.CharUnknownHigh != default ? char.ConvertFromUtf32(char.ConvertToUtf32(e.CharUnknownHigh, e.CharUnknownLow)) : e.CharUnknown.ToString();
            error = $"'{ch}' (U+{char.ConvertToUtf32(ch, 0):X4}) at position {e.Index + 1} of '{text}' cannot be written in GBK";
            return false;
        }
    }

    /// <summary>Reads an acknowledgement of <paramref name="command"/>: <paramref name="ok"/> when its status is 00.</summary>
    public static bool TryReadAck(ReadOnlySpan<byte> frame, byte command, out bool ok, [NotNullWhen(false)] out string? error)
    {
        ok = false;
        if (!TryParse(frame, out var answered, out var data, out error))
        {
            return false;
        }

        if (answered != command || data.Length != 1)
        {
            error = $"the board answered command {answered:X2} with {data.Length} bytes, not an acknowledgement of {command:X2}";
            return false;
        }

        ok = data[0] == 0x00;
        return true;
    }

    /// <summary>An acknowledgement of <paramref name="command"/> with <paramref name="status"/> (00 = done).</summary>
    public static byte[] Ack(byte command, byte status = 0x00) => Build(command, [status]);

    /// <summary>The length of the whole frame at the start of <paramref name="bytes"/>, once its header is in; 0 before.</summary>
    public static int FrameLength(IReadOnlyList<byte> bytes) => bytes.Count >= 6 ? 8 + bytes[5] : 0;

    /// <summary>A frame that stops speaking.</summary>
    public static byte[] Stop() => Build(StopVoice, []);

    /// <summary>A frame that sets the volume.</summary>
    public static byte[] SetVolume(byte percent) => Build(Volume, [Math.Min(percent, (byte)100)]);

    /// <summary>A frame that sets the brightness.</summary>
    public static byte[] SetBrightness(byte percent) => Build(Brightness, [Math.Min(percent, (byte)100)]);

    /// <summary>Builds a frame for any command.</summary>
    public static byte[] Build(byte command, ReadOnlySpan<byte> data)
    {
        if (data.Length > MaxData)
        {
            throw new ArgumentException($"a frame carries at most {MaxData} data bytes, not {data.Length}", nameof(data));
        }

        var frame = new byte[6 + data.Length + 2];
        frame[0] = 0x00;
        frame[1] = 0x64;
        frame[2] = 0xFF;
        frame[3] = 0xFF;
        frame[4] = command;
        frame[5] = (byte)data.Length;
        data.CopyTo(frame.AsSpan(6));
        var crc = Crc16Modbus.Compute(frame.AsSpan(0, 6 + data.Length));
        frame[^2] = (byte)(crc & 0xFF);
        frame[^1] = (byte)(crc >> 8);
        return frame;
    }

    /// <summary>Reads one whole frame: checks the header, the length and the CRC.</summary>
    public static bool TryParse(ReadOnlySpan<byte> frame, out byte command, [NotNullWhen(true)] out byte[]? data, [NotNullWhen(false)] out string? error)
    {
        command = 0;
        data = null;
        if (frame.Length < 8)
        {
            error = $"a frame has at least 8 bytes, not {frame.Length}";
            return false;
        }

        if (frame[0] != 0x00 || frame[1] != 0x64 || frame[2] != 0xFF || frame[3] != 0xFF)
        {
            error = $"the frame does not start with 00 64 FF FF but {Convert.ToHexString(frame[..4])}";
            return false;
        }

        var length = frame[5];
        if (frame.Length != 8 + length)
        {
            error = $"DL says {length} data bytes, so the frame has {8 + length} bytes, not {frame.Length}";
            return false;
        }

        var crc = Crc16Modbus.Compute(frame[..(6 + length)]);
        var sent = (ushort)(frame[^2] | (frame[^1] << 8));
        if (crc != sent)
        {
            error = $"CRC {sent:X4} does not match the frame ({crc:X4})";
            return false;
        }

        command = frame[4];
        data = frame.Slice(6, length).ToArray();
        error = null;
        return true;
    }

    /// <summary>The line and text a text frame carries, decoded from GBK.</summary>
    public static bool TryReadText(ReadOnlySpan<byte> frame, out byte line, [NotNullWhen(true)] out string? text, [NotNullWhen(false)] out string? error)
    {
        line = 0;
        text = null;
        if (!TryParse(frame, out var command, out var data, out error))
        {
            return false;
        }

        if (command != Text || data.Length < TextHeader || data[TextHeader - 1] != data.Length - TextHeader)
        {
            error = $"command {command:X2} with {data.Length} data bytes is not a whole text frame";
            return false;
        }

        line = data[0];
        text = Gbk.GetString(data, TextHeader, data.Length - TextHeader);
        return true;
    }

    /// <summary>The text a speak frame carries, decoded from GBK.</summary>
    public static bool TryReadSpeech(ReadOnlySpan<byte> frame, [NotNullWhen(true)] out string? text, out VoiceTiming timing, [NotNullWhen(false)] out string? error)
    {
        text = null;
        timing = VoiceTiming.Now;
        if (!TryParse(frame, out var command, out var data, out error))
        {
            return false;
        }

        if (command != Say || data.Length < 1)
        {
            error = $"command {command:X2} is not a speak frame";
            return false;
        }

        timing = (VoiceTiming)data[0];
        text = Gbk.GetString(data, 1, data.Length - 1);
        return true;
    }

    private static Encoding CreateGbk()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(936);
    }
}
