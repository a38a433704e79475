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
    string? QuoteJson, string? PaymentRequest, long? LedgerSeq, string RecordedBy, DateTimeOffset UpdatedUtc);

/// <summary>A car seen at an entry lane (or entered by hand at the booth: 补录).</summary>
/// <param name="Plate">The plate.</param>
/// <param name="Class">Its class for the tariff.</param>
/// <param name="Lane">The entry lane.</param>
/// <param name="At">When it entered.</param>
/// <param name="ReadId">The camera message that opened the stay, or null for a hand entry.</param>
/// <param name="Fuzzy">True when the entry read was a fuzzy plate match.</param>
public sealed record StayEntry(Plate Plate, VehicleClass Class, string Lane, DateTimeOffset At, string? ReadId, bool Fuzzy);
