using System.Collections.Concurrent;

namespace ParkingGate.Desk;

/// <summary>
/// One-time tokens for forms whose second submission would do the thing twice (selling a pass, opening a lane):
/// the page puts a fresh token in the form, and the post is carried out only for a token seen for the first time.
/// Tokens are kept for a day.
/// </summary>
public sealed class FormOnce(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _used = new(StringComparer.Ordinal);

    /// <summary>A fresh token for a form.</summary>
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>True the first time <paramref name="token"/> is used; false for a repeat or a missing token.</summary>
    public bool TryUse(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length != 32)
        {
            return false;
        }

        var now = time.GetUtcNow();
        if (_used.Count > 10_000)
        {
            foreach (var old in _used.Where(u => now - u.Value > TimeSpan.FromDays(1)).Select(u => u.Key).ToList())
            {
                _used.TryRemove(old, out _);
            }
        }

        return _used.TryAdd(token, now);
    }
}
