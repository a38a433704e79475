using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;

namespace ParkingGate.Storage.Registry;

/// <summary>Resident vehicles: the plates registered to a household, and the index of plates that park free.</summary>
public sealed partial class VehicleStore(SqliteDatabase database, TimeProvider timeProvider) : RegistryTable(database, timeProvider)
{
    private const string VehicleColumns = """
        v.id AS Id, v.plate AS Plate, v.is_standard AS IsStandard, v.vehicle_class AS Class,
        v.household_id AS HouseholdId, h.room AS Room, v.added_utc AS AddedUtc, v.added_by AS AddedBy
        """;

    /// <summary>
    /// Registers <paramref name="plate"/> to the household in <paramref name="room"/>. Refused when the room has
    /// no household, the plate is already registered, or the household is at its quota.
    /// </summary>
    public Task<Result<Vehicle>> AddVehicleAsync(RoomNumber room, Plate plate, VehicleClass vehicleClass, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(room);
        ArgumentNullException.ThrowIfNull(plate);
        RequireActor(actor);
        return InTransactionAsync(
            async (connection, transaction) =>
            {
                var household = await HouseholdStore.FindHouseholdAsync(connection, transaction, room.ToString());
                if (household is null)
                {
                    return Result<Vehicle>.Failure("unknown-room", $"room {room} has no registered household; add the household first", $"房号 {room} 没有登记住户，请先登记住户");
                }

                var now = Now();
                var problem = await CheckVehicleAllowedAsync(connection, transaction, household, plate, 1);
                return problem is not null
                    ? Result<Vehicle>.Failure(problem)
                    : Result<Vehicle>.Success(await InsertVehicleAsync(connection, transaction, household, plate, vehicleClass, now, actor));
            },
            r => r.IsSuccess,
            cancellationToken);
    }

    /// <summary>Ends the registration of <paramref name="plate"/>; the row stays, with the time and reason.</summary>
    public Task<Result<Vehicle>> RemoveVehicleAsync(Plate plate, string? reason, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plate);
        RequireActor(actor);
        return InTransactionAsync(
            async (connection, transaction) =>
            {
                var vehicle = await FindVehicleAsync(connection, transaction, plate.Text);
                if (vehicle is null)
                {
                    return Result<Vehicle>.Failure("not-registered", $"plate {plate} is not registered to any household", $"{plate} 没有登记在任何住户名下");
                }

                var now = Now();
                await connection.ExecuteAsync(
                    """
                    UPDATE vehicles SET removed_utc = @now, removed_by = @actor, removed_reason = @reason
                    WHERE id = @id AND removed_utc IS NULL;
                    """,
                    new { now, actor, reason, id = vehicle.Id },
                    transaction);
                await AuditAsync(connection, transaction, now, actor, "vehicle.remove", "vehicle", vehicle.Id, vehicle, new { removedUtc = now, reason });
                await Cameras.CameraListStore.PlateChangedAsync(connection, transaction, vehicle.Plate, now);
                return vehicle;
            },
            r => r.IsSuccess,
            cancellationToken);
    }

    /// <summary>Currently registered vehicles, of one room or of all.</summary>
    public async Task<IReadOnlyList<Vehicle>> ListVehiclesAsync(RoomNumber? room = null, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<VehicleRow>(
            $"""
            SELECT {VehicleColumns}
            FROM vehicles v JOIN households h ON h.id = v.household_id
            WHERE v.removed_utc IS NULL AND (@room IS NULL OR h.room = @room)
            ORDER BY v.plate;
            """,
            new { room = room?.ToString() });
        return rows.Select(r => r.ToRecord()).OrderBy(v => v.Room, RoomOrder.Instance).ToList();
    }

    /// <summary>The current registration of <paramref name="plate"/>, or null.</summary>
    public async Task<Vehicle?> FindVehicleAsync(string plate, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        return await FindVehicleAsync(connection, null, plate);
    }

    /// <summary>Why <paramref name="adding"/> more plates cannot go to the household, or null when they can.</summary>
    internal static async Task<Problem?> CheckVehicleAllowedAsync(SqliteConnection connection, SqliteTransaction transaction, Household household, Plate plate, int adding)
    {
        var existing = await FindVehicleAsync(connection, transaction, plate.Text);
        if (existing is not null)
        {
            return new Problem("duplicate-plate", $"plate {plate} is already registered to room {existing.Room}", $"{plate} 已登记在 {existing.Room} 名下");
        }

        var count = await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM vehicles WHERE household_id = @id AND removed_utc IS NULL;",
            new { id = household.Id },
            transaction);
        return count + adding > household.VehicleQuota
            ? new Problem("over-quota",
                $"room {household.Room} already has {count} of its {household.VehicleQuota} vehicle(s); plate {plate} would exceed the quota", $"房号 {household.Room} 已有 {count} 辆车（上限 {household.VehicleQuota} 辆），再登记 {plate} 会超出上限")
            : null;
    }

    internal static async Task<Vehicle> InsertVehicleAsync(SqliteConnection connection, SqliteTransaction transaction, Household household, Plate plate, VehicleClass vehicleClass, string now, string actor)
    {
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO vehicles (plate, is_standard, vehicle_class, household_id, added_utc, added_by)
            VALUES (@plate, @standard, @class, @household, @now, @actor)
            RETURNING id;
            """,
            new { plate = plate.Text, standard = plate.IsStandard, @class = vehicleClass.ToName(), household = household.Id, now, actor },
            transaction);
        var vehicle = new Vehicle(id, plate.Text, plate.IsStandard, vehicleClass, household.Id, household.Room, Instants.FromText(now), actor);
        await AuditAsync(connection, transaction, now, actor, "vehicle.add", "vehicle", id, null, vehicle);
        await Cameras.CameraListStore.PlateChangedAsync(connection, transaction, plate.Text, now);
        return vehicle;
    }

    private static async Task<Vehicle?> FindVehicleAsync(SqliteConnection connection, SqliteTransaction? transaction, string plate)
    {
        var row = await connection.QuerySingleOrDefaultAsync<VehicleRow>(
            $"""
            SELECT {VehicleColumns}
            FROM vehicles v JOIN households h ON h.id = v.household_id
            WHERE v.plate = @plate AND v.removed_utc IS NULL;
            """,
            new { plate },
            transaction);
        return row?.ToRecord();
    }

    private sealed class VehicleRow
    {
        public long Id { get; init; }
        public string Plate { get; init; } = "";
        public bool IsStandard { get; init; }
        public string Class { get; init; } = "";
        public long HouseholdId { get; init; }
        public string Room { get; init; } = "";
        public string AddedUtc { get; init; } = "";
        public string AddedBy { get; init; } = "";

        public Vehicle ToRecord() => new(
            Id, Plate, IsStandard,
            VehicleClasses.TryParse(Class, out var c) ? c.Value : throw new InvalidDataException($"vehicle {Id} has unknown class '{Class}'"),
            HouseholdId, Room, Instants.FromText(AddedUtc), AddedBy);
    }
}
