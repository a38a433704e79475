using System.IO.Ports;

namespace ParkingGate.Devices.Serial;

/// <summary>
/// One opened byte line to a device: what the serial link and reader need of a port. In service it is a serial port
/// (<see cref="SerialPortLine"/>); tests put an in-memory line here to drive the Modbus, LED and plate-unit logic
/// without a terminal, and keep pseudo-terminal pairs for the integration layer.
/// </summary>
public interface IDeviceLine : IAsyncDisposable
{
    /// <summary>False once the line hung up (the adapter was pulled out).</summary>
    bool IsOpen { get; }

    /// <summary>Writes bytes to the device.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>Reads what the device sent; 0 when the line closed.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Drops whatever was received and not read yet.</summary>
    void DiscardInput();
}

/// <summary>Opens the line <paramref name="settings"/> name; the error as text instead of an exception.</summary>
public delegate Task<(IDeviceLine? Line, string? Error)> DeviceLineOpener(SerialSettings settings, TimeProvider time);

/// <summary>A serial port as a device line.</summary>
public sealed class SerialPortLine : IDeviceLine
{
    private readonly SerialPort _port;
    private readonly TimeProvider _time;

    private SerialPortLine(SerialPort port, TimeProvider time)
    {
        _port = port;
        _time = time;
    }

    /// <summary>Opens a serial port (see <see cref="SerialPorts.OpenAsync"/>).</summary>
    public static async Task<(IDeviceLine? Line, string? Error)> OpenAsync(SerialSettings settings, TimeProvider time)
    {
        var (port, error) = await SerialPorts.OpenAsync(settings, time);
        return port is null ? (null, error) : (new SerialPortLine(port, time), null);
    }

    /// <inheritdoc />
    public bool IsOpen => _port.IsOpen;

    /// <inheritdoc />
    public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) => _port.BaseStream.WriteAsync(bytes, cancellationToken);

    /// <inheritdoc />
    public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken) => _port.BaseStream.ReadAsync(buffer, cancellationToken);

    /// <inheritdoc />
    public void DiscardInput() => _port.DiscardInBuffer();

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await SerialPorts.CloseAsync(_port, _time);
}
