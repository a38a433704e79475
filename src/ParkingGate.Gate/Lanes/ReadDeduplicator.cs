namespace ParkingGate.Gate.Lanes;

/// <summary>
/// Remembers recent message ids and (lane, plate) pairs so that a camera repeating itself, or a broker redelivering
/// a QoS 1 message, yields one decision. Memory follows the traffic of the last hour, not of the gate's whole life:
/// at most once a minute, ids older than an hour and plates older than the window are dropped; under a flood, past
/// <c>capacity</c> entries, the oldest half goes.
/// </summary>
public sealed class ReadDeduplicator(TimeSpan window, int capacity = 50_000)
{
    private static readonly TimeSpan IdMemory = TimeSpan.FromHours(1);
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(1);
    private readonly Dictionary<string, DateTimeOffset> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Lane, string Plate), DateTimeOffset> _plates = [];
    private readonly Lock _gate = new();
    private DateTimeOffset _pruned = DateTimeOffset.MinValue;

    /// <summary>Message ids and plates remembered now.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _ids.Count + _plates.Count;
            }
        }
    }

    /// <summary>True (and remembered for an hour) the first time a message id is seen; false for a repeat.</summary>
    public bool FirstMessage(string id, DateTimeOffset now)
    {
        lock (_gate)
        {
            Prune(now);
            return _ids.TryAdd(id, now);
        }
    }

    /// <summary>True when the plate was not seen on the lane within the window (and remembers it).</summary>
    public bool FirstPlate(string lane, string plate, DateTimeOffset now)
    {
        lock (_gate)
        {
            Prune(now);
            if (_plates.TryGetValue((lane, plate), out var seen) && now - seen < window)
            {
                return false;
            }

            _plates[(lane, plate)] = now;
            return true;
        }
    }

    private void Prune(DateTimeOffset now)
    {
        var due = now - _pruned >= PruneEvery || now < _pruned; // a clock stepped back prunes too
        if (!due && _ids.Count < capacity && _plates.Count < capacity)
        {
            return;
        }

        _pruned = now;
        RemoveWhere(_ids, at => now - at > IdMemory || at > now + IdMemory);
        RemoveWhere(_plates, at => now - at > window || at > now + window);

        // Still full: forget the oldest half rather than grow without bound under a flood.
        KeepNewestHalfIfFull(_ids);
        KeepNewestHalfIfFull(_plates);
    }

    private static void RemoveWhere<TKey>(Dictionary<TKey, DateTimeOffset> seen, Func<DateTimeOffset, bool> old)
        where TKey : notnull
    {
        foreach (var key in seen.Where(p => old(p.Value)).Select(p => p.Key).ToList())
        {
            seen.Remove(key);
        }
    }

    private void KeepNewestHalfIfFull<TKey>(Dictionary<TKey, DateTimeOffset> seen)
        where TKey : notnull
    {
        if (seen.Count >= capacity)
        {
            foreach (var key in seen.OrderBy(p => p.Value).Take(seen.Count / 2).Select(p => p.Key).ToList())
            {
                seen.Remove(key);
            }
        }
    }
}
