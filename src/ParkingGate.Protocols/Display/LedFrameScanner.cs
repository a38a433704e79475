namespace ParkingGate.Protocols.Display;

/// <summary>
/// Finds whole <c>00 64 FF FF</c> frames in a byte stream that may carry noise, half frames and corrupted frames:
/// bytes before a header are skipped, a frame is taken only when its length and CRC agree, and after a bad CRC the
/// search goes on one byte later, so a corrupted frame never hides the good one behind it.
/// </summary>
public sealed class LedFrameScanner
{
    private static readonly byte[] Header = [0x00, 0x64, 0xFF, 0xFF];
    private readonly List<byte> _buffer = [];

    /// <summary>Bytes skipped as noise or as parts of bad frames.</summary>
    public long SkippedBytes { get; private set; }

    /// <summary>Frames whose CRC did not match.</summary>
    public long BadFrames { get; private set; }

    /// <summary>Forgets a half frame (after a silence longer than any frame takes, or a port reopened).</summary>
    public void Reset()
    {
        SkippedBytes += _buffer.Count;
        _buffer.Clear();
    }

    /// <summary>Adds received bytes and returns the whole frames they complete.</summary>
    public IReadOnlyList<byte[]> Feed(ReadOnlySpan<byte> bytes)
    {
        _buffer.AddRange(bytes);
        List<byte[]>? frames = null;
        while (true)
        {
            var start = FindHeader();
            if (start > 0)
            {
                SkippedBytes += start;
                _buffer.RemoveRange(0, start);
            }

            var length = LedVoiceFrame.FrameLength(_buffer);
            if (start < 0 || length == 0 || _buffer.Count < length)
            {
                return frames ?? (IReadOnlyList<byte[]>)[];
            }

            var frame = _buffer.GetRange(0, length).ToArray();
            if (LedVoiceFrame.TryParse(frame, out _, out _, out _))
            {
                _buffer.RemoveRange(0, length);
                (frames ??= []).Add(frame);
            }
            else
            {
                BadFrames++;
                SkippedBytes++;
                _buffer.RemoveAt(0);
            }
        }
    }

    /// <summary>Where the next header starts; -1 when there is none (the last bytes that could start one are kept).</summary>
    private int FindHeader()
    {
        for (var i = 0; i < _buffer.Count; i++)
        {
            var whole = true;
            for (var j = 0; j < Header.Length && i + j < _buffer.Count; j++)
            {
                if (_buffer[i + j] != Header[j])
                {
                    whole = false;
                    break;
                }
            }

            if (whole)
            {
                return i;
            }
        }

        SkippedBytes += _buffer.Count;
        _buffer.Clear();
        return -1;
    }
}
