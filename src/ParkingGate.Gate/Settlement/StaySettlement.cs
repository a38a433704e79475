using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Domain;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Gate.Lanes;
using ParkingGate.Storage.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Storage;
using ParkingGate.Storage.Audit;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Gate.Settlement;

/// <summary>
/// Settles a stay the one way the estate allows, whoever asks (the booth on the desk, the command line, a payment
/// terminal, the demo): the ledger entry and the stay's close commit together, then the exit is told to open, then
/// the audit log records who did it. A refused settlement changes nothing and opens nothing.
/// </summary>
public sealed partial class StaySettlement
{
    private readonly StayStore _stays;
    private readonly LedgerStore _ledger;
    private readonly AuditLog _audit;
    private readonly TariffBook _tariffs;
    private readonly IExitBarrier? _barrier;
    private readonly ILogger _log;
    private readonly LaneEventStore _events;
    private readonly TimeProvider _time;

    /// <summary>
    /// Creates the service; without a <paramref name="barrier"/> (the command line) nothing is opened. Held reads are
    /// settled in <paramref name="events"/>, stamped by <paramref name="time"/>.
    /// </summary>
    public StaySettlement(StayStore stays, LedgerStore ledger, AuditLog audit, TariffBook tariffs, IExitBarrier? barrier, LaneEventStore events, TimeProvider time, ILogger? log = null)
    {
        _events = events ?? throw new ArgumentNullException(nameof(events));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _log = log ?? NullLogger.Instance;
        _stays = stays ?? throw new ArgumentNullException(nameof(stays));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
        _audit = audit ?? throw new ArgumentNullException(nameof(audit));
        _tariffs = tariffs ?? throw new ArgumentNullException(nameof(tariffs));
        _barrier = barrier;
    }

    /// <summary>Raised once a settlement's ledger entry is committed, before the barrier is asked (the demo prints it).</summary>
    public event Action<LedgerEntry>? Committed;

    /// <summary>A car entered by hand (补录): the stay opens as a lane would open it, and the audit log says who did it.</summary>
    public async Task<Result<Stay>> EnterByHandAsync(StayEntry entry, string actor, CancellationToken cancellationToken = default)
    {
        var entered = await _stays.EnterAsync(entry, actor, cancellationToken);
        if (entered.IsSuccess)
        {
            await _audit.RecordAsync(actor, "stay.enter", "stay", entered.Value.Id, new { entered.Value.Plate, lane = entry.Lane, at = entry.At }, cancellationToken);
        }

        return entered;
    }

    /// <summary>
    /// A car's exit recorded by hand: priced and, when nothing is due, closed as a lane would; nothing is opened (the
    /// person recording it is at the gate). The audit log says who recorded it and what was due.
    /// </summary>
    public async Task<Result<ExitOutcome>> ExitByHandAsync(StayExit car, string actor, CancellationToken cancellationToken = default)
    {
        var exited = await _stays.ExitAsync(car, _tariffs, actor, cancellationToken);
        if (exited.IsSuccess)
        {
            var stay = exited.Value.Stay;
            await _audit.RecordAsync(actor, "stay.exit", "stay", stay.Id,
                new { stay.Plate, lane = car.Lane, at = car.At, dueFen = stay.DueFen, ledgerSeq = exited.Value.ClosedBy?.Seq }, cancellationToken);
        }

        return exited;
    }

    /// <summary>
    /// Cash confirmed at the booth: the amount due (or, for a car still inside, the fee up to now), into the shift of
    /// <paramref name="actor"/>. The same cash confirmed again returns the first receipt and opens nothing.
    /// </summary>
    public Task<Result<Settled>> PayCashAsync(long stayId, long amountFen, string actor, CancellationToken cancellationToken = default) =>
        PayCashAsync(stayId, amountFen, null, actor, cancellationToken);

    /// <summary>
    /// Cash of an amount the booth decided (a car with no entry record, a corrected fee): anything but the quoted fee
    /// needs <paramref name="reason"/>, kept in the ledger; otherwise as <see cref="PayCashAsync(long, long, string, CancellationToken)"/>.
    /// </summary>
    public async Task<Result<Settled>> PayCashAsync(long stayId, long amountFen, string? reason, string actor, CancellationToken cancellationToken = default)
    {
        var paid = await _stays.PayCashAsync(stayId, amountFen, reason, _tariffs, actor, cancellationToken);
        if (!paid.IsSuccess)
        {
            return paid.Problem;
        }

        if (paid.Value.Replayed)
        {
            return new Settled(paid.Value.Entry, await _stays.FindAsync(stayId, cancellationToken), ExitOpening.AlreadyRecorded);
        }

        var (stay, opening) = await OpenExitAsync(stayId, paid.Value.Entry, cancellationToken);
        await _audit.RecordAsync(actor, "cash", "stay", stayId, paid.Value.Entry.Reason is { } why
            ? new { stay.Plate, amountFen, ledgerSeq = paid.Value.Entry.Seq, reason = why }
            : (object)new { stay.Plate, amountFen, ledgerSeq = paid.Value.Entry.Seq }, cancellationToken);
        Log.Settled(_log, paid.Value.Entry.Seq, "cash", amountFen, stayId, stay.Plate, actor, opening);
        return new Settled(paid.Value.Entry, stay, opening);
    }

    /// <summary>A stay awaiting payment leaves free, for a stated reason.</summary>
    public async Task<Result<Settled>> FreeExitAsync(long stayId, string reason, string actor, CancellationToken cancellationToken = default)
    {
        var granted = await _stays.GrantFreeExitAsync(stayId, reason, actor, cancellationToken);
        if (!granted.IsSuccess)
        {
            return granted.Problem;
        }

        var (stay, opening) = await OpenExitAsync(stayId, granted.Value, cancellationToken);
        await _audit.RecordAsync(actor, "free-exit", "stay", stayId, new { stay.Plate, reason = reason.Trim(), ledgerSeq = granted.Value.Seq }, cancellationToken);
        Log.Settled(_log, granted.Value.Seq, "free exit", 0, stayId, stay.Plate, actor, opening);
        return new Settled(granted.Value, stay, opening);
    }

    /// <summary>
    /// A payment terminal's answer to a request: recorded once (a repeated answer is recognised and opens nothing
    /// again), then the exit opens.
    /// </summary>
    public async Task<Result<Settled>> PayByTerminalAsync(string requestId, string channel, string channelRef, long amountFen, string actor, CancellationToken cancellationToken = default)
    {
        var recorded = await _stays.RecordTerminalPaymentAsync(requestId, channel, channelRef, amountFen, actor, cancellationToken);
        if (!recorded.IsSuccess)
        {
            return recorded.Problem;
        }

        var entry = recorded.Value.Entry;
        if (recorded.Value.Replayed || entry.StayId is not { } stayId)
        {
            return new Settled(entry, entry.StayId is { } id ? await _stays.FindAsync(id, cancellationToken) : null, ExitOpening.AlreadyRecorded);
        }

        var (stay, opening) = await OpenExitAsync(stayId, entry, cancellationToken);
        await _audit.RecordAsync(actor, "terminal-payment", "stay", stayId, new { stay.Plate, amountFen, channel, channelRef = entry.ChannelRef, ledgerSeq = entry.Seq }, cancellationToken);
        Log.Settled(_log, entry.Seq, channel, amountFen, stayId, stay.Plate, actor, opening);
        return new Settled(entry, stay, opening);
    }

    /// <summary>Opens a lane by hand: the ledger records who and why, then the barrier is pulsed, then the audit log.</summary>
    public async Task<Result<Settled>> OpenByHandAsync(string lane, string reason, string? plate, string actor, CancellationToken cancellationToken = default)
    {
        if (_barrier is null || !_barrier.HasLane(lane))
        {
            return Result<Settled>.Failure("unknown-lane", $"there is no lane '{lane}' to open", $"没有“{lane}”这条车道，未开闸");
        }

        // The car opened for by hand is the one waiting to pay at this exit: it leaves owing, linked to its stay.
        if (plate is not null && await _stays.FindOpenAsync(plate.Trim(), cancellationToken) is { Status: StayStatus.AwaitingPayment, DueFen: > 0 } waiting
            && waiting.ExitLane == lane)
        {
            return await LeaveOwingAsync(waiting.Id, reason, actor, cancellationToken);
        }

        var recorded = await _ledger.RecordManualOpeningAsync(lane, reason, plate, null, actor, cancellationToken);
        if (!recorded.IsSuccess)
        {
            return recorded.Problem;
        }

        Committed?.Invoke(recorded.Value);
        var decision = await _barrier.PulseByHandAsync(lane, plate, reason.Trim(), actor, cancellationToken);
        await _audit.RecordAsync(actor, "open-by-hand", "lane", null, new { lane, plate, reason = reason.Trim(), outcome = decision.Outcome.ToString() }, cancellationToken);
        Log.OpenedByHand(_log, recorded.Value.Seq, lane, plate, actor, decision.Outcome);
        return new Settled(recorded.Value, null, Opening(decision));
    }

    private async Task<(Stay Stay, ExitOpening Opening)> OpenExitAsync(long stayId, LedgerEntry entry, CancellationToken cancellationToken)
    {
        Committed?.Invoke(entry);
        var stay = await _stays.FindAsync(stayId, cancellationToken) ?? throw new InvalidOperationException($"stay {stayId} was settled but cannot be read back");
        if (_barrier is null)
        {
            return (stay, ExitOpening.NotAsked);
        }

        if (stay.Status != StayStatus.Closed || stay.ExitLane is null || !_barrier.HasLane(stay.ExitLane))
        {
            return (stay, ExitOpening.NoExitLane);
        }

        var decision = await _barrier.OpenAfterPaymentAsync(stay.ExitLane, stay, cancellationToken);
        return (stay, Opening(decision));
    }

    private static ExitOpening Opening(LaneDecision decision) => decision.Outcome == LaneOutcome.Opened ? ExitOpening.Opened : ExitOpening.NotConfirmed;
}
