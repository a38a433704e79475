using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using ParkingGate.Protocols.Display;

namespace ParkingGate.Protocols.Modbus;

/// <summary>A Modbus reply that was read: its function's data, or the slave's exception code.</summary>
/// <param name="Slave">The slave that answered.</param>
/// <param name="Function">The function code asked.</param>
/// <param name="ExceptionCode">The exception code (1 illegal function, 2 illegal data address, 3 illegal data value, 4 slave failure), or null.</param>
/// <param name="Data">For FC01/FC03 the bytes after the byte count; for an echo (FC05/FC0F) the request's data.</param>
public sealed record ModbusReply(byte Slave, byte Function, byte? ExceptionCode, byte[] Data)
{
    /// <summary>True when the slave did what was asked.</summary>
    public bool Ok => ExceptionCode is null;
}

/// <summary>
/// Modbus RTU frames as relay boards on RS-485 speak them (Modbus over serial line V1.02): slave, function, data,
/// CRC-16/MODBUS low byte first. Builders for FC01, FC03, FC05, FC0F and the self-timed "flash" pulse of common
/// 8-channel boards; a reader that checks a reply against its request. Golden frames: shared/vectors/modbus-rtu.txt.
/// </summary>
public static class ModbusRtu
{
    /// <summary>Read coils.</summary>
    public const byte ReadCoils = 0x01;

    /// <summary>Read holding registers.</summary>
    public const byte ReadHoldingRegisters = 0x03;

    /// <summary>Write single coil.</summary>
    public const byte WriteSingleCoil = 0x05;

    /// <summary>Write multiple coils.</summary>
    public const byte WriteMultipleCoils = 0x0F;

    /// <summary>FC05 switching coil <paramref name="coil"/> on or off.</summary>
    public static byte[] WriteCoil(byte slave, ushort coil, bool on) => Frame(slave, WriteSingleCoil, coil, on ? (ushort)0xFF00 : (ushort)0x0000);

    /// <summary>
    /// The self-timed pulse: FC05 to address 0x0200 + relay with the duration in 100 ms units, so the relay drops
    /// by itself even if the gate PC dies mid-pulse.
    /// </summary>
    public static byte[] Flash(byte slave, byte relay, int milliseconds) =>
        Frame(slave, WriteSingleCoil, (ushort)(0x0200 + relay), (ushort)Math.Clamp((milliseconds + 99) / 100, 1, 255));

    /// <summary>FC01 reading <paramref name="count"/> coils from <paramref name="start"/>.</summary>
    public static byte[] ReadCoilsRequest(byte slave, ushort start, ushort count) => Frame(slave, ReadCoils, start, count);

    /// <summary>FC03 reading <paramref name="count"/> holding registers from <paramref name="start"/>.</summary>
    public static byte[] ReadHoldingRequest(byte slave, ushort start, ushort count) => Frame(slave, ReadHoldingRegisters, start, count);

    /// <summary>FC0F writing <paramref name="coils"/> from <paramref name="start"/>.</summary>
    public static byte[] WriteCoils(byte slave, ushort start, IReadOnlyList<bool> coils)
    {
        ArgumentNullException.ThrowIfNull(coils);
        var byteCount = (coils.Count + 7) / 8;
        var frame = new byte[7 + byteCount + 2];
        frame[0] = slave;
        frame[1] = WriteMultipleCoils;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), start);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(4), (ushort)coils.Count);
        frame[6] = (byte)byteCount;
        for (var i = 0; i < coils.Count; i++)
        {
            if (coils[i])
            {
                frame[7 + (i / 8)] |= (byte)(1 << (i % 8));
            }
        }

        AppendCrc(frame);
        return frame;
    }

    /// <summary>
    /// Checks <paramref name="reply"/> against <paramref name="request"/>: CRC, slave, function (or its exception),
    /// length, and for FC05/FC0F that the echo matches. Anything else is refused with the reason.
    /// </summary>
    public static bool TryReadReply(ReadOnlySpan<byte> request, ReadOnlySpan<byte> reply, [NotNullWhen(true)] out ModbusReply? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (reply.Length < 5)
        {
            error = $"a reply has at least 5 bytes, not {reply.Length}";
            return false;
        }

        if (!HasValidCrc(reply))
        {
            error = "the reply's CRC does not match";
            return false;
        }

        if (reply[0] != request[0])
        {
            error = $"slave {reply[0]} answered a request to slave {request[0]}";
            return false;
        }

        var function = request[1];
        if (reply[1] == (function | 0x80))
        {
            result = new ModbusReply(reply[0], function, reply[2], []);
            error = null;
            return reply.Length == 5 || Fail(out error, "an exception reply has 5 bytes");
        }

        if (reply[1] != function)
        {
            error = $"function {reply[1]:X2} answered a request for {function:X2}";
            return false;
        }

        switch (function)
        {
            case WriteSingleCoil or WriteMultipleCoils:
                if (reply.Length != 8 || !reply[..6].SequenceEqual(request[..6]))
                {
                    error = "the echo does not match the request";
                    return false;
                }

                result = new ModbusReply(reply[0], function, null, reply[2..6].ToArray());
                error = null;
                return true;
            case ReadCoils or ReadHoldingRegisters:
                var count = reply[2];
                if (reply.Length != 5 + count)
                {
                    error = $"the byte count says {count} data bytes, so the reply has {5 + count} bytes, not {reply.Length}";
                    return false;
                }

                result = new ModbusReply(reply[0], function, null, reply.Slice(3, count).ToArray());
                error = null;
                return true;
            default:
                error = $"function {function:X2} is not one this master speaks";
                return false;
        }
    }

    /// <summary>True when the last two bytes are the CRC of the rest.</summary>
    public static bool HasValidCrc(ReadOnlySpan<byte> frame) =>
        frame.Length >= 3 && Crc16Modbus.Compute(frame[..^2]) == (ushort)(frame[^2] | (frame[^1] << 8));

    /// <summary>
    /// How long the reply to <paramref name="request"/> will be, or for an exception 5 bytes: a reader waits for
    /// that many bytes (or the silence that ends a frame) before checking it.
    /// </summary>
    public static int ExpectedReplyLength(ReadOnlySpan<byte> request) => request[1] switch
    {
        WriteSingleCoil or WriteMultipleCoils => 8,
        ReadCoils => 5 + ((BinaryPrimitives.ReadUInt16BigEndian(request[4..]) + 7) / 8),
        ReadHoldingRegisters => 5 + (2 * BinaryPrimitives.ReadUInt16BigEndian(request[4..])),
        _ => 5,
    };

    private static bool Fail(out string error, string why)
    {
        error = why;
        return false;
    }

    private static byte[] Frame(byte slave, byte function, ushort address, ushort value)
    {
        var frame = new byte[8];
        frame[0] = slave;
        frame[1] = function;
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(2), address);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(4), value);
        AppendCrc(frame);
        return frame;
    }

    /// <summary>Writes the CRC of everything before the last two bytes into them.</summary>
    public static void AppendCrc(byte[] frame)
    {
        var crc = Crc16Modbus.Compute(frame.AsSpan(0, frame.Length - 2));
        frame[^2] = (byte)(crc & 0xFF);
        frame[^1] = (byte)(crc >> 8);
    }
}
