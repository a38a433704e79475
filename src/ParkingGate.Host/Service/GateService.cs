using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ParkingGate.Gate;
using ParkingGate.Host.Configuration;
using ParkingGate.Storage;

namespace ParkingGate.Host.Service;

/// <summary>The gate as a hosted service: starts with the host, stops cleanly on SIGTERM or Ctrl+C.</summary>
public sealed class GateService(LoadedConfig config, SqliteDatabase database, TimeProvider time, ILogger<GateService> log) : IHostedService, IAsyncDisposable
{
    private GateRuntime? _runtime;

    /// <summary>The running gate, once started.</summary>
    public GateRuntime? Runtime => _runtime;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _runtime = await GateRuntime.StartAsync(config.Options.ToGateSettings() with { Conduct = config.Conduct }, config.Tariffs, database, time, log, cancellationToken);
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_runtime is not null)
        {
            await _runtime.DisposeAsync();
            _runtime = null;
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);
}
