using System.Globalization;

namespace ParkingGate.Storage.Lanes;

/// <summary>
/// Pictures sent with camera reads, kept under the data folder by day (<c>pictures/yyyy-MM-dd/LANE-ID.jpg</c>) for a
/// number of days, so the booth can show the entry and exit pictures of a disputed fee or a fuzzy match.
/// </summary>
public sealed class PictureStore(string folder, TimeZoneInfo zone)
{
    /// <summary>The folder pictures are kept in.</summary>
    public string Folder { get; } = folder;

    /// <summary>Saves a picture; returns its path relative to <see cref="Folder"/>.</summary>
    public async Task<string> SaveAsync(DateTimeOffset at, string lane, string messageId, byte[] picture, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(picture);
        var day = TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var name = $"{Safe(lane)}-{Safe(messageId)}{Extension(picture)}";
        var relative = Path.Combine(day, name);
        Directory.CreateDirectory(Path.Combine(Folder, day));
        await File.WriteAllBytesAsync(Path.Combine(Folder, relative), picture, cancellationToken);
        return relative;
    }

    /// <summary>Deletes the days older than <paramref name="keepDays"/> before <paramref name="now"/>; returns how many days went.</summary>
    public int Prune(DateTimeOffset now, int keepDays)
    {
        if (!Directory.Exists(Folder))
        {
            return 0;
        }

        var oldest = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime).AddDays(-keepDays);
        var removed = 0;
        foreach (var directory in Directory.EnumerateDirectories(Folder))
        {
            if (DateOnly.TryParseExact(Path.GetFileName(directory), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) && day < oldest)
            {
                Directory.Delete(directory, recursive: true);
                removed++;
            }
        }

        return removed;
    }

    private static string Extension(byte[] picture) => picture switch
    {
        [0xFF, 0xD8, ..] => ".jpg",
        [0x89, 0x50, 0x4E, 0x47, ..] => ".png",
        _ => ".bin",
    };

    private static string Safe(string text)
    {
        var chars = text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').Take(80).ToArray();
        return chars.Length == 0 ? "_" : new string(chars).Replace("..", "_", StringComparison.Ordinal);
    }
}
