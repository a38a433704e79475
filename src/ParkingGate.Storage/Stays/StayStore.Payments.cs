using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Stays;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Storage.Ledger;

namespace ParkingGate.Storage.Stays;

/// <summary>A fee the payment terminal is asked to collect.</summary>
/// <param name="RequestId">Unique id; the terminal's answer must carry it.</param>
/// <param name="StayId">The stay.</param>
/// <param name="Plate">The plate, for the terminal's screen.</param>
/// <param name="AmountFen">The amount due.</param>
public sealed record PaymentRequest(string RequestId, long StayId, string Plate, long AmountFen);

/// <summary>A recorded payment; <see cref="Replayed"/> when the same payment had been recorded before.</summary>
public sealed record PaymentOutcome(LedgerEntry Entry, bool Replayed);

public sealed partial class StayStore
{
    /// <summary>
    /// Cash confirmed by the booth operator for <paramref name="stayId"/>, into the shift that operator has open (no
    /// shift of theirs, no cash). At the exit, the amount must be the amount due; the fee entry and the stay's close
    /// commit together, before the gate is told to open. For a car still inside, it pays the fee up to now (paid-exit
    /// grace then applies at the exit). The same cash confirmed twice (a double click, a form sent again) is
    /// recognised: the first entry is returned as <see cref="PaymentOutcome.Replayed"/> and nothing is written.
    /// </summary>
    public Task<Result<PaymentOutcome>> PayCashAsync(long stayId, long amountFen, TariffBook tariffs, string actor, CancellationToken cancellationToken = default) =>
        PayCashAsync(stayId, amountFen, null, tariffs, actor, cancellationToken);

    /// <summary>
    /// Cash as above, of an amount the booth decided: a fee other than the one quoted (a car with no entry record, a
    /// fee corrected at the booth) is taken only with <paramref name="reason"/>, which the ledger keeps. A fee is never
    /// 0: a car that pays nothing leaves by a free exit, with its reason.
    /// </summary>
    public Task<Result<PaymentOutcome>> PayCashAsync(long stayId, long amountFen, string? reason, TariffBook tariffs, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(tariffs);
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        return InTransactionAsync(async (connection, transaction) =>
        {
            var stay = await FindAsync(connection, transaction, stayId);
            if (stay is { Status: StayStatus.Closed, LedgerSeq: { } seq }
                && LedgerStore.ReadEntries(connection, transaction, "WHERE seq = @seq", new SqliteParameter("@seq", seq)).Single() is { } earlier
                && (earlier is { Kind: LedgerKind.VisitorFee, Channel: PaymentChannel.Cash } || earlier.Kind == LedgerKind.FreeExit)
                && earlier.AmountFen + await ArrearsCollectedWithAsync(connection, transaction, stayId) == amountFen)
            {
                return new PaymentOutcome(earlier, Replayed: true);
            }

            if (stay is null || stay.Status == StayStatus.Closed)
            {
                return Result<PaymentOutcome>.Failure("no-open-stay", stay is null ? $"stay {stayId} does not exist" : $"stay {stayId} is already closed", stay is null ? $"没有第 {stayId} 次停车记录" : $"第 {stayId} 次停车（{stay.Plate}）已经结清");
            }

            if (await ShiftBook.CashRefusalAsync(connection, transaction, actor) is { } refused)
            {
                return refused;
            }

            if (stay.Status == StayStatus.Inside)
            {
                return await PrepayAsync(connection, transaction, stay, amountFen, tariffs, actor);
            }

            // The fee due with what the plate owes from earlier stays, taken together: the arrears first, each linked to
            // its own stay, then this stay's fee (or, when nothing is due now, the free exit the arrears held back).
            var owed = await OwedFenAsync(connection, transaction, stay.Plate);
            var due = stay.DueFen ?? 0;
            if (owed > 0 && amountFen == due + owed)
            {
                var collected = await CollectArrearsAsync(connection, transaction, stay, actor);
                if (!collected.IsSuccess)
                {
                    return collected.Problem;
                }

                amountFen = due;
                if (due == 0)
                {
                    var freeReason = await connection.ExecuteScalarAsync<string?>("SELECT free_reason FROM stays WHERE id = @stayId;", new { stayId }, transaction);
                    var free = await CloseAsync(connection, transaction, stay, LedgerKind.FreeExit, StayClosing.Free, 0, null, null, freeReason ?? "本次停车无费用，已追缴欠费 nothing due; arrears collected", actor);
                    return free.IsSuccess ? new PaymentOutcome(free.Value, false) : Result<PaymentOutcome>.Failure(free.Problem);
                }
            }

            if (amountFen <= 0)
            {
                return Result<PaymentOutcome>.Failure("no-fee",
                    $"a cash fee is more than 0, not {Money.Yuan(amountFen)}: a car that pays nothing leaves by a free exit with its reason",
                    $"现金收费必须大于 0（不能是 {Money.Yuan(amountFen)} 元）；不收费请用“免费放行”并写明原因");
            }

            if (amountFen != due && reason is null)
            {
                return Result<PaymentOutcome>.Failure("wrong-amount",
                    $"stay {stayId} ({stay.Plate}) owes {Money.Yuan(due)} yuan, not {Money.Yuan(amountFen)}; another amount needs a reason",
                    $"{stay.Plate} 应缴 {Money.Yuan(due)} 元，不是 {Money.Yuan(amountFen)} 元；收其他金额须写明原因");
            }

            // An entry time only the driver vouches for is said in the fee's entry, so the books show which fees rest on it.
            reason ??= stay.EntryStatedBy is { } statedBy ? $"入场时间为司机所述（{statedBy} 录入） entry time as the driver stated" : null;
            var entry = await CloseAsync(connection, transaction, stay, LedgerKind.VisitorFee, StayClosing.Paid, amountFen, PaymentChannel.Cash, null, reason, actor);
            return entry.IsSuccess ? new PaymentOutcome(entry.Value, false) : Result<PaymentOutcome>.Failure(entry.Problem);
        }, cancellationToken);
    }

    /// <summary>Asks for the amount due of a stay awaiting payment; the request id goes to the terminal.</summary>
    public Task<Result<PaymentRequest>> RequestPaymentAsync(long stayId, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            var stay = await FindAsync(connection, transaction, stayId);
            if (stay is not { Status: StayStatus.AwaitingPayment, DueFen: > 0 })
            {
                return Result<PaymentRequest>.Failure("nothing-due", $"stay {stayId} is not awaiting a payment", $"第 {stayId} 次停车没有待缴费用");
            }

            var requestId = $"pay-{stayId}-{Guid.NewGuid():N}";
            await connection.ExecuteAsync("UPDATE stays SET payment_request = @requestId, updated_utc = @now WHERE id = @id;",
                new { requestId, now = Now(), id = stayId }, transaction);
            return new PaymentRequest(requestId, stayId, stay.Plate, stay.DueFen.Value);
        }, cancellationToken);

    /// <summary>
    /// Records the terminal's answer. A payment whose channel reference is already in the ledger for this stay is
    /// recognised as a replay and not charged again; the same reference on another stay is refused.
    /// </summary>
    public Task<Result<PaymentOutcome>> RecordTerminalPaymentAsync(string requestId, string channel, string channelRef, long amountFen, string actor, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            if (!PaymentChannel.IsKnown(channel) || string.IsNullOrWhiteSpace(channelRef))
            {
                return Result<PaymentOutcome>.Failure("invalid-payment", $"a payment needs a known channel and a reference (got '{channel}', '{channelRef}')", $"付款需要已知的渠道和单号（收到“{channel}”“{channelRef}”）");
            }

            var earlier = LedgerStore.ReadEntries(connection, transaction, "WHERE channel = @channel AND channel_ref = @ref",
                new SqliteParameter("@channel", channel), new SqliteParameter("@ref", channelRef.Trim())).FirstOrDefault();
            var stay = await connection.QuerySingleOrDefaultAsync<long?>(
                "SELECT id FROM stays WHERE payment_request = @requestId;", new { requestId }, transaction) is { } id
                ? await FindAsync(connection, transaction, id)
                : null;
            if (earlier is not null)
            {
                return stay is not null && earlier.StayId == stay.Id
                    ? new PaymentOutcome(earlier, Replayed: true)
                    : Result<PaymentOutcome>.Failure("duplicate-channel-ref", $"{channel} reference {channelRef} was already recorded as ledger entry {earlier.Seq} for another payment", $"{PaymentChannel.Zh(channel)}单号 {channelRef} 已作为另一笔付款记在第 {earlier.Seq} 条");
            }

            if (stay is null)
            {
                return Result<PaymentOutcome>.Failure("unknown-request", $"no stay is waiting for payment request {requestId}", $"没有等待付款请求 {requestId} 的停车记录");
            }

            if (stay.Status != StayStatus.AwaitingPayment || amountFen != stay.DueFen)
            {
                return Result<PaymentOutcome>.Failure("wrong-amount",
                    $"stay {stay.Id} owes {Money.Yuan(stay.DueFen ?? 0)} yuan; the terminal reported {Money.Yuan(amountFen)}: the booth must check", $"{stay.Plate} 应缴 {Money.Yuan(stay.DueFen ?? 0)} 元，终端报告收了 {Money.Yuan(amountFen)} 元，请收费亭核实");
            }

            var entry = await CloseAsync(connection, transaction, stay, LedgerKind.VisitorFee, StayClosing.Paid, amountFen, channel, channelRef.Trim(), null, actor);
            return entry.IsSuccess ? new PaymentOutcome(entry.Value, false) : Result<PaymentOutcome>.Failure(entry.Problem);
        }, cancellationToken);

    /// <summary>Lets a stay awaiting payment leave free, for a stated reason (the booth's decision).</summary>
    public Task<Result<LedgerEntry>> GrantFreeExitAsync(long stayId, string reason, string actor, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            if (string.IsNullOrWhiteSpace(reason))
            {
                return Result<LedgerEntry>.Failure("missing-reason", "a free exit needs a reason", "免费放行必须填写原因");
            }

            var stay = await FindAsync(connection, transaction, stayId);
            return stay is { Status: StayStatus.AwaitingPayment }
                ? await CloseAsync(connection, transaction, stay, LedgerKind.FreeExit, StayClosing.Free, 0, null, null, reason.Trim(), actor)
                : Result<LedgerEntry>.Failure("no-open-stay", $"stay {stayId} is not awaiting payment at the exit", $"第 {stayId} 次停车不在出口等待缴费");
        }, cancellationToken);

    private async Task<Result<PaymentOutcome>> PrepayAsync(SqliteConnection connection, SqliteTransaction transaction, Stay stay, long amountFen, TariffBook tariffs, string actor)
    {
        var quote = await QuoteAsync(connection, transaction, stay, _timeProvider.GetUtcNow(), tariffs);
        if (!quote.IsSuccess)
        {
            return quote.Problem;
        }

        var (tariff, _) = quote.Value;
        var owes = quote.Value.Quote.AmountFen;
        if (owes == 0 || amountFen != owes)
        {
            return Result<PaymentOutcome>.Failure("wrong-amount",
                $"stay {stay.Id} ({stay.Plate}) owes {Money.Yuan(owes)} yuan up to now, not {Money.Yuan(amountFen)}", $"{stay.Plate} 到现在应缴 {Money.Yuan(owes)} 元，不是 {Money.Yuan(amountFen)} 元");
        }

        var entry = await _ledger.AppendAsync(connection, transaction, new NewLedgerEntry(LedgerKind.VisitorFee, amountFen, actor)
        {
            Plate = stay.Plate, StayId = stay.Id, Channel = PaymentChannel.Cash, TariffId = tariff.Id, TariffHash = tariff.Hash,
            Reason = ExitPolicy.PaidBeforeLeaving(tariff.PaidExitGraceMinutes),
        });
        return entry.IsSuccess ? new PaymentOutcome(entry.Value, false) : Result<PaymentOutcome>.Failure(entry.Problem);
    }
}
