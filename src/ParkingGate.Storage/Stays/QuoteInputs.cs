using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain.Tariffs;

namespace ParkingGate.Storage.Stays;

/// <summary>What a stay's fee depends on, read from the file inside the exit's transaction.</summary>
internal static class QuoteInputs
{
    /// <summary>Gathers what the fee depends on: entry, payments already made, passes, the plate's earlier entries and their fees, and its visitor invitation.</summary>
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
        InvitedTime? invited = null;
        if (stay.InvitationId is { } invitationId)
        {
            var invitation = await connection.QuerySingleAsync<(string Room, string From, string Until, long Free, long UsedElsewhere)>(
                """
                SELECT h.room, i.from_utc, i.until_utc, i.free_minutes,
                       (SELECT coalesce(sum(s.invited_minutes), 0) FROM stays s WHERE s.invitation_id = i.id AND s.id <> @stay AND s.voided_utc IS NULL)
                FROM invitations i JOIN households h ON h.id = i.household_id WHERE i.id = @id;
                """,
                new { id = invitationId, stay = stay.Id }, transaction);
            invited = new InvitedTime(invitation.Room, Instants.FromText(invitation.From), Instants.FromText(invitation.Until), Math.Max(0, invitation.Free - invitation.UsedElsewhere));
        }

        return new QuoteRequest
        {
            Invitation = invited,
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
