using System.Collections.Concurrent;
using ParkingGate.Protocols.Display;

namespace ParkingGate.Simulator.Serial;

/// <summary>
/// A lane's LED/voice board on a serial line, speaking the <c>00 64 FF FF</c> protocol: it finds frames in what
/// arrives (noise and bad frames skipped), shows text lines, says speech, takes volume and brightness, and
/// acknowledges every good frame with status 00. A frame with a bad CRC gets no acknowledgement.
/// </summary>
public sealed class SimulatedLedBoard : SimulatedSerialDevice
{
    private readonly LedFrameScanner _scanner = new();
    private readonly string?[] _lines = new string?[8];

    /// <summary>Creates the board on a line at <paramref name="path"/>, plugged in.</summary>
    public SimulatedLedBoard(string path)
        : base(path) => PlugIn();

    /// <summary>When true the board shows but never acknowledges.</summary>
    public bool Silent { get; set; }

    /// <summary>Every text shown, as "line: text".</summary>
    public ConcurrentQueue<string> Shown { get; } = new();

    /// <summary>Everything said.</summary>
    public ConcurrentQueue<string> Spoken { get; } = new();

    /// <summary>The voice volume last set (0–100); -1 until set.</summary>
    public int Volume { get; private set; } = -1;

    /// <summary>What each line shows now.</summary>
    public IReadOnlyList<string?> Lines => _lines;

    /// <summary>Frames whose CRC did not match (no acknowledgement given).</summary>
    public long BadFrames => _scanner.BadFrames;

    /// <summary>Raised for every text line shown and every message said (kind "show"/"say", text).</summary>
    public event Action<string, string>? Displayed;

    /// <inheritdoc />
    protected override void OnReceived(ReadOnlySpan<byte> bytes)
    {
        foreach (var frame in _scanner.Feed(bytes))
        {
            var command = frame[4];
            if (LedVoiceFrame.TryReadText(frame, out var line, out var text, out _))
            {
                _lines[Math.Min((int)line, _lines.Length - 1)] = text;
                Shown.Enqueue($"{line}: {text}");
                Displayed?.Invoke("show", text);
            }
            else if (LedVoiceFrame.TryReadSpeech(frame, out var speech, out _, out _))
            {
                Spoken.Enqueue(speech);
                Displayed?.Invoke("say", speech);
            }
            else if (command == LedVoiceFrame.Volume && frame[5] == 1)
            {
                Volume = frame[6];
            }

            if (!Silent)
            {
                Send(LedVoiceFrame.Ack(command));
            }
        }
    }

    /// <inheritdoc />
    protected override void OnQuiet() => _scanner.Reset();
}
