using System.IO.Ports;

namespace ParkingGate.Devices.Serial;

/// <summary>How to open a serial port.</summary>
/// <param name="Path">Device path, e.g. <c>/dev/ttyUSB0</c> (a udev link such as <c>/dev/serial/by-id/…</c> is best).</param>
/// <param name="BaudRate">Line speed (9600 for most relay boards).</param>
/// <param name="Parity">Parity.</param>
/// <param name="StopBits">Stop bits.</param>
public sealed record SerialSettings(string Path, int BaudRate = 9600, Parity Parity = Parity.None, StopBits StopBits = StopBits.One)
{
    /// <summary>
    /// The silence that separates frames on the bus: 3.5 characters of 11 bits, and at least 2 ms (Modbus RTU asks for
    /// 1.75 ms above 19200 baud; cheap boards want more).
    /// </summary>
    public TimeSpan InterFrameSilence => TimeSpan.FromMilliseconds(Math.Max(2.0, 3.5 * 11 * 1000 / BaudRate));
}

/// <summary>
/// One owner for one serial port, shared by every device on its RS-485 bus: requests are serialised (one
/// request-and-reply at a time, with the inter-frame silence kept between them), every write has a timeout, replies
/// are read from the port's stream with a deadline, and a port that vanished (USB adapter pulled) is closed with a
/// timeout and reopened on the next request, so the lane is back as soon as the adapter is. The change between
/// working and not is raised once each way, so an outage is one line in the log, not one per request.
/// </summary>
public sealed class SerialLink : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _bus = new(1, 1);
    private readonly DeviceLineOpener _open;
    private IDeviceLine? _port;
    private long _lastActivity;
    private long? _lostAt;
    private TimeSpan _drain;

    /// <summary>Creates the link; the port opens on the first request (through <paramref name="open"/>, a serial port by default).</summary>
    public SerialLink(SerialSettings settings, TimeProvider time, DeviceLineOpener? open = null)
    {
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _open = open ?? SerialPortLine.OpenAsync;
    }

    /// <summary>The port's settings.</summary>
    public SerialSettings Settings { get; }

    /// <summary>The last problem with the port, for logs and the desk; null while it works.</summary>
    public string? LastError { get; private set; }

    /// <summary>How long the bus has been quiet (since the last byte sent or received).</summary>
    public TimeSpan IdleFor => _lastActivity == 0 ? TimeSpan.MaxValue : _time.GetElapsedTime(_lastActivity);

    /// <summary>How long one write may take before the port is taken as gone (a pty or a stuck adapter can block).</summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Raised once when the port stops working (with why), and once when it works again (with how long it was out).</summary>
    public event Action<SerialLink, string?, TimeSpan?>? StateChanged;

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
            var complete = false;
            try
            {
                await DrainAsync(port, cancellationToken);
                await KeepSilenceAsync(cancellationToken);
                port.DiscardInput();
                await port.WriteAsync(request, cancellationToken).AsTask().WaitAsync(WriteTimeout, _time, cancellationToken);
                _lastActivity = _time.GetTimestamp();
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(timeout);
                var buffer = new byte[256];
                while (!isComplete(reply))
                {
                    var n = await port.ReadAsync(buffer, deadline.Token);
                    if (n == 0)
                    {
                        break;
                    }

                    reply.AddRange(buffer.AsSpan(0, n));
                    _lastActivity = _time.GetTimestamp();
                }

                complete = true;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // no (complete) reply in time
            }
            catch (TimeoutException)
            {
                await FailAsync($"{Settings.Path}: a write did not finish within {WriteTimeout.TotalMilliseconds:0} ms");
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
            {
                await FailAsync($"{Settings.Path}: {e.Message}");
            }

            // A reply that did not come in time may still come: the next request first waits out one more timeout of
            // quiet, so a late answer is never taken for the answer to the next (possibly identical) request.
            _drain = complete ? TimeSpan.Zero : timeout;
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

    private async Task DrainAsync(IDeviceLine port, CancellationToken cancellationToken)
    {
        if (_drain <= TimeSpan.Zero)
        {
            return;
        }

        var quietFor = _drain;
        _drain = TimeSpan.Zero;
        var buffer = new byte[256];
        var started = _time.GetTimestamp();
        while (_time.GetElapsedTime(started) < 3 * quietFor)
        {
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            quiet.CancelAfter(quietFor);
            try
            {
                if (await port.ReadAsync(buffer, quiet.Token) == 0)
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return; // quiet for a whole timeout
            }
        }

        // a line that never falls quiet: go on; the request's reply is still checked byte for byte
    }

    private async Task KeepSilenceAsync(CancellationToken cancellationToken)
    {
        var quiet = _time.GetElapsedTime(_lastActivity);
        if (_lastActivity != 0 && quiet < Settings.InterFrameSilence)
        {
            await Task.Delay(Settings.InterFrameSilence - quiet, _time, cancellationToken);
        }
    }

    private async Task<IDeviceLine?> EnsureOpenAsync()
    {
        if (_port is { IsOpen: true })
        {
            return _port;
        }

        await CloseAsync();
        var (port, error) = await _open(Settings, _time);
        if (port is null)
        {
            await FailAsync(error);
            return null;
        }

        _port = port;
        LastError = null;
        if (_lostAt is { } lost)
        {
            _lostAt = null;
            StateChanged?.Invoke(this, null, _time.GetElapsedTime(lost));
        }

        return port;
    }

    private async Task FailAsync(string? error)
    {
        LastError = error;
        await CloseAsync();
        if (_lostAt is null)
        {
            _lostAt = _time.GetTimestamp();
            StateChanged?.Invoke(this, error, null);
        }
    }

    private async Task CloseAsync()
    {
        var port = _port;
        _port = null;
        if (port is not null)
        {
            await port.DisposeAsync();
        }
    }
}
