using System.Globalization;
using ParkingGate.Storage;

namespace ParkingGate.Host.Service.Health;

/// <summary>
/// The database copied to a second disk on a schedule, with SQLite's online backup (the service keeps running), each
/// copy checked as <c>db backup</c> checks it (integrity, schema version) before it counts; the newest
/// <c>keep</c> copies are kept. Copies are named <c>{estate}-{yyyyMMdd-HHmmss}.db</c> (UTC), so the folder sorts by age.
/// </summary>
public sealed class BackupSchedule(SqliteDatabase database, string estate, string folder, TimeSpan every, int keep, TimeProvider time)
{
    /// <summary>The folder backups go to, as a full path.</summary>
    public string Folder { get; } = Path.GetFullPath(folder);

    /// <summary>When the newest checked backup in the folder was made, or null when there is none.</summary>
    public DateTimeOffset? LastBackupUtc => Backups().Select(b => (DateTimeOffset?)b.At).FirstOrDefault();

    /// <summary>Why the last attempt failed, or null when it succeeded (or none was due).</summary>
    public string? LastError { get; private set; }

    /// <summary>Makes a backup when the newest one is older than the schedule's period (or there is none); returns its path, or null.</summary>
    public async Task<string?> RunIfDueAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        if (LastBackupUtc is { } last && now - last < every)
        {
            return null;
        }

        var path = Path.Combine(Folder, $"{estate}-{now.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.db");
        try
        {
            Directory.CreateDirectory(Folder);
            await database.BackupAsync(path, cancellationToken);
            LastError = null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            LastError = e.Message;
            return null;
        }

        foreach (var old in Backups().Skip(keep))
        {
            File.Delete(old.Path);
        }

        return path;
    }

    /// <summary>The backups in the folder, newest first (files of this estate's name pattern only).</summary>
    public IReadOnlyList<(string Path, DateTimeOffset At)> Backups()
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        var prefix = estate + "-";
        return [.. Directory.EnumerateFiles(Folder, $"{estate}-*.db")
            .Select(p => (Path: p, Stamp: System.IO.Path.GetFileNameWithoutExtension(p)[prefix.Length..]))
            .Where(b => DateTime.TryParseExact(b.Stamp, "yyyyMMdd-HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out _))
            .Select(b => (b.Path, At: new DateTimeOffset(DateTime.ParseExact(b.Stamp, "yyyyMMdd-HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal), TimeSpan.Zero)))
            .OrderByDescending(b => b.At)];
    }
}
