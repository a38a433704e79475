using ParkingGate.Domain;

namespace ParkingGate.Storage.Registry;

/// <summary>What an import did, or every line that stopped it.</summary>
/// <param name="Households">Households written (0 when refused).</param>
/// <param name="Vehicles">Vehicles written (0 when refused).</param>
/// <param name="Errors">One message per bad line, each starting with its line number; empty on success.</param>
public sealed record ImportOutcome(int Households, int Vehicles, IReadOnlyList<string> Errors)
{
    /// <summary>True when the whole file was written.</summary>
    public bool Succeeded => Errors.Count == 0;
}

public sealed partial class HouseholdStore
{
    /// <summary>
    /// Registers every household and plate of an import file, or none of them: all rows are checked against
    /// the registry and against each other inside one transaction, which is committed only if no row failed.
    /// </summary>
    public Task<ImportOutcome> ImportHouseholdsAsync(IReadOnlyList<HouseholdImportRow> rows, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        RequireActor(actor);
        return InTransactionAsync(
            async (connection, transaction) =>
            {
                var now = Now();
                List<string> errors = [];
                int households = 0, vehicles = 0;
                foreach (var row in rows)
                {
                    var problem = await CheckRoomFreeAsync(connection, transaction, row.Household.Room.ToString());
                    if (problem is not null)
                    {
                        errors.Add($"line {row.Line}: {problem.Message}");
                        continue;
                    }

                    var household = await InsertHouseholdAsync(connection, transaction, row.Household, now, actor);
                    await AuditAsync(connection, transaction, now, actor, "household.import", "household", household.Id, null, household);
                    households++;
                    foreach (var (plate, vehicleClass) in row.Plates)
                    {
                        problem = await VehicleStore.CheckVehicleAllowedAsync(connection, transaction, household, plate, 1);
                        if (problem is not null)
                        {
                            errors.Add($"line {row.Line}: {problem.Message}");
                            continue;
                        }

                        await VehicleStore.InsertVehicleAsync(connection, transaction, household, plate, vehicleClass, now, actor);
                        vehicles++;
                    }
                }

                return errors.Count == 0 ? new ImportOutcome(households, vehicles, []) : new ImportOutcome(0, 0, errors);
            },
            outcome => outcome.Succeeded,
            cancellationToken);
    }
}
