using Microsoft.AspNetCore.Http;
using ParkingGate.Storage.Conduct;

namespace ParkingGate.Desk.Pages.Conduct;

/// <summary>Photos as a phone or the office uploads them, read into what the conduct register keeps.</summary>
internal static class Uploads
{
    /// <summary>Each uploaded file's bytes, in order (the register checks that each is an image of a sane size).</summary>
    public static async Task<List<ConductPhoto>> PhotosAsync(IEnumerable<IFormFile> files, CancellationToken cancellationToken)
    {
        var photos = new List<ConductPhoto>();
        foreach (var file in files)
        {
            using var stream = new MemoryStream();
            await file.CopyToAsync(stream, cancellationToken);
            photos.Add(new ConductPhoto(stream.ToArray()));
        }

        return photos;
    }
}
