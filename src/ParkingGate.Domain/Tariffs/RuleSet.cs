namespace ParkingGate.Domain.Tariffs;

/// <summary>What a free period does when the stay is longer than it.</summary>
public enum FreePeriodMode
{
    /// <summary>超过不免: exceeded, the whole stay is charged from entry (default).</summary>
    Forfeit,

    /// <summary>固定减免: the free minutes are always deducted; charging starts after them.</summary>
    Deduct,
}

/// <summary>How a band boundary inside a stay is priced.</summary>
public enum BandSplit
{
    /// <summary>The stay is cut at the boundary and each part priced by its band (default).</summary>
    Boundary,

    /// <summary>Units are laid from the start and each is priced by the band it starts in.</summary>
    UnitStart,
}

/// <summary>The window a cap applies to.</summary>
public enum CapPeriod
{
    /// <summary>Each 24 hours from the start of the stay (default).</summary>
    Rolling24Hours,

    /// <summary>Each calendar day in the tariff's time zone.</summary>
    CalendarDay,
}

/// <summary>Free minutes at the start of a stay.</summary>
/// <param name="Minutes">Length, inclusive: a stay of exactly this many minutes is free.</param>
/// <param name="Mode">Forfeit (default) or deduct.</param>
/// <param name="OncePerDay">Granted only to a plate's first stay entering on a calendar day.</param>
public sealed record FreePeriod(int Minutes, FreePeriodMode Mode, bool OncePerDay);

/// <summary>A flat price for the first minutes of a stay, across bands.</summary>
/// <param name="Minutes">Its length.</param>
/// <param name="PriceFen">Its price, charged in full once the stay is charged at all.</param>
public sealed record FirstSegment(int Minutes, long PriceFen);

/// <summary>A cap: the most one period of the stay may cost.</summary>
/// <param name="AmountFen">The cap.</param>
/// <param name="Period">Rolling 24 hours or calendar day.</param>
public sealed record Cap(long AmountFen, CapPeriod Period);

/// <summary>
/// The rules that price a stay: free period, rounding, the bands with their ladders (one all-day band when the
/// tariff has no bands; a one-rung ladder for a per-entry fee), how band boundaries are priced, and the cap.
/// </summary>
/// <param name="FreePeriod">Free minutes at the start, or null.</param>
/// <param name="DropTailMinutes">A last partial unit this long or shorter is not charged; 0 charges every started unit.</param>
/// <param name="Bands">Bands covering the whole day exactly once.</param>
/// <param name="Split">How a stay crossing a band boundary is priced.</param>
/// <param name="Cap">The cap, or null.</param>
public sealed record RuleSet(FreePeriod? FreePeriod, int DropTailMinutes, IReadOnlyList<Band> Bands, BandSplit Split, Cap? Cap)
{
    /// <summary>
    /// A flat first segment priced once at the start of the charged time whatever the band ("the first 2 hours 3 元,
    /// then day and night bands"), or null. Like the ladders, it starts again in each cap period of a long stay.
    /// </summary>
    public FirstSegment? FirstSegment { get; init; }

    /// <summary>True for a single all-day band.</summary>
    public bool IsAllDay => Bands.Count == 1 && Bands[0].From == Bands[0].To;
}
