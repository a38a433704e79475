using System.Text.Encodings.Web;
using System.Text.Json;
using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Stays;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Storage.Ledger;

namespace ParkingGate.Storage.Stays;

/// <summary>What happened at the exit: the quote, and the ledger entry if the stay closed (the gate may open).</summary>
/// <param name="Stay">The stay after the exit.</param>
/// <param name="Quote">The fee and its explanation.</param>
/// <param name="ClosedBy">The free-exit entry when nothing is due; null while payment or review is awaited.</param>
public sealed record ExitOutcome(Stay Stay, Quote Quote, LedgerEntry? ClosedBy)
{
    /// <summary>Why it left free, in each language (for the board and the lanes page); null unless it closed.</summary>
    public LocalizedText? Why { get; init; }

    /// <summary>What the plate still owes for earlier stays that left without settling (欠费), collected at the booth.</summary>
    public long OwedFen { get; init; }

    /// <summary>True when the stay is closed and the gate may open.</summary>
    public bool OpenGate => ClosedBy is not null;
}

/// <summary>A car seen at an exit lane.</summary>
/// <param name="Plate">The plate.</param>
/// <param name="Class">Its class, used when the exit has no entry record.</param>
/// <param name="Lane">The exit lane.</param>
/// <param name="At">When it reached the exit.</param>
/// <param name="ReadId">The camera message, or null for a hand entry.</param>
public sealed record StayExit(Plate Plate, VehicleClass Class, string Lane, DateTimeOffset At, string? ReadId);

public sealed partial class StayStore
{
    private static readonly JsonSerializerOptions QuoteJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Prices the exit of <paramref name="car"/>'s plate and, as <see cref="ExitPolicy"/> decides, either closes the
    /// stay with a free-exit entry or leaves it awaiting payment or review. An exit without an open stay is recorded
    /// as one with no entry record, priced as the tariff says.
    /// </summary>
    public Task<Result<ExitOutcome>> ExitAsync(StayExit car, TariffBook tariffs, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(car);
        ArgumentNullException.ThrowIfNull(tariffs);
        return InTransactionAsync(async (connection, transaction) =>
        {
            var now = Now();
            var stay = await FindOpenAsync(connection, transaction, car.Plate.Text);
            if (stay is null)
            {
                var id = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO stays (plate, vehicle_class, status, recorded_by, updated_utc)
                    VALUES (@plate, @class, 'awaiting-payment', @actor, @now) RETURNING id;
                    """,
                    new { plate = car.Plate.Text, @class = car.Class.ToName(), actor, now }, transaction);
                stay = (await FindAsync(connection, transaction, id))!;
            }

            return await PriceAsync(connection, transaction, stay, car.Lane, car.At, car.ReadId, tariffs, actor);
        }, cancellationToken);
    }

    /// <summary>
    /// Prices <paramref name="stay"/> leaving by <paramref name="lane"/> at <paramref name="at"/> and, as
    /// <see cref="ExitPolicy"/> decides, closes it with a free-exit entry or leaves it awaiting payment or review. A
    /// plate that still owes for an earlier stay is not let out free: it waits at the booth with the arrears.
    /// </summary>
    private async Task<Result<ExitOutcome>> PriceAsync(
        SqliteConnection connection, SqliteTransaction transaction, Stay stay, string lane, DateTimeOffset at, string? readId, TariffBook tariffs, string actor)
    {
        // A clock stepped back (or a camera's clock behind the entry camera's) must not make a stay end before it
        // began: the exit is taken as no earlier than the entry, and the car can leave.
        var exitAt = stay.EntryUtc is { } began && at < began ? began : at;
        var quote = await QuoteAsync(connection, transaction, stay, exitAt, tariffs);
        if (!quote.IsSuccess)
        {
            return quote.Problem;
        }

        // A resident's car leaves free, unless it came in beyond its household's spaces to be charged as a visitor.
        var resident = await connection.ExecuteScalarAsync<string?>(
            """
            SELECT h.room FROM vehicles v JOIN households h ON h.id = v.household_id
            WHERE v.plate = @plate AND v.removed_utc IS NULL AND NOT EXISTS (SELECT 1 FROM stays s WHERE s.id = @id AND s.charged_as_visitor = 1);
            """,
            new { plate = stay.Plate, id = stay.Id }, transaction);
        var q = quote.Value.Quote;
        var verdict = ExitPolicy.Decide(q, resident);
        var owed = await OwedFenAsync(connection, transaction, stay.Plate);
        var heldForArrears = owed > 0 && verdict.Kind == ExitVerdictKind.LeavesFree;
        await connection.ExecuteAsync(
            """
            UPDATE stays SET exit_lane = @lane, exit_utc = @at, exit_read = @read, status = 'awaiting-payment',
                   fee_fen = @fee, due_fen = @due, tariff_id = @tariffId, tariff_hash = @tariffHash, quote_json = @quoteJson,
                   free_reason = @freeReason, invited_minutes = @invited, updated_utc = @now
            WHERE id = @id;
            """,
            new
            {
                lane, at = Instants.ToText(exitAt), read = readId, fee = q.FeeFen, due = verdict.DueFen,
                tariffId = q.TariffId, tariffHash = q.TariffHash, quoteJson = JsonSerializer.Serialize(q, QuoteJson),
                freeReason = heldForArrears ? verdict.LedgerReason : null, invited = q.InvitedMinutes, now = Now(), id = stay.Id,
            },
            transaction);
        LedgerEntry? closedBy = null;
        if (verdict.Kind == ExitVerdictKind.LeavesFree && !heldForArrears)
        {
            var free = await CloseAsync(connection, transaction, stay, LedgerKind.FreeExit, StayClosing.Free, 0, null, null, verdict.LedgerReason, actor);
            if (!free.IsSuccess)
            {
                return free.Problem;
            }

            closedBy = free.Value;
        }

        return new ExitOutcome((await FindAsync(connection, transaction, stay.Id))!, q, closedBy) { Why = closedBy is null ? null : verdict.Why, OwedFen = owed };
    }

    /// <summary>The stay's fee if it left at <paramref name="at"/>, by the tariff in force when it entered.</summary>
    private static async Task<Result<(Tariff Tariff, Quote Quote)>> QuoteAsync(SqliteConnection connection, SqliteTransaction transaction, Stay stay, DateTimeOffset at, TariffBook tariffs)
    {
        if (tariffs.For(stay.EntryUtc ?? at) is not { } tariff)
        {
            return Result<(Tariff, Quote)>.Failure("no-tariff", $"no tariff is in force on {stay.EntryUtc ?? at:yyyy-MM-dd} for stay {stay.Id}", $"{stay.EntryUtc ?? at:yyyy-MM-dd} 没有生效的收费规则（第 {stay.Id} 次停车）");
        }

        var quote = FeeCalculator.Quote(tariff, await QuoteInputs.GatherAsync(connection, transaction, stay, at));
        return quote.IsSuccess ? (tariff, quote.Value) : quote.Problem;
    }

    /// <summary>Appends the entry that ends the stay and marks it closed, in the caller's transaction.</summary>
    private async Task<Result<LedgerEntry>> CloseAsync(
        SqliteConnection connection, SqliteTransaction transaction, Stay stay, LedgerKind kind, StayClosing how, long amountFen,
        string? channel, string? channelRef, string? reason, string actor)
    {
        var entry = await _ledger.AppendAsync(connection, transaction, new NewLedgerEntry(kind, amountFen, actor)
        {
            Plate = stay.Plate, StayId = stay.Id, Channel = channel, ChannelRef = channelRef, Reason = reason,
            TariffId = kind == LedgerKind.VisitorFee ? stay.TariffId : null,
            TariffHash = kind == LedgerKind.VisitorFee ? stay.TariffHash : null,
        });
        if (!entry.IsSuccess)
        {
            return entry;
        }

        await connection.ExecuteAsync(
            "UPDATE stays SET status = 'closed', closed_how = @how, ledger_seq = @seq, due_fen = 0, updated_utc = @now WHERE id = @id;",
            new { how = StoredNames.StayClosing[how], seq = entry.Value.Seq, now = Now(), id = stay.Id }, transaction);
        return entry;
    }
}
