using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ParkingGate.Gate;

/// <summary>
/// What the gate refused, by reason, and when each device was last heard. Distinct reasons and devices kept in memory
/// are capped: a flood of made-up ones folds into one line instead of growing without end.
/// </summary>
internal sealed class DeviceTally(TimeProvider time, ILogger log)
{
    private const int MaxKinds = 1000;
    private readonly ConcurrentDictionary<string, long> _rejected = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastSeen = new(StringComparer.Ordinal);

    /// <summary>Messages refused, by reason.</summary>
    public IReadOnlyDictionary<string, long> Rejected => _rejected;

    /// <summary>When each device was last heard.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> LastSeen => _lastSeen;

    /// <summary>Counts a refusal; the first of a kind and every thousandth are logged.</summary>
    public void Refuse(string reason)
    {
        var key = reason.Length > 120 ? reason[..120] : reason;
        if (!_rejected.ContainsKey(key) && _rejected.Count >= MaxKinds) // Count takes every lock: only for a new kind
        {
            key = $"other reasons (more than {MaxKinds} kinds)";
        }

        var n = _rejected.AddOrUpdate(key, 1, (_, v) => v + 1);
        if (n == 1 || n % 1000 == 0)
        {
            Log.Rejected(log, reason, n);
        }
    }

    /// <summary>Notes that <paramref name="device"/> was heard from now (at most a thousand devices are tracked).</summary>
    public void Heard(string device)
    {
        if (_lastSeen.ContainsKey(device) || _lastSeen.Count < MaxKinds) // every message passes here; Count takes every lock
        {
            _lastSeen[device] = time.GetUtcNow();
        }
    }
}
