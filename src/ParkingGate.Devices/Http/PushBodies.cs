using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ParkingGate.Devices.Http;

/// <summary>One part of a multipart push: its form name, file name, content type and bytes.</summary>
/// <param name="Name">The part's form field name.</param>
/// <param name="FileName">Its file name, for a file part.</param>
/// <param name="ContentType">Its content type, if given.</param>
/// <param name="Data">Its bytes.</param>
public sealed record PushPart(string Name, string? FileName, string? ContentType, byte[] Data)
{
    /// <summary>The part as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Data);
}

/// <summary>
/// The bodies cameras push as forms (a Vzenith heartbeat, a Hikvision event with its pictures), read with ASP.NET
/// Core's own multipart and form readers; only the part count is ours to limit.
/// </summary>
public static class PushBodies
{
    /// <summary>The most parts one push may have.</summary>
    public const int MaxParts = 16;

    /// <summary>True for <c>multipart/form-data</c> and <c>application/x-www-form-urlencoded</c>.</summary>
    public static bool IsForm(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && (type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) || type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase));

    /// <summary>The parts of a form body (a url-encoded form gives one text part per field), or an error naming what was wrong.</summary>
    public static async Task<(IReadOnlyList<PushPart>? Parts, string? Error)> ReadAsync(string? contentType, byte[] body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!MediaTypeHeaderValue.TryParse(contentType, out var type))
        {
            return (null, "no content type");
        }

        if (type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            var fields = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
            return fields.Count > MaxParts
                ? (null, $"more than {MaxParts} fields")
                : ([.. fields.Select(f => new PushPart(f.Key, null, null, Encoding.UTF8.GetBytes(f.Value.ToString())))], null);
        }

        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (!type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) || string.IsNullOrEmpty(boundary) || boundary.Length > 200)
        {
            return (null, $"{type.MediaType} is not a form (multipart/form-data with a boundary, or url-encoded)");
        }

        var parts = new List<PushPart>();
        try
        {
            var reader = new MultipartReader(boundary, new MemoryStream(body, writable: false)) { HeadersCountLimit = 16, HeadersLengthLimit = 4096 };
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (parts.Count == MaxParts)
                {
                    return (null, $"more than {MaxParts} parts");
                }

                var disposition = ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var parsed) ? parsed : null;
                using var data = new MemoryStream();
                await section.Body.CopyToAsync(data, cancellationToken);
                parts.Add(new PushPart(
                    HeaderUtilities.RemoveQuotes(disposition?.Name ?? default).Value ?? "",
                    HeaderUtilities.RemoveQuotes(disposition?.FileName ?? default).Value,
                    section.ContentType, data.ToArray()));
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException)
        {
            return (null, $"a broken multipart body ({e.Message})");
        }

        return parts.Count == 0 ? (null, "a multipart body without parts") : (parts, null);
    }
}
