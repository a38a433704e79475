using ParkingGate.Domain;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Gate.Lanes;
using ParkingGate.Storage;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Gate.Settlement;

/// <summary>What the booth settles besides a payment: reads held for a person, cars without a plate, exits with no entry record, arrears.</summary>
public sealed partial class StaySettlement
{
    /// <summary>
    /// A car at the exit let out without paying (the driver has no money with them): the stay closes with a
    /// manual-opening entry, the fee stays owed by the plate (欠费) for the booth to collect at its next visit, the
    /// exit opens, and the audit log says who let it out and why.
    /// </summary>
    public async Task<Result<Settled>> LeaveOwingAsync(long stayId, string reason, string actor, CancellationToken cancellationToken = default)
    {
        var owing = await _stays.LeaveOwingAsync(stayId, reason, actor, cancellationToken);
        if (!owing.IsSuccess)
        {
            return owing.Problem;
        }

        var (stay, opening) = await OpenExitAsync(stayId, owing.Value, cancellationToken);
        await _audit.RecordAsync(actor, "stay.owing", "stay", stayId, new { stay.Plate, owedFen = stay.OwedFen, reason = reason.Trim(), ledgerSeq = owing.Value.Seq }, cancellationToken);
        Log.Settled(_log, owing.Value.Seq, "left owing", 0, stayId, stay.Plate, actor, opening);
        return new Settled(owing.Value, stay, opening);
    }

    /// <summary>
    /// An exit with no entry record given the entry time the driver states: priced again on it (nothing is paid yet);
    /// the audit log keeps the stated time and who typed it.
    /// </summary>
    public async Task<Result<ExitOutcome>> StateEntryAsync(long stayId, DateTimeOffset enteredAt, string actor, CancellationToken cancellationToken = default)
    {
        var priced = await _stays.StateEntryAsync(stayId, enteredAt, _tariffs, actor, cancellationToken);
        if (priced.IsSuccess)
        {
            await _audit.RecordAsync(actor, "stay.entry-stated", "stay", stayId, new { priced.Value.Stay.Plate, enteredAt, dueFen = priced.Value.Stay.DueFen }, cancellationToken);
            await OpenIfClosedAsync(priced.Value, cancellationToken);
        }

        return priced;
    }

    /// <summary>
    /// An exit with no entry record matched to a car inside (its plate misread at the entry): priced again on that
    /// entry; the audit log keeps both stays and both plates.
    /// </summary>
    public async Task<Result<ExitOutcome>> MatchEntryAsync(long stayId, long insideId, string actor, CancellationToken cancellationToken = default)
    {
        var inside = await _stays.FindAsync(insideId, cancellationToken);
        var priced = await _stays.MatchEntryAsync(stayId, insideId, _tariffs, actor, cancellationToken);
        if (priced.IsSuccess)
        {
            await _audit.RecordAsync(actor, "stay.match", "stay", stayId,
                new { priced.Value.Stay.Plate, insideId, insidePlate = inside?.Plate, dueFen = priced.Value.Stay.DueFen }, cancellationToken);
            await OpenIfClosedAsync(priced.Value, cancellationToken);
        }

        return priced;
    }

    /// <summary>A stay priced again at the booth that came out free (a pass, a grace period): it closed, so the exit opens.</summary>
    private async Task OpenIfClosedAsync(ExitOutcome priced, CancellationToken cancellationToken)
    {
        if (priced.ClosedBy is { } entry)
        {
            await OpenExitAsync(priced.Stay.Id, entry, cancellationToken);
        }
    }

    /// <summary>
    /// A read the lane held for the booth (ambiguous, unsure, near a blocked plate), settled by a person: the plate
    /// they chose is checked, the read is marked settled (once: a second cashier is refused), the lane decides again
    /// on that plate (an entry opens a stay, an exit finds its stay and prices it), and the audit log keeps the read
    /// plate, the chosen plate and who chose it.
    /// </summary>
    public async Task<Result<LaneDecision>> SettleHeldAsync(long eventId, string? plate, string actor, CancellationToken cancellationToken = default)
    {
        if (!Plate.TryParse(plate, out var chosen, out var error))
        {
            return new Problem("invalid-plate", $"invalid plate: {error.Message}", $"车牌有误：{error.Zh}");
        }

        var held = await _events.FindAsync(eventId, cancellationToken);
        if (held is not { Outcome: LaneOutcome.Held, StayId: null } || _barrier is null || !_barrier.HasLane(held.Lane))
        {
            return new Problem("not-held", $"read {eventId} is not a read held for the booth", $"第 {eventId} 条识别不是待人工处理的识别");
        }

        if (!await _events.SettleHeldAsync(eventId, _time.GetUtcNow(), actor, chosen.Text, expired: false, cancellationToken))
        {
            return new Problem("already-settled", $"read {eventId} ({held.PlateRead}) was settled already", $"这条识别（{held.PlateRead}）已经有人处理过了");
        }

        LaneDecision decision;
        try
        {
            decision = await _barrier.DecideByHandAsync(held.Lane, chosen.Text, held.Picture, actor, cancellationToken);
        }
        catch
        {
            await _events.ReopenHeldAsync(eventId, CancellationToken.None); // not decided: the read stays on the booth's list
            throw;
        }

        await _audit.RecordAsync(actor, "held.settle", "lane", eventId,
            new { lane = held.Lane, read = held.PlateRead, plate = chosen.Text, outcome = StoredNames.Outcome[decision.Outcome], stayId = decision.StayId }, cancellationToken);
        return decision;
    }

    /// <summary>
    /// A car with no plate, or one no camera can read, let in at an entry lane under a temporary id (无牌0001 …): the
    /// lane decides on that id as on any visitor (a stay opens, with the held read's picture when there is one, and the
    /// gate opens); at the exit the booth finds it among the cars inside by its picture and time.
    /// </summary>
    public async Task<Result<LaneDecision>> EnterUnplatedAsync(string lane, long? heldEventId, string actor, CancellationToken cancellationToken = default)
    {
        if (heldEventId is { } eventId && await _events.FindAsync(eventId, cancellationToken) is { } held)
        {
            lane = held.Lane;
        }

        if (_barrier is null || !_barrier.IsEntryLane(lane))
        {
            return new Problem("not-entry", $"'{lane}' is not an entry lane: a car without a plate is let in at an entry", $"“{lane}”不是入口车道，无牌车只能在入口放行");
        }

        var id = await _stays.NextUnplatedAsync(cancellationToken);
        if (heldEventId is { } read)
        {
            return await SettleHeldAsync(read, id, actor, cancellationToken);
        }

        var decision = await _barrier.DecideByHandAsync(lane, id, null, actor, cancellationToken);
        await _audit.RecordAsync(actor, "stay.unplated", "stay", decision.StayId, new { lane, plate = id, outcome = StoredNames.Outcome[decision.Outcome] }, cancellationToken);
        return decision;
    }

    /// <summary>Reads held longer than <paramref name="after"/> that nobody settled leave the booth's list, each with a record.</summary>
    public Task<int> ExpireHeldAsync(TimeSpan after, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        return _events.ExpireHeldAsync(now - after, now, cancellationToken);
    }
}
