using ParkingGate.Domain.Plates;

namespace ParkingGate.Storage.Stays;

/// <summary>Where a stay stands.</summary>
public enum StayStatus
{
    /// <summary>The car is inside.</summary>
    Inside,

    /// <summary>The car is at the exit and owes a fee (or the fee awaits review at the booth).</summary>
    AwaitingPayment,

    /// <summary>The car left; the ledger entry in <see cref="Stay.LedgerSeq"/> says how.</summary>
    Closed,
}

/// <summary>How a closed stay ended; the ledger entry holds the money and the reason.</summary>
public enum StayClosing
{
    /// <summary>A fee was paid.</summary>
    Paid,

    /// <summary>It left free (a resident, a pass, a grace period, or a free exit granted with a reason).</summary>
    Free,

    /// <summary>A person opened the gate for it by hand.</summary>
    Manual,
}

/// <summary>One visit: entry read → exit read, and how it ended.</summary>
public sealed record Stay(
    long Id, string Plate, VehicleClass Class,
    string? EntryLane, DateTimeOffset? EntryUtc, string? EntryRead, bool EntryFuzzy,
    string? ExitLane, DateTimeOffset? ExitUtc, string? ExitRead,
    StayStatus Status, StayClosing? ClosedHow, long? FeeFen, long? DueFen, string? TariffId, string? TariffHash,
    string? QuoteJson, string? PaymentRequest, long? LedgerSeq, string RecordedBy, DateTimeOffset UpdatedUtc)
{
    /// <summary>What it owed when it left without settling (欠费); null when it settled.</summary>
    public long? OwedFen { get; init; }

    /// <summary>The ledger entry that collected <see cref="OwedFen"/>; null while it is outstanding.</summary>
    public long? ArrearsSeq { get; init; }

    /// <summary>The stay this one was found to be part of (the same car under a misread plate); it closed with no entry of its own.</summary>
    public long? MergedInto { get; init; }

    /// <summary>Who typed the entry time as the driver stated it; null for an entry the lane or a stay inside recorded.</summary>
    public string? EntryStatedBy { get; init; }

    /// <summary>When the entry was voided (the car never passed the barrier); null for a real stay.</summary>
    public DateTimeOffset? VoidedUtc { get; init; }

    /// <summary>Why the entry was voided.</summary>
    public string? VoidReason { get; init; }

    /// <summary>The visitor invitation (访客预约) the stay entered under; null for none.</summary>
    public long? InvitationId { get; init; }

    /// <summary>Minutes of the stay its invitation made free, as last priced.</summary>
    public long InvitedMinutes { get; init; }

    /// <summary>True while the plate still owes for this stay.</summary>
    public bool Owes => OwedFen > 0 && ArrearsSeq is null;
}

/// <summary>A car seen at an entry lane (or entered by hand at the booth: 补录).</summary>
/// <param name="Plate">The plate.</param>
/// <param name="Class">Its class for the tariff.</param>
/// <param name="Lane">The entry lane.</param>
/// <param name="At">When it entered.</param>
/// <param name="ReadId">The camera message that opened the stay, or null for a hand entry.</param>
/// <param name="Fuzzy">True when the entry read was a fuzzy plate match.</param>
public sealed record StayEntry(Plate Plate, VehicleClass Class, string Lane, DateTimeOffset At, string? ReadId, bool Fuzzy)
{
    /// <summary>
    /// A resident's car let in beyond its household's spaces under <c>gate.extraCars</c> "visitor": the stay is
    /// charged as a visitor's even though the plate is a resident's.
    /// </summary>
    public bool ChargedAsVisitor { get; init; }
}
