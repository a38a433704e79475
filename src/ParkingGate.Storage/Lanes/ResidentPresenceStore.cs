using Dapper;

namespace ParkingGate.Storage.Lanes;

/// <summary>Residents' cars inside now, kept as they pass (a resident's passage has no stay).</summary>
public sealed class ResidentPresenceStore(SqliteDatabase database) : IResidentPresence
{
    /// <inheritdoc />
    public async Task<HouseholdPresence> HouseholdAsync(long householdId, string exceptPlate, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var spaces = await connection.ExecuteScalarAsync<int?>("SELECT spaces FROM households WHERE id = @householdId;", new { householdId }) ?? 0;
        var inside = await connection.QueryAsync<string>(
            """
            SELECT plate FROM resident_inside WHERE household_id = @householdId AND plate <> @exceptPlate
            UNION
            SELECT s.plate FROM stays s JOIN vehicles v ON v.plate = s.plate AND v.removed_utc IS NULL
            WHERE v.household_id = @householdId AND s.plate <> @exceptPlate AND s.status IN ('inside', 'awaiting-payment')
            ORDER BY 1;
            """,
            new { householdId, exceptPlate });
        return new HouseholdPresence(spaces, [.. inside]);
    }

    /// <inheritdoc />
    public Task InsideAsync(string plate, long householdId, string lane, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync(
                """
                INSERT INTO resident_inside (plate, household_id, lane, since_utc) VALUES (@plate, @householdId, @lane, @at)
                ON CONFLICT (plate) DO UPDATE SET household_id = excluded.household_id, lane = excluded.lane, since_utc = excluded.since_utc;
                """,
                new { plate, householdId, lane, at = Instants.ToText(at) }, transaction);
            return true;
        }, _ => true, cancellationToken);

    /// <inheritdoc />
    public Task OutsideAsync(string plate, CancellationToken cancellationToken = default) =>
        database.WriteAsync(async (connection, transaction) =>
        {
            await connection.ExecuteAsync("DELETE FROM resident_inside WHERE plate = @plate;", new { plate }, transaction);
            return true;
        }, _ => true, cancellationToken);
}
