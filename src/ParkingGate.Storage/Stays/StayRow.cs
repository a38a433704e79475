using ParkingGate.Domain.Plates;

namespace ParkingGate.Storage.Stays;

/// <summary>A <c>stays</c> row as Dapper fills it; <see cref="ToRecord"/> parses its texts once.</summary>
internal sealed class StayRow
{
    /// <summary>The select list that fills a row.</summary>
    public const string Columns = """
        id AS Id, plate AS Plate, vehicle_class AS Class, entry_lane AS EntryLane, entry_utc AS EntryUtc, entry_read AS EntryRead,
        entry_fuzzy AS EntryFuzzy, exit_lane AS ExitLane, exit_utc AS ExitUtc, exit_read AS ExitRead, status AS Status,
        closed_how AS ClosedHow, fee_fen AS FeeFen, due_fen AS DueFen, tariff_id AS TariffId, tariff_hash AS TariffHash,
        quote_json AS QuoteJson, payment_request AS PaymentRequest, ledger_seq AS LedgerSeq, recorded_by AS RecordedBy,
        updated_utc AS UpdatedUtc, owed_fen AS OwedFen, arrears_seq AS ArrearsSeq, merged_into AS MergedInto,
        entry_stated_by AS EntryStatedBy, free_reason AS FreeReason, voided_utc AS VoidedUtc, void_reason AS VoidReason,
        invitation_id AS InvitationId, invited_minutes AS InvitedMinutes
        """;

    public long Id { get; init; }
    public string Plate { get; init; } = "";
    public string Class { get; init; } = "";
    public string? EntryLane { get; init; }
    public string? EntryUtc { get; init; }
    public string? EntryRead { get; init; }
    public bool EntryFuzzy { get; init; }
    public string? ExitLane { get; init; }
    public string? ExitUtc { get; init; }
    public string? ExitRead { get; init; }
    public string Status { get; init; } = "";
    public string? ClosedHow { get; init; }
    public long? FeeFen { get; init; }
    public long? DueFen { get; init; }
    public string? TariffId { get; init; }
    public string? TariffHash { get; init; }
    public string? QuoteJson { get; init; }
    public string? PaymentRequest { get; init; }
    public long? LedgerSeq { get; init; }
    public string RecordedBy { get; init; } = "";
    public string UpdatedUtc { get; init; } = "";
    public long? OwedFen { get; init; }
    public long? ArrearsSeq { get; init; }
    public long? MergedInto { get; init; }
    public string? EntryStatedBy { get; init; }
    public string? FreeReason { get; init; }
    public string? VoidedUtc { get; init; }
    public string? VoidReason { get; init; }
    public long? InvitationId { get; init; }
    public long InvitedMinutes { get; init; }

    public Stay ToRecord() => new(
        Id, Plate, VehicleClasses.TryParse(Class, out var c) ? c.Value : VehicleClass.Small,
        EntryLane, Instants.FromNullableText(EntryUtc), EntryRead, EntryFuzzy, ExitLane, Instants.FromNullableText(ExitUtc), ExitRead,
        StoredNames.StayStatus.Parse(Status), ClosedHow is null ? null : StoredNames.StayClosing.Parse(ClosedHow), FeeFen, DueFen, TariffId, TariffHash, QuoteJson, PaymentRequest, LedgerSeq, RecordedBy, Instants.FromText(UpdatedUtc))
    {
        OwedFen = OwedFen, ArrearsSeq = ArrearsSeq, MergedInto = MergedInto, EntryStatedBy = EntryStatedBy,
        VoidedUtc = Instants.FromNullableText(VoidedUtc), VoidReason = VoidReason,
        InvitationId = InvitationId, InvitedMinutes = InvitedMinutes,
    };
}
