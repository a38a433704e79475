using System.IO.Ports;

namespace ParkingGate.Devices.Serial;

/// <summary>How to open a serial port.</summary>
/// <param name="Path">Device path, e.g. <c>/dev/ttyUSB0</c>.</param>
/// <param name="BaudRate">Line speed (9600 for most relay boards).</param>
/// <param name="Parity">Parity.</param>
/// <param name="StopBits">Stop bits.</param>
public sealed record SerialSettings(string Path, int BaudRate = 9600, Parity Parity = Parity.None, StopBits StopBits = StopBits.One);

/// <summary>
/// One owner for one serial port, shared by every device on its RS-485 bus: requests are serialised (one
/// request-and-reply at a time), every write has a timeout, replies are read from the port's stream with a
/// deadline, and a port that vanished (USB adapter pulled) is closed with a timeout and reopened on the next
/// request, so the lane is back as soon as the adapter is.
/// </summary>
public sealed class SerialLink : IAsyncDisposable
{
    private readonly SerialSettings _settings;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _bus = new(1, 1);
    private SerialPort? _port;

    /// <summary>Creates the link; the port opens on the first request.</summary>
    public SerialLink(SerialSettings settings, TimeProvider time)
    {
        _settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>The last problem with the port, for logs and the desk; null while it works.</summary>
    public string? LastError { get; private set; }

    /// <summary>
    /// Sends <paramref name="request"/> and collects the reply until <paramref name="isComplete"/> says it is whole or
    /// <paramref name="timeout"/> passes. Returns the bytes received (possibly none); never throws for the line.
    /// </summary>
    public async Task<byte[]> TransactAsync(byte[] request, Func<IReadOnlyList<byte>, bool> isComplete, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(isComplete);
        await _bus.WaitAsync(cancellationToken);
        try
        {
            var port = await EnsureOpenAsync();
            if (port is null)
            {
                return [];
            }

            var reply = new List<byte>();
            try
            {
                port.DiscardInBuffer();
                await port.BaseStream.WriteAsync(request, cancellationToken).AsTask().WaitAsync(TimeSpan.FromMilliseconds(port.WriteTimeout), _time, cancellationToken);
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(timeout);
                var buffer = new byte[256];
                while (!isComplete(reply))
                {
                    var n = await port.BaseStream.ReadAsync(buffer, deadline.Token);
                    if (n == 0)
                    {
                        break;
                    }

                    reply.AddRange(buffer.AsSpan(0, n));
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // no (complete) reply in time
            }
            catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException or UnauthorizedAccessException)
            {
                LastError = $"{_settings.Path}: {e.Message}";
                await CloseAsync();
            }

            return [.. reply];
        }
        finally
        {
            _bus.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _bus.Dispose();
    }

    private async Task<SerialPort?> EnsureOpenAsync()
    {
        if (_port is { IsOpen: true })
        {
            return _port;
        }

        await CloseAsync();
        try
        {
            var port = new SerialPort(_settings.Path, _settings.BaudRate, _settings.Parity, 8, _settings.StopBits) { WriteTimeout = 1000, ReadTimeout = 1000 };
            port.Open();
            _port = port;
            LastError = null;
            return port;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            LastError = $"{_settings.Path}: {e.Message}";
            return null;
        }
    }

    /// <summary>Closes the port; a close that hangs (as it can on Linux after the adapter vanished) is abandoned after 2 s.</summary>
    private async Task CloseAsync()
    {
        if (_port is not { } port)
        {
            return;
        }

        _port = null;
        try
        {
            await Task.Run(port.Dispose).WaitAsync(TimeSpan.FromSeconds(2), _time);
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException)
        {
            // abandoned: the next request opens a fresh port object
        }
    }
}
