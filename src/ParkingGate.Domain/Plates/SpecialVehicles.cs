namespace ParkingGate.Domain.Plates;

/// <summary>
/// One kind of vehicle that passes free at entry and exit as a recorded special passage: police, armed police,
/// emergency rescue, or any the estate lists (an ambulance station's plates, the water company's van).
/// </summary>
/// <param name="Name">Its name on the board, the booth and the reports (Chinese).</param>
/// <param name="NameEn">Its name in English.</param>
/// <param name="Prefix">Plates starting with this are of the kind (e.g. <c>WJ</c>), or null.</param>
/// <param name="Suffix">Plates ending with this are of the kind (e.g. <c>警</c>, <c>应急</c>), or null.</param>
/// <param name="Plates">These plates exactly (normalised) are of the kind.</param>
public sealed record SpecialKind(string Name, string NameEn, string? Prefix, string? Suffix, IReadOnlyList<string> Plates)
{
    /// <summary>Whether normalised <paramref name="plate"/> is of this kind.</summary>
    public bool Matches(string plate)
    {
        ArgumentNullException.ThrowIfNull(plate);
        return (Prefix is { Length: > 0 } p && plate.Length > p.Length && plate.StartsWith(p, StringComparison.Ordinal))
            || (Suffix is { Length: > 0 } s && plate.Length > s.Length && plate.EndsWith(s, StringComparison.Ordinal))
            || Plates.Contains(plate, StringComparer.Ordinal);
    }
}

/// <summary>The kinds of special vehicle an estate lets through free (<c>gate.specialVehicles</c> in the config).</summary>
public sealed class SpecialVehicles(IReadOnlyList<SpecialKind> kinds)
{
    /// <summary>
    /// When the config lists none: police (…警), armed police (WJ…) and emergency rescue (…应急, which national fire and
    /// rescue vehicles carry and which park free by the State Council's notice of December 2018).
    /// </summary>
    public static SpecialVehicles Default { get; } = new([
        new("警车", "police", null, "警", []),
        new("武警", "armed police", "WJ", null, []),
        new("应急救援", "emergency rescue", null, "应急", []),
    ]);

    /// <summary>The kinds, in the config's order (the first that matches names a plate).</summary>
    public IReadOnlyList<SpecialKind> Kinds { get; } = kinds ?? throw new ArgumentNullException(nameof(kinds));

    /// <summary>The kind normalised <paramref name="plate"/> is of, or null.</summary>
    public SpecialKind? Match(string plate) => plate.Length == 0 ? null : Kinds.FirstOrDefault(k => k.Matches(plate));
}
