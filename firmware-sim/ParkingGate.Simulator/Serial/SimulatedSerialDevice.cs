namespace ParkingGate.Simulator.Serial;

/// <summary>
/// A device on a serial line, played on a pseudo-terminal that appears at a fixed path (a link, as udev makes
/// <c>/dev/serial/by-id/…</c>): what the gate writes is handed to <see cref="OnReceived"/> on the device's own
/// thread; what the device sends goes through <see cref="Faults"/>. <see cref="Unplug"/> and <see cref="PlugIn"/>
/// play the USB adapter being pulled out and put back: the old line hangs up, a new one appears at the same path.
/// </summary>
public abstract class SimulatedSerialDevice : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);
    private readonly Lock _plug = new();
    private PseudoTerminal? _pty;
    private Thread? _reader;
    private bool _disposed;

    /// <summary>Creates the device and plugs it in at <paramref name="path"/>.</summary>
    protected SimulatedSerialDevice(string path)
    {
        Path = path ?? throw new ArgumentNullException(nameof(path));
    }

    /// <summary>Where the gate finds the device (a link to the current pseudo-terminal).</summary>
    public string Path { get; }

    /// <summary>The faults applied to what the device sends.</summary>
    public SerialFaults Faults { get; } = new();

    /// <summary>True while plugged in.</summary>
    public bool Plugged => _pty is { IsOpen: true };

    /// <summary>Makes a new line appear at <see cref="Path"/> and starts listening on it.</summary>
    public void PlugIn()
    {
        lock (_plug)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (Plugged)
            {
                return;
            }

            var pty = PseudoTerminal.Open();
            var temporary = Path + ".new";
            File.Delete(temporary);
            File.CreateSymbolicLink(temporary, pty.SlavePath);
            File.Move(temporary, Path, overwrite: true);
            _pty = pty;
            _reader = new Thread(() => Listen(pty)) { IsBackground = true, Name = $"sim {System.IO.Path.GetFileName(Path)}" };
            _reader.Start();
        }
    }

    /// <summary>Pulls the adapter out: the line hangs up and its path disappears.</summary>
    public void Unplug()
    {
        Thread? reader;
        lock (_plug)
        {
            reader = _reader;
            _pty?.Dispose();
            _pty = null;
            _reader = null;
            File.Delete(Path);
        }

        reader?.Join(TimeSpan.FromSeconds(1));
    }

    /// <summary>Sends bytes as they are (no faults), e.g. noise between frames; false when nobody could take them.</summary>
    public bool SendRaw(ReadOnlySpan<byte> bytes) => _pty is { } pty && pty.Write(bytes, TimeSpan.FromMilliseconds(200));

    /// <inheritdoc />
    public void Dispose()
    {
        Unplug();
        lock (_plug)
        {
            _disposed = true;
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>Handles bytes the gate wrote (on the device's thread).</summary>
    protected abstract void OnReceived(ReadOnlySpan<byte> bytes);

    /// <summary>Sends a frame through the faults, after their delay; false when nobody could take it.</summary>
    protected bool Send(byte[] frame)
    {
        var delay = Faults.Delay;
        if (delay > TimeSpan.Zero)
        {
            using var wait = new ManualResetEventSlim();
            wait.Wait(delay);
        }

        return SendRaw(Faults.Apply(frame));
    }

    private void Listen(PseudoTerminal pty)
    {
        var buffer = new byte[512];
        while (true)
        {
            var n = pty.Read(buffer, Poll);
            if (n < 0)
            {
                return;
            }

            if (n > 0)
            {
                OnReceived(buffer.AsSpan(0, n));
            }
            else
            {
                OnQuiet();
            }
        }
    }

    /// <summary>Called when the line has been quiet for a moment (a Modbus slave resets its frame then).</summary>
    protected virtual void OnQuiet()
    {
    }
}
