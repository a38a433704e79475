namespace ParkingGate.Devices.Serial;

/// <summary>
/// Reads a port that talks by itself (a plate unit's serial output) for as long as the service runs: an async read
/// loop on the port's stream, the port reopened with backoff (0.25 s doubling to 2 s) whenever it fails or vanishes,
/// and the change between working and not raised once each way. Whatever arrives is handed on as it comes; the
/// handler must not throw.
/// </summary>
public sealed class SerialReader : IAsyncDisposable
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(2);
    private readonly TimeProvider _time;
    private readonly Action<ReadOnlyMemory<byte>> _received;
    private readonly CancellationTokenSource _stop = new();
    private readonly DeviceLineOpener _open;
    private Task? _loop;
    private long? _lostAt;

    /// <summary>Creates the reader; <see cref="Start"/> begins reading (through <paramref name="open"/>, a serial port by default).</summary>
    public SerialReader(SerialSettings settings, TimeProvider time, Action<ReadOnlyMemory<byte>> received, DeviceLineOpener? open = null)
    {
        _open = open ?? SerialPortLine.OpenAsync;
        Settings = settings ?? throw new ArgumentNullException(nameof(settings));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _received = received ?? throw new ArgumentNullException(nameof(received));
    }

    /// <summary>The port's settings.</summary>
    public SerialSettings Settings { get; }

    /// <summary>The last problem with the port; null while it works.</summary>
    public string? LastError { get; private set; }

    /// <summary>True while the port is open and being read.</summary>
    public bool IsOpen { get; private set; }

    /// <summary>Raised once when the port stops working (with why), and once when it works again (with how long it was out).</summary>
    public event Action<SerialReader, string?, TimeSpan?>? StateChanged;

    /// <summary>Starts the read loop.</summary>
    public void Start() => _loop ??= Task.Run(RunAsync);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null)
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(3), _time).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var retry = FirstRetry;
        var buffer = new byte[512];
        while (!_stop.IsCancellationRequested)
        {
            var (port, error) = await _open(Settings, _time);
            if (port is not null)
            {
                retry = FirstRetry;
                Restored();
                try
                {
                    while (!_stop.IsCancellationRequested)
                    {
                        var n = await port.ReadAsync(buffer, _stop.Token);
                        if (n == 0)
                        {
                            error = $"{Settings.Path}: the port closed";
                            break;
                        }

                        _received(buffer.AsMemory(0, n));
                    }
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                {
                    // stopping
                }
                catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException or ObjectDisposedException)
                {
                    error = $"{Settings.Path}: {e.Message}";
                }
                finally
                {
                    IsOpen = false;
                    await port.DisposeAsync();
                }
            }

            if (_stop.IsCancellationRequested)
            {
                return;
            }

            Lost(error);
            try
            {
                await Task.Delay(retry, _time, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
    }

    private void Restored()
    {
        IsOpen = true;
        LastError = null;
        if (_lostAt is { } lost)
        {
            _lostAt = null;
            StateChanged?.Invoke(this, null, _time.GetElapsedTime(lost));
        }
    }

    private void Lost(string? error)
    {
        LastError = error;
        if (_lostAt is null)
        {
            _lostAt = _time.GetTimestamp();
            StateChanged?.Invoke(this, error, null);
        }
    }
}
