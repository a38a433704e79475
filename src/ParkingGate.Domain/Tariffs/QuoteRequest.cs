using ParkingGate.Domain.Plates;

namespace ParkingGate.Domain.Tariffs;

/// <summary>A payment already made for the stay.</summary>
/// <param name="AmountFen">What was paid.</param>
/// <param name="PaidAt">When.</param>
public sealed record Payment(long AmountFen, DateTimeOffset PaidAt);

/// <summary>Time a pass covers: [<paramref name="From"/>, <paramref name="Until"/>), grace days included.</summary>
/// <param name="From">Start of the pass.</param>
/// <param name="Until">End of the pass plus its grace days.</param>
public sealed record Coverage(DateTimeOffset From, DateTimeOffset Until);

/// <summary>The fee of one of the plate's earlier stays, for a daily cap across stays.</summary>
/// <param name="Entry">When that stay entered.</param>
/// <param name="FeeFen">What it was charged.</param>
public sealed record EarlierFee(DateTimeOffset Entry, long FeeFen);

/// <summary>The visitor invitation (访客预约) a stay entered under, and the free time it has left.</summary>
/// <param name="Room">The inviting household, for the explanation.</param>
/// <param name="From">The window's start.</param>
/// <param name="Until">The window's end: free time ends with it.</param>
/// <param name="FreeMinutesLeft">The invitation's free minutes not used by the visitor's earlier stays.</param>
public sealed record InvitedTime(string Room, DateTimeOffset From, DateTimeOffset Until, long FreeMinutesLeft);

/// <summary>Everything a fee depends on. The calculator reads no clock and no database: the caller brings it all.</summary>
public sealed record QuoteRequest
{
    /// <summary>The vehicle class the tariff prices.</summary>
    public VehicleClass Class { get; init; } = VehicleClass.Small;

    /// <summary>Entry time; null when the exit has no entry record.</summary>
    public DateTimeOffset? Entry { get; init; }

    /// <summary>Exit time.</summary>
    public required DateTimeOffset Exit { get; init; }

    /// <summary>Payments already made for this stay.</summary>
    public IReadOnlyList<Payment> Payments { get; init; } = [];

    /// <summary>Passes of the plate that overlap the stay.</summary>
    public IReadOnlyList<Coverage> Passes { get; init; } = [];

    /// <summary>Entry times of the plate's earlier stays, for a free period granted once per day.</summary>
    public IReadOnlyList<DateTimeOffset> EarlierEntries { get; init; } = [];

    /// <summary>Fees of the plate's earlier stays (entering within a day before this one), for a daily cap across stays.</summary>
    public IReadOnlyList<EarlierFee> EarlierFees { get; init; } = [];

    /// <summary>The invitation the stay entered under; null for none.</summary>
    public InvitedTime? Invitation { get; init; }

    /// <summary>True when the entry read was matched fuzzily: the fee goes to the booth for review.</summary>
    public bool EntryWasFuzzy { get; init; }
}
