namespace ParkingGate.Domain.Plates;

/// <summary>The outcome of looking a read up among the registered plates.</summary>
/// <param name="Read">The normalised text that was looked up.</param>
/// <param name="Kind">Exact, fuzzy, ambiguous or none.</param>
/// <param name="Candidates">
/// The closest registered plates, with the number of confusable substitutions each needs: one for an exact
/// or fuzzy match, two or more when ambiguous, none otherwise.
/// </param>
public sealed record PlateMatch(string Read, MatchKind Kind, IReadOnlyList<PlateCandidate> Candidates)
{
    /// <summary>The plate to act on: set only for an exact or fuzzy match, never for an ambiguous one.</summary>
    public string? Plate => Kind is MatchKind.Exact or MatchKind.Fuzzy ? Candidates[0].Plate : null;
}

/// <summary>A registered plate and how far a read is from it.</summary>
/// <param name="Plate">The registered plate text.</param>
/// <param name="Substitutions">How many confusable characters differ (0 for an exact match).</param>
public sealed record PlateCandidate(string Plate, int Substitutions);
