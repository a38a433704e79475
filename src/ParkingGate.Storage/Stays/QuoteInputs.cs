using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain.Tariffs;

namespace ParkingGate.Storage.Stays;

/// <summary>What a stay's fee depends on, read from the file inside the exit's transaction.</summary>
internal static class QuoteInputs
{
    /// <summary>Gathers what the fee depends on: entry, payments already made, passes, and the plate's earlier entries and their fees.</summary>
    public static async Task<QuoteRequest> GatherAsync(SqliteConnection connection, SqliteTransaction transaction, Stay stay, DateTimeOffset exitAt)
    {
        var payments = await connection.QueryAsync<(long Amount, string At)>(
            """
            SELECT l.amount_fen, l.at_utc FROM ledger l
            WHERE l.stay_id = @id AND l.kind = 'visitor-fee'
              AND NOT EXISTS (SELECT 1 FROM ledger r WHERE r.kind = 'reversal' AND r.reverses_seq = l.seq);
            """,
            new { id = stay.Id }, transaction);
        var from = stay.EntryUtc ?? exitAt;
        var passes = await connection.QueryAsync<(string Starts, string Ends, int GraceDays)>(
            "SELECT starts_utc, ends_utc, grace_days FROM passes WHERE plate = @plate AND cancelled_utc IS NULL AND starts_utc < @exit;",
            new { plate = stay.Plate, exit = Instants.ToText(exitAt) }, transaction);
        var earlier = (await connection.QueryAsync<(string Entry, long? Fee, string? Voided)>(
            "SELECT entry_utc, fee_fen, voided_utc FROM stays WHERE plate = @plate AND id <> @id AND entry_utc IS NOT NULL AND entry_utc >= @since AND entry_utc < @entry;",
            new { plate = stay.Plate, id = stay.Id, since = Instants.ToText(from.AddDays(-1)), entry = Instants.ToText(from) }, transaction)).ToList();
        return new QuoteRequest
        {
            Class = stay.Class,
            Entry = stay.EntryUtc,
            Exit = exitAt,
            Payments = payments.Select(p => new Payment(p.Amount, Instants.FromText(p.At))).ToList(),
            Passes = passes.Select(p => new Coverage(Instants.FromText(p.Starts), Instants.FromText(p.Ends).AddDays(p.GraceDays)))
                .Where(c => c.Until > from).ToList(),
            EarlierEntries = earlier.Select(e => Instants.FromText(e.Entry)).ToList(),
            EarlierFees = earlier.Where(e => e.Fee is > 0 && e.Voided is null).Select(e => new EarlierFee(Instants.FromText(e.Entry), e.Fee!.Value)).ToList(),
            EntryWasFuzzy = stay.EntryFuzzy,
        };
    }
}
