using Dapper;

namespace ParkingGate.Storage.Registry;

/// <summary>A plate that parks free, and why: a resident vehicle of a room, or a pass.</summary>
/// <param name="Plate">The normalised plate.</param>
/// <param name="Room">The household's room for a resident vehicle or a pass sold to a household; else null.</param>
/// <param name="PassUntilUtc">For a pass holder, when the pass (with grace) ends; null for a resident vehicle.</param>
public sealed record RegisteredPlate(string Plate, string? Room, DateTimeOffset? PassUntilUtc)
{
    /// <summary>When the pass ends before its grace days (null for a resident vehicle).</summary>
    public DateTimeOffset? PassEndsUtc { get; init; }
}

public sealed partial class VehicleStore
{
    /// <summary>
    /// Every plate that parks free at <paramref name="at"/>: current resident vehicles and plates with a pass
    /// covering that instant. A plate that is both appears once, as a resident vehicle.
    /// </summary>
    public async Task<IReadOnlyList<RegisteredPlate>> RegisteredPlatesAsync(DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        var vehicles = await connection.QueryAsync<(string Plate, string Room)>(
            """
            SELECT v.plate, h.room FROM vehicles v JOIN households h ON h.id = v.household_id
            WHERE v.removed_utc IS NULL;
            """);
        var passes = await connection.QueryAsync<(string Plate, string? Room, string EndsUtc, int GraceDays)>(
            """
            SELECT p.plate, h.room, p.ends_utc, p.grace_days FROM passes p LEFT JOIN households h ON h.id = p.household_id
            WHERE p.cancelled_utc IS NULL AND p.starts_utc <= @at;
            """,
            new { at = Instants.ToText(at) });
        var result = vehicles.ToDictionary(v => v.Plate, v => new RegisteredPlate(v.Plate, v.Room, null), StringComparer.Ordinal);
        foreach (var pass in passes)
        {
            var until = Instants.FromText(pass.EndsUtc).AddDays(pass.GraceDays);
            if (at < until && (!result.TryGetValue(pass.Plate, out var known) || known.PassUntilUtc < until))
            {
                result[pass.Plate] = new RegisteredPlate(pass.Plate, pass.Room, until) { PassEndsUtc = Instants.FromText(pass.EndsUtc) };
            }
        }

        return result.Values.OrderBy(p => p.Plate, StringComparer.Ordinal).ToList();
    }
}
