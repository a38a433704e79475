using System.Runtime.InteropServices;

namespace ParkingGate.Simulator.Serial;

/// <summary>
/// A pseudo-terminal pair made with the C library (posix_openpt, grantpt, unlockpt, ptsname), set raw: the simulated
/// device holds the master side; the gate opens <see cref="SlavePath"/> as if it were a USB RS-485 adapter. The
/// device also keeps the slave side open itself, so the gate closing and reopening its port does not hang the line
/// up; disposing closes both, which the gate sees as the adapter pulled out. Reads and writes wait with poll(), so
/// no thread is ever stuck in a read that cannot be cancelled.
/// </summary>
public sealed partial class PseudoTerminal : IDisposable
{
    private const int ReadWrite = 0x2;
    private const int NoControllingTerminal = 0x100;
    private const int NonBlocking = 0x800;
    private const short PollIn = 0x1;
    private const short PollOut = 0x4;
    private readonly int _master;
    private readonly int _slave;
    private int _users;
    private int _disposed;
    private int _closed;

    private PseudoTerminal(int master, int slave, string slavePath)
    {
        _master = master;
        _slave = slave;
        SlavePath = slavePath;
    }

    /// <summary>The path the gate opens, e.g. <c>/dev/pts/3</c>.</summary>
    public string SlavePath { get; }

    /// <summary>True until disposed.</summary>
    public bool IsOpen => Volatile.Read(ref _disposed) == 0;

    /// <summary>Opens a new pair (Linux).</summary>
    public static PseudoTerminal Open()
    {
        var master = PosixOpenpt(ReadWrite | NoControllingTerminal);
        if (master < 0 || Grantpt(master) != 0 || Unlockpt(master) != 0)
        {
            throw new IOException($"cannot open a pseudo-terminal (errno {Marshal.GetLastPInvokeError()})");
        }

        var path = Marshal.PtrToStringAnsi(Ptsname(master)) ?? throw new IOException("ptsname gave no path");
        var slave = OpenFile(path, ReadWrite | NoControllingTerminal | NonBlocking);
        if (slave < 0)
        {
            throw new IOException($"cannot open {path} (errno {Marshal.GetLastPInvokeError()})");
        }

        var termios = new byte[256];
        if (Tcgetattr(slave, termios) == 0)
        {
            Cfmakeraw(termios);
            _ = Tcsetattr(slave, 0, termios);
        }

        return new PseudoTerminal(master, slave, path);
    }

    /// <summary>
    /// Reads what the gate wrote, waiting at most <paramref name="wait"/>; 0 bytes when nothing came, -1 when the
    /// pair is closed.
    /// </summary>
    public int Read(Span<byte> buffer, TimeSpan wait)
    {
        if (!Enter())
        {
            return -1;
        }

        try
        {
            var poll = new PollFd { Fd = _master, Events = PollIn };
            var ready = Poll(ref poll, 1, (int)wait.TotalMilliseconds);
            if (ready <= 0)
            {
                return 0;
            }

            if ((poll.Revents & PollIn) != 0)
            {
                var n = (int)ReadFile(_master, ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length);
                if (n > 0)
                {
                    return n;
                }
            }

            return -1; // hung up or invalid: with the slave held open this only happens once closed
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>
    /// Writes to the gate, waiting at most <paramref name="wait"/> for room; returns false when the line is full (nobody
    /// reads) or closed, as bytes on a real line with nobody listening are lost.
    /// </summary>
    public bool Write(ReadOnlySpan<byte> bytes, TimeSpan wait)
    {
        if (!Enter())
        {
            return false;
        }

        try
        {
            while (bytes.Length > 0)
            {
                var poll = new PollFd { Fd = _master, Events = PollOut };
                if (Poll(ref poll, 1, (int)wait.TotalMilliseconds) <= 0 || (poll.Revents & PollOut) == 0)
                {
                    return false;
                }

                var n = (int)WriteFile(_master, in MemoryMarshal.GetReference(bytes), (nuint)bytes.Length);
                if (n <= 0)
                {
                    return false;
                }

                bytes = bytes[n..];
            }

            return true;
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Closes both sides (once no read or write is using them, so a descriptor is never reused under one).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0 && Interlocked.CompareExchange(ref _users, 0, 0) == 0)
        {
            CloseOnce();
        }
    }

    private bool Enter()
    {
        Interlocked.Increment(ref _users);
        if (Volatile.Read(ref _disposed) == 0)
        {
            return true;
        }

        Exit();
        return false;
    }

    private void Exit()
    {
        if (Interlocked.Decrement(ref _users) == 0 && Volatile.Read(ref _disposed) == 1)
        {
            CloseOnce();
        }
    }

    private void CloseOnce()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _ = Close(_slave);
            _ = Close(_master);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "posix_openpt", SetLastError = true)]
    private static partial int PosixOpenpt(int flags);

    [LibraryImport("libc", EntryPoint = "grantpt", SetLastError = true)]
    private static partial int Grantpt(int fd);

    [LibraryImport("libc", EntryPoint = "unlockpt", SetLastError = true)]
    private static partial int Unlockpt(int fd);

    [LibraryImport("libc", EntryPoint = "ptsname", SetLastError = true)]
    private static partial IntPtr Ptsname(int fd);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenFile(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint ReadFile(int fd, ref byte buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static partial nint WriteFile(int fd, in byte buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref PollFd fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "tcgetattr", SetLastError = true)]
    private static partial int Tcgetattr(int fd, [Out] byte[] termios);

    [LibraryImport("libc", EntryPoint = "tcsetattr", SetLastError = true)]
    private static partial int Tcsetattr(int fd, int when, byte[] termios);

    [LibraryImport("libc", EntryPoint = "cfmakeraw")]
    private static partial void Cfmakeraw(byte[] termios);
}
