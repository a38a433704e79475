using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ParkingGate.Gate;
using ParkingGate.Host.Configuration;
using ParkingGate.Storage;
using ParkingGate.Storage.Cameras;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Lanes;

namespace ParkingGate.Host.Service.Health;

/// <summary>
/// Unattended running: every minute the scheduled backup is made when due, and what nobody at the gate would notice
/// is checked — a camera silent in an hour its lane is usually busy, a camera's list failing, a disk nearly full, a
/// backup overdue or failing, the broker's certificate about to expire, a lane held open too long. The alerts are on
/// every desk page, in the log (raised and cleared), and retained on <c>parkinggate/{estate}/alerts</c>.
/// </summary>
public sealed partial class HealthMonitor : IHostedService, IAsyncDisposable
{
    /// <summary>How often the checks run.</summary>
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    /// <summary>How many past days make a lane's usual traffic by hour.</summary>
    public const int UsualDays = 14;

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly LoadedConfig _config;
    private readonly SqliteDatabase _database;
    private readonly Func<GateRuntime?> _gate;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly TimeZoneInfo _zone;
    private readonly SemaphoreSlim _checking = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private Dictionary<string, Alert> _current = new(StringComparer.Ordinal);
    private (DateTime Hour, Dictionary<string, double> Usual)? _usual;
    private string? _published;
    private ITimer? _timer;
    private int _stopped;

    /// <summary>Creates the monitor; <paramref name="gate"/> gives the running gate, or null while it starts.</summary>
    public HealthMonitor(LoadedConfig config, SqliteDatabase database, Func<GateRuntime?> gate, TimeProvider time, ILogger log)
    {
        _config = config ?? throw new ArgumentNullException(nameof(config));
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _gate = gate;
        _time = time;
        _log = log;
        _zone = TimeZones.Find(config.Options.Estate.TimeZone)!;
        var health = config.Options.Health;
        // A relative folder is beside the database (an absolute one is what an installer gives: a second disk, a USB stick).
        var folder = Path.IsPathRooted(health.BackupFolder) ? health.BackupFolder
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database.Path)) ?? ".", health.BackupFolder);
        Backups = new BackupSchedule(database, config.Options.Estate.Id, folder, TimeSpan.FromHours(health.BackupEveryHours), health.BackupKeep, time);
    }

    /// <summary>The scheduled backups.</summary>
    public BackupSchedule Backups { get; }

    /// <summary>The alerts now, oldest first.</summary>
    public IReadOnlyList<Alert> Current => [.. _current.Values.OrderBy(a => a.SinceUtc).ThenBy(a => a.Key, StringComparer.Ordinal)];

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = _time.CreateTimer(_ => _ = CheckSafelyAsync(), null, TimeSpan.FromSeconds(5), Every);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return; // stopped by the host, then disposed (once for each way the service is registered)
        }

        await _stop.CancelAsync();
        if (_timer is not null)
        {
            await _timer.DisposeAsync();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    private async Task CheckSafelyAsync()
    {
        try
        {
            await CheckAsync(_stop.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException and not ObjectDisposedException)
        {
            LogCheckFailed(_log, e);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // stopping
        }
    }

    /// <summary>One round: the backup when due, then every check; what changed is logged and published.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken = default)
    {
        if (!await _checking.WaitAsync(0, cancellationToken))
        {
            return;
        }

        try
        {
            var made = await Backups.RunIfDueAsync(cancellationToken);
            if (made is not null)
            {
                LogBackup(_log, made);
            }

            var found = new List<(string Key, string Zh, string En)>();
            CheckBackups(found);
            CheckDisks(found);
            CheckCertificate(found);
            await CheckCamerasAsync(found, cancellationToken);
            await CheckListsAsync(found, cancellationToken);
            await CheckHoldsAsync(found, cancellationToken);
            await ReplaceAsync(found, cancellationToken);
        }
        finally
        {
            _checking.Release();
        }
    }

    /// <summary>Takes the alerts found this round: new ones are logged raised, gone ones cleared; the set is published when it changed.</summary>
    private async Task ReplaceAsync(List<(string Key, string Zh, string En)> found, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var next = new Dictionary<string, Alert>(StringComparer.Ordinal);
        foreach (var (key, zh, en) in found)
        {
            next[key] = new Alert(key, zh, en, _current.TryGetValue(key, out var before) ? before.SinceUtc : now);
            if (before is null)
            {
                LogRaised(_log, key, en);
            }
        }

        foreach (var gone in _current.Keys.Where(k => !next.ContainsKey(k)))
        {
            LogCleared(_log, gone);
        }

        _current = next;
        var json = JsonSerializer.Serialize(new { estate = _config.Options.Estate.Id, alerts = Current.Select(a => new { a.Key, a.Zh, a.En, since = a.SinceUtc }) }, Json);
        if (json != _published && _gate() is { } gate)
        {
            try
            {
                await gate.PublishAlertsAsync(json, cancellationToken);
                _published = json;
            }
            catch (Exception e) when (e is InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
            {
                // the broker is not reachable now: published at the next check
            }
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "alert {Key}: {Text}")]
    private static partial void LogRaised(ILogger logger, string key, string text);

    [LoggerMessage(EventId = 301, Level = LogLevel.Information, Message = "alert {Key} cleared")]
    private static partial void LogCleared(ILogger logger, string key);

    [LoggerMessage(EventId = 302, Level = LogLevel.Information, Message = "database backed up to {Path}")]
    private static partial void LogBackup(ILogger logger, string path);

    [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "the health checks failed this round")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
