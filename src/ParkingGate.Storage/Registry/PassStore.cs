using Dapper;
using ParkingGate.Domain;
using ParkingGate.Domain.Plates;
using ParkingGate.Storage.Ledger;

namespace ParkingGate.Storage.Registry;

/// <summary>Monthly passes and their sales: a pass is written with its ledger entry, or not at all.</summary>
public sealed partial class PassStore(SqliteDatabase database, TimeProvider timeProvider, LedgerStore ledger) : RegistryTable(database, timeProvider)
{
    private readonly LedgerStore _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));

    private const string PassColumns = """
        id AS Id, plate AS Plate, household_id AS HouseholdId, starts_utc AS StartsUtc, ends_utc AS EndsUtc,
        grace_days AS GraceDays, amount_fen AS AmountFen, sold_utc AS SoldUtc, sold_by AS SoldBy
        """;

    /// <summary>
    /// Records a pass for <paramref name="plate"/> over [<paramref name="startsUtc"/>, <paramref name="endsUtc"/>)
    /// without its ledger entry. Only tests use it to set up coverage: a pass that is sold goes through
    /// <see cref="SellPassAsync"/>, which writes the pass and its money together.
    /// </summary>
    internal Task<Result<Pass>> AddPassAsync(
        Plate plate, long? householdId, DateTimeOffset startsUtc, DateTimeOffset endsUtc, int graceDays, long amountFen,
        string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plate);
        RequireActor(actor);
        if (endsUtc <= startsUtc)
        {
            return Task.FromResult(Result<Pass>.Failure("invalid-period", $"a pass for {plate} must end after it starts ({startsUtc:O} .. {endsUtc:O})", $"{plate} 的月卡结束时间必须晚于开始时间（{startsUtc:O} 至 {endsUtc:O}）"));
        }

        if (graceDays < 0 || amountFen < 0)
        {
            return Task.FromResult(Result<Pass>.Failure("invalid-pass", $"grace days ({graceDays}) and amount ({amountFen} fen) cannot be negative", $"宽限天数（{graceDays}）和金额（{amountFen} 分）不能为负数"));
        }

        return InTransactionAsync(
            async (connection, transaction) =>
            {
                var now = Now();
                var id = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO passes (plate, household_id, starts_utc, ends_utc, grace_days, amount_fen, sold_utc, sold_by)
                    VALUES (@plate, @householdId, @starts, @ends, @graceDays, @amountFen, @now, @actor)
                    RETURNING id;
                    """,
                    new
                    {
                        plate = plate.Text, householdId, starts = Instants.ToText(startsUtc), ends = Instants.ToText(endsUtc),
                        graceDays, amountFen, now, actor,
                    },
                    transaction);
                var pass = new Pass(id, plate.Text, householdId, startsUtc, endsUtc, graceDays, amountFen, Instants.FromText(now), actor);
                await AuditAsync(connection, transaction, now, actor, "pass.add", "pass", id, null, pass);
                await Cameras.CameraListStore.PlateChangedAsync(connection, transaction, pass.Plate, now);
                return Result<Pass>.Success(pass);
            },
            r => r.IsSuccess,
            cancellationToken);
    }

    /// <summary>The passes of <paramref name="plate"/> that cover <paramref name="at"/>, grace days included.</summary>
    public async Task<IReadOnlyList<Pass>> PassesCoveringAsync(string plate, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<PassRow>(
            $"""
            SELECT {PassColumns} FROM passes
            WHERE plate = @plate AND cancelled_utc IS NULL AND starts_utc <= @at
            ORDER BY ends_utc;
            """,
            new { plate, at = Instants.ToText(at) });
        return rows.Select(r => r.ToRecord()).Where(p => at < p.CoversUntilUtc).ToList();
    }

    private sealed class PassRow
    {
        public long Id { get; init; }
        public string Plate { get; init; } = "";
        public long? HouseholdId { get; init; }
        public string StartsUtc { get; init; } = "";
        public string EndsUtc { get; init; } = "";
        public int GraceDays { get; init; }
        public long AmountFen { get; init; }
        public string SoldUtc { get; init; } = "";
        public string SoldBy { get; init; } = "";

        public Pass ToRecord() => new(
            Id, Plate, HouseholdId, Instants.FromText(StartsUtc), Instants.FromText(EndsUtc), GraceDays, AmountFen,
            Instants.FromText(SoldUtc), SoldBy);
    }
}
