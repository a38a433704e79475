using System.Collections.Concurrent;
using ParkingGate.Protocols.Modbus;

namespace ParkingGate.Simulator.Serial;

/// <summary>
/// 8-channel Modbus RTU relay boards on one RS-485 bus (one or more slave addresses on the same line), as the gate
/// finds them at <see cref="SimulatedSerialDevice.Path"/>: FC05 on a coil or the self-timed flash at 0x0200+relay is
/// echoed exactly, FC01 reports the coils (a flashed relay is on until its time is up), FC0F sets several, an
/// address the board lacks gets exception 2 and a function it lacks exception 1; a frame with a bad CRC or for
/// another slave gets silence. Frames are found again after noise by their CRC and after a silence on the line.
/// <see cref="Silent"/> plays a dead board.
/// </summary>
public sealed class SimulatedModbusBoard : SimulatedSerialDevice
{
    private readonly Dictionary<byte, long[]> _onUntil = [];
    private readonly List<byte> _frame = [];

    /// <summary>Creates boards answering as <paramref name="slaves"/> on a line at <paramref name="path"/>, plugged in.</summary>
    public SimulatedModbusBoard(string path, params byte[] slaves)
        : base(path)
    {
        foreach (var slave in slaves.DefaultIfEmpty((byte)1))
        {
            _onUntil[slave] = new long[8];
        }

        PlugIn();
    }

    /// <summary>When true the boards hear but never answer.</summary>
    public bool Silent { get; set; }

    /// <summary>Every flash obeyed: (slave, relay, milliseconds).</summary>
    public ConcurrentQueue<(byte Slave, int Relay, int Milliseconds)> Flashes { get; } = new();

    /// <summary>The plain coil writes (FC05 on a coil) it obeyed, in order: standard Modbus on and off.</summary>
    public ConcurrentQueue<(byte Slave, int Coil, bool On)> Writes { get; } = new();

    /// <summary>Raised for every flash obeyed: (slave, relay, milliseconds).</summary>
    public event Action<byte, int, int>? Flashed;

    /// <summary>Frames heard with a bad CRC (answered with silence).</summary>
    public int BadFrames { get; private set; }

    /// <inheritdoc />
    protected override void OnReceived(ReadOnlySpan<byte> bytes)
    {
        _frame.AddRange(bytes);
        while (_frame.Count >= 8)
        {
            var length = _frame[1] == ModbusRtu.WriteMultipleCoils ? 9 + _frame[6] : 8;
            if (_frame.Count < length)
            {
                return;
            }

            var request = _frame.GetRange(0, length).ToArray();
            if (!ModbusRtu.HasValidCrc(request))
            {
                BadFrames++;
                _frame.RemoveAt(0); // look for a frame one byte later
                continue;
            }

            _frame.RemoveRange(0, length);
            if (!Silent && _onUntil.TryGetValue(request[0], out var coils))
            {
                Send(Answer(request, coils));
            }
        }
    }

    /// <inheritdoc />
    protected override void OnQuiet() => _frame.Clear(); // a silence ends whatever half frame was heard

    private byte[] Answer(byte[] request, long[] coils)
    {
        var now = TimeProvider.System.GetTimestamp();
        var address = (request[2] << 8) | request[3];
        var value = (request[4] << 8) | request[5];
        switch (request[1])
        {
            case ModbusRtu.WriteSingleCoil when address is >= 0x0200 and <= 0x0207:
                coils[address - 0x0200] = now + (long)(value * 100 * (TimeProvider.System.TimestampFrequency / 1000.0));
                Flashes.Enqueue((request[0], address - 0x0200, value * 100));
                Flashed?.Invoke(request[0], address - 0x0200, value * 100);
                return request;
            case ModbusRtu.WriteSingleCoil when address <= 7:
                coils[address] = value == 0xFF00 ? long.MaxValue : 0;
                Writes.Enqueue((request[0], address, value == 0xFF00));
                return request;
            case ModbusRtu.WriteMultipleCoils when address + value <= 8:
                for (var i = 0; i < value; i++)
                {
                    coils[address + i] = (request[7 + (i / 8)] & (1 << (i % 8))) != 0 ? long.MaxValue : 0;
                }

                return WithCrc([.. request.AsSpan(0, 6), 0, 0]);
            case ModbusRtu.ReadCoils when address + value <= 8 && value > 0:
                byte bits = 0;
                for (var i = 0; i < value; i++)
                {
                    bits |= coils[address + i] > now ? (byte)(1 << i) : (byte)0;
                }

                return WithCrc([request[0], ModbusRtu.ReadCoils, 1, bits, 0, 0]);
            case ModbusRtu.WriteSingleCoil or ModbusRtu.WriteMultipleCoils or ModbusRtu.ReadCoils:
                return WithCrc([request[0], (byte)(request[1] | 0x80), 0x02, 0, 0]);
            default:
                return WithCrc([request[0], (byte)(request[1] | 0x80), 0x01, 0, 0]);
        }
    }

    private static byte[] WithCrc(byte[] frame)
    {
        ModbusRtu.AppendCrc(frame);
        return frame;
    }
}
