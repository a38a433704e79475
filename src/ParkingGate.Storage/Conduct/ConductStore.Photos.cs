using System.Security.Cryptography;
using Dapper;
using Microsoft.Data.Sqlite;

namespace ParkingGate.Storage.Conduct;

public sealed partial class ConductStore
{
    /// <summary>The photo's media type from its first bytes (JPEG, PNG or WebP), or null for anything else.</summary>
    public static string? MediaType(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) ? "image/jpeg"
        : bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) ? "image/png"
        : bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8) ? "image/webp"
        : null;

    /// <summary>Keeps a photo once, named by its SHA-256; <paramref name="kept"/> collects files written now, to remove if the change is refused.</summary>
    private async Task<string> KeepPhotoAsync(SqliteConnection connection, SqliteTransaction transaction, ConductPhoto photo, List<string> kept)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(photo.Bytes));
        var media = MediaType(photo.Bytes)!;
        var known = await connection.ExecuteScalarAsync<string?>("SELECT file FROM conduct_photos WHERE sha256 = @hash;", new { hash }, transaction);
        if (known is not null)
        {
            return hash;
        }

        var name = hash + media switch { "image/png" => ".png", "image/webp" => ".webp", _ => ".jpg" };
        var path = Path.Combine(PhotoFolder, name);
        Directory.CreateDirectory(PhotoFolder);
        var temporary = path + ".part";
        await File.WriteAllBytesAsync(temporary, photo.Bytes);
        File.Move(temporary, path, overwrite: true);
        kept.Add(path);
        await connection.ExecuteAsync(
            "INSERT INTO conduct_photos (sha256, file, bytes, media_type, added_utc) VALUES (@hash, @name, @bytes, @media, @now);",
            new { hash, name, bytes = photo.Bytes.Length, media, now = Instants.ToText(_time.GetUtcNow()) }, transaction);
        return hash;
    }

    /// <summary>
    /// Keeps an uploaded photo aside while its report waits for the reporter (a near plate to confirm, a field to fix),
    /// so it need not be taken again: its SHA-256, or null when it is not an image of a sane size.
    /// </summary>
    public async Task<string?> HoldPhotoAsync(byte[] bytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length > MaxPhotoBytes || MediaType(bytes) is null)
        {
            return null;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var folder = Path.Combine(PhotoFolder, "pending");
        Directory.CreateDirectory(folder);
        await File.WriteAllBytesAsync(Path.Combine(folder, hash), bytes, cancellationToken);
        return hash;
    }

    /// <summary>A photo held aside by <see cref="HoldPhotoAsync"/>, or null (an unknown or malformed name reads nothing).</summary>
    public byte[]? HeldPhoto(string? hash)
    {
        if (hash is not { Length: 64 } || !hash.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        var path = Path.Combine(PhotoFolder, "pending", hash);
        return File.Exists(path) ? File.ReadAllBytes(path) : null;
    }

    /// <summary>The file of a kept photo (for the register's pages), or null when it is unknown or deleted after the retention days.</summary>
    public async Task<(string Path, string MediaType)?> PhotoFileAsync(string? hash, CancellationToken cancellationToken = default)
    {
        if (hash is not { Length: 64 } || !hash.All(char.IsAsciiHexDigitLower))
        {
            return null;
        }

        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(string File, string Media)?>(
            "SELECT file, media_type FROM conduct_photos WHERE sha256 = @hash AND deleted_utc IS NULL;", new { hash });
        return row is { } found && File.Exists(Path.Combine(PhotoFolder, found.File)) ? (Path.Combine(PhotoFolder, found.File), found.Media) : null;
    }

    /// <summary>
    /// Deletes the photos kept longer than <paramref name="days"/> (the rules' retention): the files go, the records and
    /// the photos' hashes stay. Photos held aside for a report that was never sent go after a day. Returns how many went.
    /// </summary>
    public async Task<int> PrunePhotosAsync(int days, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var pending = Path.Combine(PhotoFolder, "pending");
        if (Directory.Exists(pending))
        {
            foreach (var file in Directory.EnumerateFiles(pending).Where(f => File.GetLastWriteTimeUtc(f) < now.UtcDateTime.AddDays(-1)).ToList())
            {
                File.Delete(file);
            }
        }

        return await _database.WriteAsync(
            async (connection, transaction) =>
            {
                var old = (await connection.QueryAsync<(string Hash, string File)>(
                    "SELECT sha256, file FROM conduct_photos WHERE deleted_utc IS NULL AND added_utc < @cutoff;",
                    new { cutoff = Instants.ToText(now.AddDays(-days)) }, transaction)).ToList();
                foreach (var (hash, file) in old)
                {
                    File.Delete(Path.Combine(PhotoFolder, file));
                    await connection.ExecuteAsync("UPDATE conduct_photos SET deleted_utc = @now WHERE sha256 = @hash;", new { now = Instants.ToText(now), hash }, transaction);
                }

                return old.Count;
            },
            _ => true,
            cancellationToken);
    }

    private static void DeleteFiles(List<string> files)
    {
        foreach (var file in files)
        {
            File.Delete(file);
        }
    }
}
