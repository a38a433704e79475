namespace ParkingGate.Domain.Plates;

/// <summary>
/// Finds the registered plate a camera read belongs to, allowing a small number of confusable substitutions
/// and refusing to guess between equally close plates.
/// </summary>
/// <remarks>
/// Plates are indexed by their confusion key (<see cref="ConfusionSets.KeyOf(string)"/>): every registered
/// plate reachable from a read by confusable substitutions alone shares its key, so a lookup is one hash
/// probe plus a count of differing characters over the few plates in that bucket, whatever the registry size.
/// The matcher is immutable and safe to share between lanes; build a new one when the registry changes.
/// </remarks>
public sealed class PlateMatcher
{
    /// <summary>The largest edit budget DESIGN.md allows.</summary>
    public const int MaxBudget = 2;

    private readonly HashSet<string> _exact;
    private readonly Dictionary<string, string[]> _byKey;

    /// <summary>Builds a matcher over <paramref name="registered"/> normalised plate texts.</summary>
    /// <param name="registered">Registered plates; duplicates are ignored.</param>
    /// <param name="budget">How many confusable substitutions a fuzzy match may use (1 or 2).</param>
    public PlateMatcher(IEnumerable<string> registered, int budget = 1)
    {
        ArgumentNullException.ThrowIfNull(registered);
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(budget, MaxBudget);
        Budget = budget;
        _exact = new HashSet<string>(registered, StringComparer.Ordinal);
        _byKey = _exact
            .GroupBy(ConfusionSets.KeyOf, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
    }

    /// <summary>How many confusable substitutions a fuzzy match may use.</summary>
    public int Budget { get; }

    /// <summary>How many distinct plates are indexed.</summary>
    public int Count => _exact.Count;

    /// <summary>Looks up a read; the text is normalised first.</summary>
    public PlateMatch Match(string read)
    {
        var text = PlateNormalizer.Normalize(read);
        if (text.Length == 0)
        {
            return new PlateMatch(text, MatchKind.None, []);
        }

        if (_exact.Contains(text))
        {
            return new PlateMatch(text, MatchKind.Exact, [new PlateCandidate(text, 0)]);
        }

        if (!_byKey.TryGetValue(ConfusionSets.KeyOf(text), out var bucket))
        {
            return new PlateMatch(text, MatchKind.None, []);
        }

        var best = int.MaxValue;
        List<PlateCandidate> closest = [];
        foreach (var plate in bucket)
        {
            var distance = Substitutions(text, plate);
            if (distance > Budget || distance > best)
            {
                continue;
            }

            if (distance < best)
            {
                best = distance;
                closest.Clear();
            }

            closest.Add(new PlateCandidate(plate, distance));
        }

        var kind = closest.Count switch
        {
            0 => MatchKind.None,
            1 => MatchKind.Fuzzy,
            _ => MatchKind.Ambiguous,
        };
        return new PlateMatch(text, kind, closest);
    }

    /// <summary>Counts differing places between two texts of equal length and equal confusion key.</summary>
    private static int Substitutions(string a, string b)
    {
        var count = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                count++;
            }
        }

        return count;
    }
}
