namespace ParkingGate.Simulator.Serial;

/// <summary>
/// Faults a simulated serial device puts on what it sends, as a long cable, a loose terminal or a cheap adapter
/// would: bytes dropped, a CRC byte corrupted, the answer delayed, noise before it. All off by default; a fixed seed
/// makes a test's faults the same every run.
/// </summary>
public sealed class SerialFaults
{
    private readonly Random _random;

    /// <summary>Creates the faults with a seed.</summary>
    public SerialFaults(int seed = 1) => _random = new Random(seed);

    /// <summary>Chance (0–1) that each byte sent is lost.</summary>
    public double DropByte { get; set; }

    /// <summary>Chance (0–1) that a frame's last (CRC) byte is flipped.</summary>
    public double CorruptCrc { get; set; }

    /// <summary>Chance (0–1) that 1–16 random bytes go out before a frame.</summary>
    public double Noise { get; set; }

    /// <summary>How long the device waits before answering.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Frames sent with at least one fault applied.</summary>
    public int Faulted { get; private set; }

    /// <summary>Turns every fault off.</summary>
    public void Clear() => (DropByte, CorruptCrc, Noise, Delay) = (0, 0, 0, TimeSpan.Zero);

    /// <summary>Random bytes, as a line picks up from a motor starting next to it.</summary>
    public byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        lock (_random)
        {
            _random.NextBytes(bytes);
        }

        return bytes;
    }

    /// <summary>The bytes that actually go out for <paramref name="frame"/>.</summary>
    public byte[] Apply(byte[] frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_random)
        {
            var faulted = false;
            var output = new List<byte>(frame.Length + 16);
            if (Noise > 0 && _random.NextDouble() < Noise)
            {
                var noise = new byte[_random.Next(1, 17)];
                _random.NextBytes(noise);
                output.AddRange(noise);
                faulted = true;
            }

            for (var i = 0; i < frame.Length; i++)
            {
                if (DropByte > 0 && _random.NextDouble() < DropByte)
                {
                    faulted = true;
                    continue;
                }

                var b = frame[i];
                if (i == frame.Length - 1 && CorruptCrc > 0 && _random.NextDouble() < CorruptCrc)
                {
                    b ^= 0x5A;
                    faulted = true;
                }

                output.Add(b);
            }

            if (faulted)
            {
                Faulted++;
            }

            return [.. output];
        }
    }
}
