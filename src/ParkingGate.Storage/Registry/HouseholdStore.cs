using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;

namespace ParkingGate.Storage.Registry;

/// <summary>Households: who lives in which room, how to reach them and how many vehicles they may register.</summary>
public sealed partial class HouseholdStore(SqliteDatabase database, TimeProvider timeProvider) : RegistryTable(database, timeProvider)
{
    private const string HouseholdColumns = """
        h.id AS Id, h.room AS Room, h.contact_name AS ContactName, h.phone AS Phone,
        h.vehicle_quota AS VehicleQuota, h.created_utc AS CreatedUtc, h.created_by AS CreatedBy,
        (SELECT count(*) FROM vehicles v WHERE v.household_id = h.id AND v.removed_utc IS NULL) AS VehicleCount
        """;

    /// <summary>Registers a household; refused when its room already has a current household.</summary>
    public Task<Result<Household>> AddHouseholdAsync(HouseholdDraft draft, string actor, CancellationToken cancellationToken = default) =>
        AddHouseholdWithVehiclesAsync(draft, [], actor, cancellationToken);

    /// <summary>
    /// Registers a household and its first vehicles in one transaction, as the desk's form does: either all of
    /// them are written or, when any is refused (the room is taken, a plate is registered elsewhere, the quota is
    /// exceeded), none.
    /// </summary>
    public Task<Result<Household>> AddHouseholdWithVehiclesAsync(HouseholdDraft draft, IReadOnlyList<(Plate Plate, VehicleClass Class)> vehicles, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(vehicles);
        RequireActor(actor);
        var repeated = vehicles.GroupBy(v => v.Plate.Text, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            return Task.FromResult(Result<Household>.Failure("duplicate-plate", $"plate {repeated.Key} is listed twice", $"车牌 {repeated.Key} 填了两次"));
        }

        return InTransactionAsync(
            async (connection, transaction) =>
            {
                var now = Now();
                var problem = await CheckRoomFreeAsync(connection, transaction, draft.Room.ToString());
                if (problem is not null)
                {
                    return Result<Household>.Failure(problem);
                }

                var household = await InsertHouseholdAsync(connection, transaction, draft, now, actor);
                await AuditAsync(connection, transaction, now, actor, "household.add", "household", household.Id, null, household);
                for (var i = 0; i < vehicles.Count; i++)
                {
                    var refused = await VehicleStore.CheckVehicleAllowedAsync(connection, transaction, household, vehicles[i].Plate, 1);
                    if (refused is not null)
                    {
                        return Result<Household>.Failure(refused);
                    }

                    await VehicleStore.InsertVehicleAsync(connection, transaction, household, vehicles[i].Plate, vehicles[i].Class, now, actor);
                }

                return household with { VehicleCount = vehicles.Count };
            },
            r => r.IsSuccess,
            cancellationToken);
    }

    /// <summary>
    /// Changes a household's contact name, phone and quota (the room stays); a quota below its current vehicles is
    /// refused. The audit log keeps the values before and after.
    /// </summary>
    public Task<Result<Household>> UpdateHouseholdAsync(HouseholdDraft draft, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        RequireActor(actor);
        return InTransactionAsync(
            async (connection, transaction) =>
            {
                var before = await FindHouseholdAsync(connection, transaction, draft.Room.ToString());
                if (before is null)
                {
                    return Result<Household>.Failure("unknown-room", $"room {draft.Room} has no registered household", $"房号 {draft.Room} 没有登记住户");
                }

                if (draft.VehicleQuota < before.VehicleCount)
                {
                    return Result<Household>.Failure("over-quota", $"room {draft.Room} has {before.VehicleCount} vehicles; remove some before lowering the quota to {draft.VehicleQuota}", $"房号 {draft.Room} 已有 {before.VehicleCount} 辆车，请先移除车辆再把车辆数降到 {draft.VehicleQuota}");
                }

                await connection.ExecuteAsync(
                    "UPDATE households SET contact_name = @name, phone = @phone, vehicle_quota = @quota WHERE id = @id;",
                    new { name = draft.ContactName, phone = draft.Phone, quota = draft.VehicleQuota, id = before.Id },
                    transaction);
                var after = before with { ContactName = draft.ContactName, Phone = draft.Phone, VehicleQuota = draft.VehicleQuota };
                await AuditAsync(connection, transaction, Now(), actor, "household.update", "household", before.Id, before, after);
                return after;
            },
            r => r.IsSuccess,
            cancellationToken);
    }

    /// <summary>
    /// Sets how many spaces the household in <paramref name="room"/> has (0–10; the rule on more cars than spaces,
    /// <c>gate.extraCars</c>, counts its cars inside against them); returns the number it had before.
    /// </summary>
    public Task<Result<int>> SetSpacesAsync(RoomNumber room, int spaces, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        RequireActor(actor);
        if (spaces is < 0 or > 10)
        {
            return Task.FromResult(Result<int>.Failure("invalid-spaces", $"a household has 0–10 spaces, not {spaces}", $"每户车位数为 0–10，不能是 {spaces}"));
        }

        return InTransactionAsync(
            async (connection, transaction) =>
            {
                var household = await FindHouseholdAsync(connection, transaction, room.ToString());
                if (household is null)
                {
                    return Result<int>.Failure("unknown-room", $"room {room} has no registered household", $"房号 {room} 没有登记住户");
                }

                var before = await connection.ExecuteScalarAsync<int>("SELECT spaces FROM households WHERE id = @id;", new { id = household.Id }, transaction);
                await connection.ExecuteAsync("UPDATE households SET spaces = @spaces WHERE id = @id;", new { spaces, id = household.Id }, transaction);
                await AuditAsync(connection, transaction, Now(), actor, "household.spaces", "household", household.Id, new { spaces = before }, new { spaces });
                return Result<int>.Success(before);
            },
            r => r.IsSuccess,
            cancellationToken);
    }

    /// <summary>How many parking spaces household <paramref name="householdId"/> has.</summary>
    public async Task<int> SpacesAsync(long householdId, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>("SELECT spaces FROM households WHERE id = @householdId;", new { householdId });
    }

    /// <summary>The household currently living in <paramref name="room"/>, or null.</summary>
    public async Task<Household?> FindHouseholdAsync(RoomNumber room, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        return await FindHouseholdAsync(connection, null, room.ToString());
    }

    /// <summary>
    /// Current households, ordered by room; <paramref name="search"/> narrows them to a room, name, phone
    /// or plate containing that text.
    /// </summary>
    public async Task<IReadOnlyList<Household>> ListHouseholdsAsync(string? search = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<HouseholdRow>(
            $"""
            SELECT {HouseholdColumns}
            FROM households h
            WHERE h.ended_utc IS NULL
              AND (@search IS NULL
                   OR instr(h.room, @search) > 0 OR instr(h.contact_name, @search) > 0 OR instr(h.phone, @search) > 0
                   OR EXISTS (SELECT 1 FROM vehicles v WHERE v.household_id = h.id AND v.removed_utc IS NULL AND instr(v.plate, @search) > 0))
            """,
            new { search = string.IsNullOrWhiteSpace(search) ? null : search.Trim() });
        return rows.Select(r => r.ToRecord()).OrderBy(h => h.Room, RoomOrder.Instance).ToList();
    }

    internal static async Task<Problem?> CheckRoomFreeAsync(SqliteConnection connection, SqliteTransaction transaction, string room)
    {
        var existing = await FindHouseholdAsync(connection, transaction, room);
        return existing is null
            ? null
            : new Problem("room-taken", $"room {room} is already registered to {existing.ContactName} (household {existing.Id})", $"房号 {room} 已登记给 {existing.ContactName}（住户编号 {existing.Id}）");
    }

    internal static async Task<Household> InsertHouseholdAsync(SqliteConnection connection, SqliteTransaction transaction, HouseholdDraft draft, string now, string actor)
    {
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO households (room, contact_name, phone, vehicle_quota, created_utc, created_by)
            VALUES (@room, @name, @phone, @quota, @now, @actor)
            RETURNING id;
            """,
            new { room = draft.Room.ToString(), name = draft.ContactName, phone = draft.Phone, quota = draft.VehicleQuota, now, actor },
            transaction);
        return new Household(id, draft.Room.ToString(), draft.ContactName, draft.Phone, draft.VehicleQuota, 0, Instants.FromText(now), actor);
    }

    internal static async Task<Household?> FindHouseholdAsync(SqliteConnection connection, SqliteTransaction? transaction, string room)
    {
        var row = await connection.QuerySingleOrDefaultAsync<HouseholdRow>(
            $"SELECT {HouseholdColumns} FROM households h WHERE h.room = @room AND h.ended_utc IS NULL;",
            new { room },
            transaction);
        return row?.ToRecord();
    }

    private sealed class HouseholdRow
    {
        public long Id { get; init; }
        public string Room { get; init; } = "";
        public string ContactName { get; init; } = "";
        public string Phone { get; init; } = "";
        public int VehicleQuota { get; init; }
        public int VehicleCount { get; init; }
        public string CreatedUtc { get; init; } = "";
        public string CreatedBy { get; init; } = "";

        public Household ToRecord() =>
            new(Id, Room, ContactName, Phone, VehicleQuota, VehicleCount, Instants.FromText(CreatedUtc), CreatedBy);
    }
}
