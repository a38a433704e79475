using ParkingGate.Domain.Plates;

namespace ParkingGate.Storage.Registry;

/// <summary>A registered household with how many vehicles it has now.</summary>
public sealed record Household(
    long Id, string Room, string ContactName, string Phone, int VehicleQuota, int VehicleCount,
    DateTimeOffset CreatedUtc, string CreatedBy);

/// <summary>A resident vehicle currently registered to a household.</summary>
public sealed record Vehicle(
    long Id, string Plate, bool IsStandard, VehicleClass Class, long HouseholdId, string Room,
    DateTimeOffset AddedUtc, string AddedBy);

/// <summary>A plate refused at entry, with why and who said so.</summary>
public sealed record BlocklistEntry(long Id, string Plate, string Reason, DateTimeOffset AddedUtc, string AddedBy)
{
    /// <summary>When the block ends (a block the committee decided for so many days); null for one until lifted by hand.</summary>
    public DateTimeOffset? EndsUtc { get; init; }

    /// <summary>The conduct register's decision that made it; null for one added by hand.</summary>
    public long? DecisionSeq { get; init; }
}

/// <summary>A monthly pass: free parking for a plate over [StartsUtc, EndsUtc) plus grace days.</summary>
public sealed record Pass(
    long Id, string Plate, long? HouseholdId, DateTimeOffset StartsUtc, DateTimeOffset EndsUtc, int GraceDays,
    long AmountFen, DateTimeOffset SoldUtc, string SoldBy)
{
    /// <summary>The end of the pass including its grace days.</summary>
    public DateTimeOffset CoversUntilUtc => EndsUtc.AddDays(GraceDays);
}
/// <summary>A household and the plates to register with it, as one line of an import file.</summary>
/// <param name="Line">The line number in the file, for error messages.</param>
/// <param name="Household">The checked household.</param>
/// <param name="Plates">Its plates with their classes.</param>
public sealed record HouseholdImportRow(int Line, Domain.Registry.HouseholdDraft Household, IReadOnlyList<(Plate Plate, VehicleClass Class)> Plates);
