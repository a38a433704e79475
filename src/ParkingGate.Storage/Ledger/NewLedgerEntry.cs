using ParkingGate.Domain.Ledger;

namespace ParkingGate.Storage.Ledger;

/// <summary>What a caller asks to append; sequence, time, receipt number and hashes are the ledger's to assign.</summary>
public sealed record NewLedgerEntry(LedgerKind Kind, long AmountFen, string Operator)
{
    /// <summary>The plate concerned.</summary>
    public string? Plate { get; init; }

    /// <summary>The stay concerned.</summary>
    public long? StayId { get; init; }

    /// <summary>Payment channel of a money entry.</summary>
    public string? Channel { get; init; }

    /// <summary>The channel's transaction reference; unique per channel.</summary>
    public string? ChannelRef { get; init; }

    /// <summary>Tariff that priced a fee.</summary>
    public string? TariffId { get; init; }

    /// <summary>SHA-256 of that tariff file.</summary>
    public string? TariffHash { get; init; }

    /// <summary>The entry a reversal or refund points at.</summary>
    public long? ReversesSeq { get; init; }

    /// <summary>Why.</summary>
    public string? Reason { get; init; }

    /// <summary>Structured detail.</summary>
    public string? Detail { get; init; }
}
