using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace ParkingGate.Simulator.Serial;

/// <summary>
/// A pseudo-terminal pair made with the C library (posix_openpt, grantpt, unlockpt, ptsname): the simulated device
/// holds the master side; the gate opens <see cref="SlavePath"/> as if it were a USB RS-485 adapter.
/// </summary>
public sealed partial class PseudoTerminal : IDisposable
{
    private const int ReadWrite = 0x2;
    private const int NoControllingTerminal = 0x100;

    private PseudoTerminal(FileStream master, string slavePath)
    {
        Master = master;
        SlavePath = slavePath;
    }

    /// <summary>The device's side: what the gate writes arrives here, and what is written here reaches the gate.</summary>
    public FileStream Master { get; }

    /// <summary>The path the gate opens, e.g. <c>/dev/pts/3</c>.</summary>
    public string SlavePath { get; }

    /// <summary>Opens a new pair (Linux).</summary>
    public static PseudoTerminal Open()
    {
        var fd = PosixOpenpt(ReadWrite | NoControllingTerminal);
        if (fd < 0 || Grantpt(fd) != 0 || Unlockpt(fd) != 0)
        {
            throw new IOException($"cannot open a pseudo-terminal (errno {Marshal.GetLastPInvokeError()})");
        }

        var path = Marshal.PtrToStringAnsi(Ptsname(fd)) ?? throw new IOException("ptsname gave no path");
        return new PseudoTerminal(new FileStream(new SafeFileHandle(fd, ownsHandle: true), FileAccess.ReadWrite, bufferSize: 1, isAsync: false), path);
    }

    /// <inheritdoc />
    public void Dispose() => Master.Dispose();

    [LibraryImport("libc", EntryPoint = "posix_openpt", SetLastError = true)]
    private static partial int PosixOpenpt(int flags);

    [LibraryImport("libc", EntryPoint = "grantpt", SetLastError = true)]
    private static partial int Grantpt(int fd);

    [LibraryImport("libc", EntryPoint = "unlockpt", SetLastError = true)]
    private static partial int Unlockpt(int fd);

    [LibraryImport("libc", EntryPoint = "ptsname", SetLastError = true)]
    private static partial IntPtr Ptsname(int fd);
}
