namespace ParkingGate.Storage.Audit;

/// <summary>One entry of the audit log: who, when, what, and the record before and after.</summary>
public sealed record AuditEntry(
    long Id, DateTimeOffset AtUtc, string Actor, string Action, string Entity, long? EntityId,
    string? BeforeJson, string? AfterJson);
