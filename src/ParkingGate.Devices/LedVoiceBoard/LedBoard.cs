using ParkingGate.Devices.Serial;
using ParkingGate.Protocols.Display;

namespace ParkingGate.Devices.LedVoiceBoard;

/// <summary>
/// A lane's LED/voice board on its own serial line (or sharing an RS-485 bus): each frame waits for the board's
/// acknowledgement, the volume is set again whenever the port comes back (a board forgets it on power-up), and text
/// GBK cannot write is reported and shown with '?' in its place rather than dropped.
/// </summary>
public sealed class LedBoard
{
    private readonly SerialLink _link;
    private readonly byte _volume;
    private readonly int _lines;
    private readonly int _lineWidth;
    private readonly TimeSpan _ackTimeout;
    private bool _volumeSet;

    /// <summary>Creates the board on <paramref name="link"/>.</summary>
    /// <param name="link">The port.</param>
    /// <param name="volume">Voice volume 0–100, set before the first message and after every reconnection.</param>
    /// <param name="lines">How many text lines the board has.</param>
    /// <param name="lineWidth">How many GBK bytes fit on a line (a Chinese character takes two).</param>
    /// <param name="ackTimeout">How long to wait for each acknowledgement.</param>
    public LedBoard(SerialLink link, byte volume, int lines, int lineWidth, TimeSpan ackTimeout)
    {
        _link = link ?? throw new ArgumentNullException(nameof(link));
        _volume = Math.Min(volume, (byte)100);
        _lines = Math.Clamp(lines, 1, 8);
        _lineWidth = Math.Clamp(lineWidth, 4, 64);
        _ackTimeout = ackTimeout;
        link.StateChanged += (_, error, _) => _volumeSet &= error is null;
    }

    /// <summary>What went wrong last (no acknowledgement, a refusal, a character GBK lacks); null after a clean message.</summary>
    public string? LastProblem { get; private set; }

    /// <summary>
    /// Shows <paramref name="text"/> over the board's lines (broken at the first space, then by width) and, when
    /// <paramref name="speak"/>, says it. True when the board acknowledged every frame.
    /// </summary>
    public async Task<bool> ShowAsync(string text, bool speak, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        LastProblem = null;
        if (!LedVoiceFrame.TryEncode(text, out _, out var encodeError))
        {
            LastProblem = encodeError;
            text = Replaceable(text);
        }

        var ok = true;
        if (!_volumeSet)
        {
            _volumeSet = await SendAsync(LedVoiceFrame.SetVolume(_volume), cancellationToken);
            ok &= _volumeSet;
        }

        var lines = Lines(text, _lines, _lineWidth);
        for (var i = 0; i < lines.Count; i++)
        {
            ok &= await SendAsync(LedVoiceFrame.ShowText((byte)i, lines[i]), cancellationToken);
        }

        if (speak)
        {
            ok &= await SendAsync(LedVoiceFrame.Speak(Truncate(text, LedVoiceFrame.MaxData - 1)), cancellationToken);
        }

        return ok && LastProblem is null;
    }

    /// <summary>Breaks <paramref name="text"/> into at most <paramref name="count"/> lines of <paramref name="width"/> GBK bytes.</summary>
    public static IReadOnlyList<string> Lines(string text, int count, int width)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = new List<string>();
        var parts = text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var part in parts)
        {
            var line = new System.Text.StringBuilder();
            var used = 0;
            foreach (var rune in part.EnumerateRunes())
            {
                var cost = rune.Value < 0x80 ? 1 : 2;
                if (used + cost > width)
                {
                    lines.Add(line.ToString());
                    line.Clear();
                    used = 0;
                }

                line.Append(rune.ToString());
                used += cost;
            }

            if (line.Length > 0)
            {
                lines.Add(line.ToString());
            }
        }

        return lines.Count > count ? lines[..count] : lines;
    }

    private async Task<bool> SendAsync(byte[] frame, CancellationToken cancellationToken)
    {
        var command = frame[4];
        var reply = await _link.TransactAsync(frame, r => FindAck(r, command) is not null, _ackTimeout, cancellationToken);
        if (reply.Length == 0)
        {
            LastProblem ??= _link.LastError ?? $"the board did not acknowledge command {command:X2} within {_ackTimeout.TotalMilliseconds:0} ms";
            return false;
        }

        if (FindAck(reply, command) is not { } ok)
        {
            LastProblem ??= $"the board's answer to command {command:X2} was not an acknowledgement ({reply.Length} bytes)";
            return false;
        }

        if (!ok)
        {
            LastProblem ??= $"the board refused command {command:X2}";
        }

        return ok;
    }

    /// <summary>The status of the first acknowledgement of <paramref name="command"/> among the bytes, noise skipped.</summary>
    private static bool? FindAck(IReadOnlyList<byte> bytes, byte command)
    {
        var scanner = new LedFrameScanner();
        foreach (var frame in scanner.Feed([.. bytes]))
        {
            if (LedVoiceFrame.TryReadAck(frame, command, out var ok, out _))
            {
                return ok;
            }
        }

        return null;
    }

    private static string Replaceable(string text)
    {
        var kept = new System.Text.StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            kept.Append(LedVoiceFrame.TryEncode(rune.ToString(), out _, out _) ? rune.ToString() : "?");
        }

        return kept.ToString();
    }

    private static string Truncate(string text, int bytes)
    {
        while (LedVoiceFrame.TryEncode(text, out var gbk, out _) && gbk.Length > bytes)
        {
            text = text[..^1];
        }

        return text;
    }
}
