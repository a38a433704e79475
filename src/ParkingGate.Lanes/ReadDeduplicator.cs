namespace ParkingGate.Lanes;

/// <summary>
/// Remembers recent message ids and (lane, plate) pairs so that a camera repeating itself, or a broker redelivering
/// a QoS 1 message, yields one decision. Memory is bounded: entries older than the window are dropped.
/// </summary>
public sealed class ReadDeduplicator(TimeSpan window, int capacity = 50_000)
{
    private readonly Dictionary<string, DateTimeOffset> _ids = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Lane, string Plate), DateTimeOffset> _plates = [];
    private readonly Lock _gate = new();

    /// <summary>True (and remembered) the first time a message id is seen within a day; false for a repeat.</summary>
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
        if (_ids.Count < capacity && _plates.Count < capacity)
        {
            return;
        }

        foreach (var old in _ids.Where(p => now - p.Value > TimeSpan.FromHours(1)).Select(p => p.Key).ToList())
        {
            _ids.Remove(old);
        }

        foreach (var old in _plates.Where(p => now - p.Value > window).Select(p => p.Key).ToList())
        {
            _plates.Remove(old);
        }

        // Still full: forget the oldest half rather than grow without bound under a flood.
        if (_ids.Count >= capacity)
        {
            foreach (var old in _ids.OrderBy(p => p.Value).Take(_ids.Count / 2).Select(p => p.Key).ToList())
            {
                _ids.Remove(old);
            }
        }
    }
}
