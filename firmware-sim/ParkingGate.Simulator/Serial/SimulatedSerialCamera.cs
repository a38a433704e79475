using System.Text;

namespace ParkingGate.Simulator.Serial;

/// <summary>
/// A plate unit with a serial output: each read is one text line, <c>粤B12345,蓝,96</c> by default, in GBK or UTF-8,
/// ending in CR LF. It ignores what the gate sends.
/// </summary>
public sealed class SimulatedSerialCamera : SimulatedSerialDevice, ILaneCamera
{
    private readonly Encoding _encoding;

    /// <summary>Creates the unit on a line at <paramref name="path"/>, plugged in.</summary>
    public SimulatedSerialCamera(string path, Encoding encoding)
        : base(path)
    {
        _encoding = encoding ?? throw new ArgumentNullException(nameof(encoding));
        PlugIn();
    }

    /// <summary>How a read is written; {0} plate, {1} colour, {2} confidence.</summary>
    public string Format { get; init; } = "{0},{1},{2}";

    /// <summary>Sends one read as a line; false when nobody is listening on the line.</summary>
    public bool Read(string plate, string color = "蓝", int confidence = 96) =>
        SendLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, Format, plate, color, confidence));

    /// <summary>Sends any text as one line (through the faults).</summary>
    public bool SendLine(string text) => Send(_encoding.GetBytes(text + "\r\n"));

    /// <inheritdoc />
    Task ILaneCamera.ReadAsync(string plate, int confidence, CancellationToken cancellationToken) => Task.FromResult(Read(plate, "蓝", confidence));

    /// <inheritdoc />
    Task ILaneCamera.KeepAliveAsync(CancellationToken cancellationToken) => Task.CompletedTask; // a serial line has no keep-alive

    /// <inheritdoc />
    protected override void OnReceived(ReadOnlySpan<byte> bytes)
    {
        // a plate unit's output line carries nothing back
    }
}
