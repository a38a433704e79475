using ParkingGate.Protocols.Modbus;

namespace ParkingGate.Protocols.Tests;

public sealed class ModbusRtuTests
{
    public static IEnumerable<TestCaseData> Vectors() =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Vectors", "modbus-rtu.txt"))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l =>
            {
                var name = l.Split(' ')[0];
                return new TestCaseData(name, Convert.FromHexString(l[name.Length..].Replace(" ", "", StringComparison.Ordinal))).SetName(name);
            });

    [TestCaseSource(nameof(Vectors))]
    public void Golden_frames_are_built_byte_for_byte(string name, byte[] frame)
    {
        byte[]? built = name switch
        {
            "coil0_on" => ModbusRtu.WriteCoil(1, 0, true),
            "coil0_off" => ModbusRtu.WriteCoil(1, 0, false),
            "coil1_on" => ModbusRtu.WriteCoil(1, 1, true),
            "coil1_off" => ModbusRtu.WriteCoil(1, 1, false),
            "slave2_coil0_on" => ModbusRtu.WriteCoil(2, 0, true),
            "read_8_coils" => ModbusRtu.ReadCoilsRequest(1, 0, 8),
            "write_8_coils_on" => ModbusRtu.WriteCoils(1, 0, [true, true, true, true, true, true, true, true]),
            "read_2_holding" => ModbusRtu.ReadHoldingRequest(1, 0, 2),
            "flash_coil0_700ms" => ModbusRtu.Flash(1, 0, 700),
            "exception_illegal_address" => null,
            _ => throw new AssertionException($"no builder for vector {name}"),
        };
        Assert.That(ModbusRtu.HasValidCrc(frame), Is.True);
        if (built is not null)
        {
            Assert.That(Convert.ToHexString(built), Is.EqualTo(Convert.ToHexString(frame)));
        }
    }

    [Test]
    public void A_coil_write_is_confirmed_by_its_echo()
    {
        var request = ModbusRtu.Flash(1, 0, 700);
        Assert.That(ModbusRtu.TryReadReply(request, request, out var reply, out var error), Is.True, error);
        Assert.That((reply!.Ok, reply.Slave, reply.Function), Is.EqualTo((true, (byte)1, ModbusRtu.WriteSingleCoil)));
        Assert.That(ModbusRtu.ExpectedReplyLength(request), Is.EqualTo(8));
    }

    [Test]
    public void The_exception_vector_reads_as_illegal_data_address()
    {
        var request = ModbusRtu.WriteCoil(1, 0x99, true);
        Assert.That(ModbusRtu.TryReadReply(request, Convert.FromHexString("018502C351"), out var reply, out var error), Is.True, error);
        Assert.That((reply!.Ok, reply.ExceptionCode), Is.EqualTo((false, (byte?)2)));
    }

    [Test]
    public void Coils_read_back_as_their_bits()
    {
        var request = ModbusRtu.ReadCoilsRequest(1, 0, 8);
        byte[] reply = [0x01, 0x01, 0x01, 0b0000_0101, 0, 0];
        var crc = Display.Crc16Modbus.Compute(reply.AsSpan(0, 4));
        (reply[4], reply[5]) = ((byte)(crc & 0xFF), (byte)(crc >> 8));
        Assert.That(ModbusRtu.TryReadReply(request, reply, out var read, out var error), Is.True, error);
        Assert.That(read!.Data, Is.EqualTo(new byte[] { 0b0000_0101 }));
        Assert.That(ModbusRtu.ExpectedReplyLength(request), Is.EqualTo(6));
    }

    [TestCase("0105000000FF008C3A", "CRC", TestName = "a corrupted CRC")]
    [TestCase("0205000000FF008C09", "CRC", TestName = "garbage")]
    [TestCase("02050000FF008C09", "slave 2 answered", TestName = "the wrong slave")]
    [TestCase("01050001FF00DDFA", "echo does not match", TestName = "an echo of another coil")]
    [TestCase("0105", "at least 5 bytes", TestName = "a half frame")]
    public void A_wrong_reply_is_refused_and_never_taken_as_an_opening(string hex, string message)
    {
        var request = ModbusRtu.WriteCoil(1, 0, true);
        Assert.That(ModbusRtu.TryReadReply(request, Convert.FromHexString(hex), out var reply, out var error), Is.False);
        Assert.That(reply, Is.Null);
        Assert.That(error, Does.Contain(message));
    }

    [Test]
    public void Random_bytes_never_read_as_a_confirmed_opening()
    {
        var random = new Random(485);
        var request = ModbusRtu.Flash(1, 0, 700);
        var accepted = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var junk = new byte[random.Next(0, 12)];
            random.NextBytes(junk);
            if (ModbusRtu.TryReadReply(request, junk, out var reply, out _) && reply.Ok)
            {
                accepted++;
            }
        }

        Assert.That(accepted, Is.Zero);
    }
}
