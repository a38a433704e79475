using ParkingGate.Storage.Cameras;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Ledger;

namespace ParkingGate.Host.Service.Health;

/// <summary>Each check of a round: what it finds wrong, as (key, Chinese, English).</summary>
public sealed partial class HealthMonitor
{
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
}
