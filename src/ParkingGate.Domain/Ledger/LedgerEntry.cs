namespace ParkingGate.Domain.Ledger;

/// <summary>
/// One entry of the append-only revenue ledger, exactly as stored and exported. Empty text fields are null.
/// </summary>
/// <param name="Seq">Sequence number, 1, 2, 3 … without gaps.</param>
/// <param name="AtUtc">When it was written (UTC, millisecond precision, never earlier than the entry before).</param>
/// <param name="Kind">What it records.</param>
/// <param name="Plate">The plate concerned, if any.</param>
/// <param name="StayId">The stay concerned, if any.</param>
/// <param name="AmountFen">Signed amount in fen: money in positive, money out negative; 0 for events.</param>
/// <param name="Channel">cash, wechat, alipay or other, for money entries.</param>
/// <param name="ChannelRef">The channel's transaction reference (unique per channel).</param>
/// <param name="ReceiptNo">Receipt number (1, 2, 3 … without gaps) for entries that take or return a customer's money.</param>
/// <param name="Operator">Who wrote it.</param>
/// <param name="TariffId">Tariff that priced a fee.</param>
/// <param name="TariffHash">SHA-256 of that tariff file.</param>
/// <param name="ReversesSeq">The entry a reversal or refund points at.</param>
/// <param name="Reason">Why: for free exits, manual openings, reversals, refunds, variances.</param>
/// <param name="Detail">Structured detail: a shift's float and counts, a digest line.</param>
/// <param name="PrevHash">Hash of the entry before (the genesis value for the first).</param>
/// <param name="Hash">SHA-256 over the canonical form of this entry, lower-case hex.</param>
public sealed record LedgerEntry(
    long Seq, DateTimeOffset AtUtc, LedgerKind Kind, string? Plate, long? StayId, long AmountFen,
    string? Channel, string? ChannelRef, long? ReceiptNo, string Operator, string? TariffId, string? TariffHash,
    long? ReversesSeq, string? Reason, string? Detail, string PrevHash, string Hash);
