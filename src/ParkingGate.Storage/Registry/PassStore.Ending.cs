using Dapper;
using ParkingGate.Domain;

namespace ParkingGate.Storage.Registry;

/// <summary>
/// A pass that ends soon (or ended and is in its grace days) and has no later pass after it: whom to call, and what a
/// renewal on the same terms costs.
/// </summary>
/// <param name="PassId">The pass.</param>
/// <param name="Plate">Its plate.</param>
/// <param name="Room">The household's room, when the pass is a household's.</param>
/// <param name="Contact">The household's contact.</param>
/// <param name="Phone">The household's phone.</param>
/// <param name="EndsUtc">When it ends (before its grace days).</param>
/// <param name="GraceDays">Its grace days.</param>
/// <param name="Months">How many months it ran.</param>
/// <param name="AmountFen">What it cost.</param>
public sealed record EndingPass(long PassId, string Plate, string? Room, string? Contact, string? Phone, DateTimeOffset EndsUtc, int GraceDays, int Months, long AmountFen);

public sealed partial class PassStore
{
    /// <summary>
    /// Passes ending within <paramref name="days"/> days of <paramref name="now"/>, or ended and still in their grace
    /// days, that were not renewed (no later pass for the plate), soonest first.
    /// </summary>
    public async Task<IReadOnlyList<EndingPass>> EndingAsync(DateTimeOffset now, int days, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(zone);
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<(long Id, string Plate, string? Room, string? Contact, string? Phone, string Starts, string Ends, int Grace, long Amount)>(
            """
            SELECT p.id, p.plate, h.room, h.contact_name, h.phone, p.starts_utc, p.ends_utc, p.grace_days, p.amount_fen
            FROM passes p LEFT JOIN households h ON h.id = p.household_id
            WHERE p.cancelled_utc IS NULL AND p.ends_utc <= @until AND p.ends_utc >= @since
              AND NOT EXISTS (SELECT 1 FROM passes q WHERE q.plate = p.plate AND q.cancelled_utc IS NULL AND q.ends_utc > p.ends_utc)
            ORDER BY p.ends_utc, p.plate;
            """,
            new { until = Instants.ToText(now.AddDays(days)), since = Instants.ToText(now.AddDays(-31)) });
        return [.. rows
            .Select(r => new EndingPass(r.Id, r.Plate, r.Room, r.Contact, r.Phone, Instants.FromText(r.Ends), r.Grace,
                MonthsBetween(LocalDays.DayOf(Instants.FromText(r.Starts), zone), LocalDays.DayOf(Instants.FromText(r.Ends), zone)), r.Amount))
            .Where(p => p.EndsUtc.AddDays(p.GraceDays) > now)];
    }

    /// <summary>The whole months from <paramref name="from"/> to <paramref name="to"/> (a pass sold for N months runs exactly N), at least 1.</summary>
    private static int MonthsBetween(DateOnly from, DateOnly to)
    {
        for (var months = 1; months <= 24; months++)
        {
            if (from.AddMonths(months) >= to)
            {
                return months;
            }
        }

        return 24;
    }
}
