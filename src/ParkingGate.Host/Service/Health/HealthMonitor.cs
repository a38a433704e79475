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

    private void CheckBackups(List<(string, string, string)> found)
    {
        var health = _config.Options.Health;
        if (Backups.LastError is { } error)
        {
            found.Add(("backup-failed", $"数据库备份失败：{error}。请检查备份盘（{Backups.Folder}）是否插好、可写", $"the database backup failed: {error}; check the backup disk ({Backups.Folder}) is plugged in and writable"));
        }

        var overdue = TimeSpan.FromHours(health.BackupEveryHours * 1.5);
        if (Backups.LastBackupUtc is not { } last || _time.GetUtcNow() - last > overdue)
        {
            var since = Backups.LastBackupUtc is { } l ? TimeZoneInfo.ConvertTime(l, _zone).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) : null;
            found.Add(("backup-overdue", since is null ? $"还没有数据库备份（{Backups.Folder}）" : $"数据库备份已过期：最近一次是 {since}", since is null ? $"there is no database backup yet ({Backups.Folder})" : $"the database backup is overdue: the last is from {since}"));
        }
    }

    private void CheckDisks(List<(string, string, string)> found)
    {
        var limit = _config.Options.Health.MinFreeMegabytes * 1024L * 1024L;
        var drives = DriveInfo.GetDrives().Where(d => d.IsReady).ToList();
        var paths = new[] { Path.GetFullPath(_database.Path), Backups.Folder };
        // The mount each path is on: the drive whose root is the longest prefix of the path; one alert per drive.
        foreach (var group in paths.GroupBy(p => drives.Where(d => p.StartsWith(d.RootDirectory.FullName, StringComparison.Ordinal)).MaxBy(d => d.RootDirectory.FullName.Length)))
        {
            if (group.Key is { } drive && drive.AvailableFreeSpace < limit)
            {
                var free = drive.AvailableFreeSpace / 1024 / 1024;
                var what = string.Join("、", group.Select(p => p == paths[0] ? $"数据库 {p}" : $"备份 {p}"));
                var whatEn = string.Join(", ", group.Select(p => p == paths[0] ? $"database {p}" : $"backups {p}"));
                found.Add(($"disk:{drive.RootDirectory.FullName}", $"硬盘空间快满了：只剩 {free} MB（{what}），请清理或换更大的盘",
                    $"the disk is nearly full: {free} MB left ({whatEn}); free some space or use a larger disk"));
            }
        }
    }

    private void CheckCertificate(List<(string, string, string)> found)
    {
        var mqtt = _config.Options.Mqtt;
        if (mqtt.Tls && mqtt.BrokerCertificate is { } certificate)
        {
            var left = new DateTimeOffset(certificate.NotAfter.ToUniversalTime()) - _time.GetUtcNow();
            if (left < TimeSpan.FromDays(_config.Options.Health.CertificateDays))
            {
                var days = (int)Math.Floor(left.TotalDays);
                found.Add(("broker-certificate", days < 0 ? "消息服务器（MQTT）证书已过期，摄像机将无法连接：请更换证书" : $"消息服务器（MQTT）证书 {days} 天后过期：请及时更换",
                    days < 0 ? "the broker's certificate has expired: cameras cannot connect; replace it" : $"the broker's certificate expires in {days} days: replace it"));
            }
        }
    }

    /// <summary>A lane with no read for a while in an hour of the day it is usually busy: its camera is down, dirty or covered.</summary>
    private async Task CheckCamerasAsync(List<(string, string, string)> found, CancellationToken cancellationToken)
    {
        var health = _config.Options.Health;
        var now = _time.GetUtcNow();
        var usual = await UsualThisHourAsync(now, cancellationToken);
        var events = new LaneEventStore(_database);
        foreach (var lane in _config.Options.Lanes)
        {
            if (usual.GetValueOrDefault(lane.Id) < health.BusyHourReads)
            {
                continue;
            }

            var quiet = await events.LastLiveAsync(lane.Id, cancellationToken) is { } last ? now - last : TimeSpan.MaxValue;
            if (quiet >= TimeSpan.FromMinutes(health.SilentMinutes))
            {
                var minutes = quiet == TimeSpan.MaxValue ? health.SilentMinutes : (int)quiet.TotalMinutes;
                found.Add(($"camera-silent:{lane.Id}", $"车道 {lane.Id} 的摄像机（{lane.Camera.Id}）已 {minutes} 分钟没有识别记录，平时这个时段每小时约 {usual[lane.Id]:0} 辆：请检查摄像机、镜头和网线",
                    $"lane {lane.Id}'s camera ({lane.Camera.Id}) has read nothing for {minutes} minutes; this hour usually has about {usual[lane.Id]:0} reads: check the camera, its lens and its cable"));
            }
        }
    }

    /// <summary>Each lane's average reads in this hour of the day over the last <see cref="UsualDays"/> days (worked out once an hour).</summary>
    private async Task<Dictionary<string, double>> UsualThisHourAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var local = TimeZoneInfo.ConvertTime(now, _zone).DateTime;
        var hour = new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0, DateTimeKind.Unspecified);
        if (_usual is { } cached && cached.Hour == hour)
        {
            return cached.Usual;
        }

        var counts = new Dictionary<string, double>(StringComparer.Ordinal);
        var events = new LaneEventStore(_database);
        for (var day = 1; day <= UsualDays; day++)
        {
            var start = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(hour.AddDays(-day), _zone), TimeSpan.Zero);
            foreach (var (lane, count) in await events.CountByLaneAsync(start, start.AddHours(1), cancellationToken))
            {
                counts[lane] = counts.GetValueOrDefault(lane) + (count / (double)UsualDays);
            }
        }

        _usual = (hour, counts);
        return counts;
    }

    private async Task CheckListsAsync(List<(string, string, string)> found, CancellationToken cancellationToken)
    {
        foreach (var list in await new CameraListStore(_database, _time).StatusAsync(cancellationToken))
        {
            if (list.Failing > 0)
            {
                found.Add(($"camera-list:{list.Camera}", $"摄像机 {list.Camera} 的白名单有 {list.Failing} 条多次下发失败：断网时它可能放错车，请到“车道”页查看",
                    $"camera {list.Camera}'s list has {list.Failing} changes failing: while the gate is down it may open wrongly; see the lanes page"));
            }
            else if (list.LastCheckResult?.StartsWith("failed", StringComparison.Ordinal) == true)
            {
                found.Add(($"camera-list:{list.Camera}", $"摄像机 {list.Camera} 的白名单昨夜未能核对（摄像机没有应答）：请检查它是否在线",
                    $"camera {list.Camera}'s list could not be checked last night (no answer): check it is online"));
            }
        }
    }

    private async Task CheckHoldsAsync(List<(string, string, string)> found, CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromHours(_config.Options.Gate.HoldAlertHours);
        var holds = new LaneHoldStore(_database, new LedgerStore(_database, _time, _config.Options.Estate.Id));
        foreach (var hold in await holds.OpenAsync(cancellationToken))
        {
            var hours = (_time.GetUtcNow() - hold.StartedUtc).TotalHours;
            if (hours > limit.TotalHours)
            {
                found.Add(($"hold:{hold.Lane}", $"车道 {hold.Lane} 已常开 {hours:0.#} 小时（{hold.StartedBy}：{hold.Reason}），如不再需要请结束常开",
                    $"lane {hold.Lane} has been held open for {hours:0.#} hours ({hold.StartedBy}: {hold.Reason}); end the hold if it is no longer needed"));
            }
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
