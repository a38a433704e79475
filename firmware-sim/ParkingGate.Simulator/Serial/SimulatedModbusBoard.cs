using System.Collections.Concurrent;
using ParkingGate.Protocols.Modbus;

namespace ParkingGate.Simulator.Serial;

/// <summary>
/// An 8-channel Modbus RTU relay board on the master side of a pseudo-terminal: answers FC05 (coils and the
/// self-timed flash at 0x0200+relay) with an exact echo, an illegal-address exception for a coil it does not have,
/// and silence for a frame with a bad CRC or for another slave. <see cref="Silent"/> plays a dead board.
/// </summary>
public sealed class SimulatedModbusBoard : IAsyncDisposable
{
    private readonly PseudoTerminal _pty;
    private readonly byte _slave;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Starts the board on <paramref name="pty"/> as slave <paramref name="slave"/>.</summary>
    public SimulatedModbusBoard(PseudoTerminal pty, byte slave)
    {
        _pty = pty;
        _slave = slave;
        _loop = Task.Run(RunAsync);
    }

    /// <summary>When true the board hears but never answers.</summary>
    public bool Silent { get; set; }

    /// <summary>Every flash (relay, milliseconds) it obeyed.</summary>
    public ConcurrentQueue<(int Relay, int Milliseconds)> Flashes { get; } = new();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _pty.Dispose();

        // A read of a pseudo-terminal master cannot be cancelled; it ends when the other side closes. Do not wait for it.
        await _loop.WaitAsync(TimeSpan.FromMilliseconds(200), TimeProvider.System).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task RunAsync()
    {
        var frame = new List<byte>();
        var buffer = new byte[256];
        while (!_stop.IsCancellationRequested)
        {
            int n;
            try
            {
                n = await _pty.Master.ReadAsync(buffer, _stop.Token);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
            {
                return;
            }

            if (n == 0)
            {
                return;
            }

            frame.AddRange(buffer.AsSpan(0, n));
            while (frame.Count >= 8)
            {
                var request = frame.Take(8).ToArray();
                frame.RemoveRange(0, 8);
                await AnswerAsync(request);
            }
        }
    }

    private async Task AnswerAsync(byte[] request)
    {
        if (!ModbusRtu.HasValidCrc(request) || request[0] != _slave || Silent)
        {
            return; // a real board stays silent on a bad CRC or another slave's frame
        }

        var address = (request[2] << 8) | request[3];
        byte[] reply;
        if (request[1] != ModbusRtu.WriteSingleCoil || (address > 7 && address is < 0x0200 or > 0x0207))
        {
            reply = [request[0], (byte)(request[1] | 0x80), 0x02, 0, 0];
            var crc = Protocols.Display.Crc16Modbus.Compute(reply.AsSpan(0, 3));
            (reply[3], reply[4]) = ((byte)(crc & 0xFF), (byte)(crc >> 8));
        }
        else
        {
            if (address >= 0x0200)
            {
                Flashes.Enqueue((address - 0x0200, ((request[4] << 8) | request[5]) * 100));
            }

            reply = request;
        }

        await _pty.Master.WriteAsync(reply);
        await _pty.Master.FlushAsync();
    }
}
