using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;
using ParkingGate.Storage.Audit;

namespace ParkingGate.Storage.Ledger;

public sealed partial class LedgerStore
{
    /// <summary>
    /// Cancels entry <paramref name="seq"/>, written by mistake, with a reversal of its exact negative. Nothing is
    /// edited: the original stays, and a correct entry, if needed, is appended after.
    /// </summary>
    public Task<Result<LedgerEntry>> ReverseAsync(long seq, string reason, string actor, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            if (string.IsNullOrWhiteSpace(reason))
            {
                return Result<LedgerEntry>.Failure("missing-reason", $"a reason is required to reverse entry {seq}", $"冲正第 {seq} 条账目必须填写原因");
            }

            var target = ReadEntries(connection, transaction, "WHERE seq = @seq", new SqliteParameter("@seq", seq)).FirstOrDefault();
            if (target is null)
            {
                return Result<LedgerEntry>.Failure("no-such-entry", $"ledger entry {seq} does not exist", $"没有第 {seq} 条账目");
            }

            if (target.Kind == LedgerKind.Reversal)
            {
                return Result<LedgerEntry>.Failure("cannot-reverse", $"entry {seq} is itself a reversal; append the correct entry instead", $"第 {seq} 条本身是冲正，请另记一条正确的账目");
            }

            var already = await connection.ExecuteScalarAsync<long?>(
                "SELECT seq FROM ledger WHERE kind = 'reversal' AND reverses_seq = @seq;", new { seq }, transaction);
            if (already is { } by)
            {
                return Result<LedgerEntry>.Failure("already-reversed", $"entry {seq} was already reversed by entry {by}", $"第 {seq} 条已由第 {by} 条冲正");
            }

            return await AppendAuditedAsync(connection, transaction, new NewLedgerEntry(LedgerKind.Reversal, -target.AmountFen, actor)
            {
                Plate = target.Plate, StayId = target.StayId, Channel = target.Channel, ReversesSeq = seq, Reason = reason,
                TariffId = target.TariffId, TariffHash = target.TariffHash,
            }, "ledger.reverse", new { reverses = seq, amountFen = -target.AmountFen, reason });
        }, cancellationToken);

    /// <summary>Returns <paramref name="amountFen"/> of a fee or pass sale to the customer.</summary>
    public Task<Result<LedgerEntry>> RefundAsync(long seq, long amountFen, string reason, string? channelRef, string actor, CancellationToken cancellationToken = default) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            if (string.IsNullOrWhiteSpace(reason))
            {
                return Result<LedgerEntry>.Failure("missing-reason", $"a reason is required to refund entry {seq}", $"退款（第 {seq} 条）必须填写原因");
            }

            var target = ReadEntries(connection, transaction, "WHERE seq = @seq", new SqliteParameter("@seq", seq)).FirstOrDefault();
            if (target is null || target.Kind is not (LedgerKind.VisitorFee or LedgerKind.PassSale))
            {
                return Result<LedgerEntry>.Failure("cannot-refund", $"entry {seq} is not a visitor fee or pass sale", $"第 {seq} 条不是临停收费或月卡收入，不能退款");
            }

            var returned = await connection.ExecuteScalarAsync<long>(
                "SELECT coalesce(-sum(amount_fen), 0) FROM ledger WHERE kind IN ('refund', 'reversal') AND reverses_seq = @seq;", new { seq }, transaction);
            if (amountFen <= 0 || amountFen > target.AmountFen - returned)
            {
                return Result<LedgerEntry>.Failure("invalid-amount",
                    $"a refund of entry {seq} must be between 0.01 and {Money.Yuan(target.AmountFen - returned)} yuan, not {Money.Yuan(amountFen)}", $"第 {seq} 条的退款应在 0.01 到 {Money.Yuan(target.AmountFen - returned)} 元之间，不能是 {Money.Yuan(amountFen)} 元");
            }

            return await AppendAuditedAsync(connection, transaction, new NewLedgerEntry(LedgerKind.Refund, -amountFen, actor)
            {
                Plate = target.Plate, StayId = target.StayId, Channel = target.Channel, ChannelRef = channelRef, ReversesSeq = seq, Reason = reason,
            }, "ledger.refund", new { refunds = seq, amountFen = -amountFen, reason, channelRef });
        }, cancellationToken);

    /// <summary>Records cash handed from the booth to the estate's account (negative cash).</summary>
    public Task<Result<LedgerEntry>> DepositCashAsync(long amountFen, string? slip, string actor, CancellationToken cancellationToken = default)
    {
        if (amountFen <= 0)
        {
            return Task.FromResult(Result<LedgerEntry>.Failure("invalid-amount", $"a deposit must be more than 0, not {Money.Yuan(amountFen)}", $"存款金额应大于 0，不能是 {Money.Yuan(amountFen)} 元"));
        }

        return InTransactionAsync(
            (connection, transaction) => AppendAuditedAsync(connection, transaction,
                new NewLedgerEntry(LedgerKind.CashDeposit, -amountFen, actor) { Channel = PaymentChannel.Cash, ChannelRef = slip },
                "ledger.deposit", new { amountFen = -amountFen, slip }),
            cancellationToken);
    }

    /// <summary>Records the gate opened by hand: who and why, with the stay if there is one.</summary>
    public Task<Result<LedgerEntry>> RecordManualOpeningAsync(string lane, string reason, string? plate, long? stayId, string actor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Task.FromResult(Result<LedgerEntry>.Failure("missing-reason", "opening the gate by hand needs a reason", "人工开闸必须填写原因"));
        }

        return AppendAsync(new NewLedgerEntry(LedgerKind.ManualOpening, 0, actor)
        {
            Plate = plate, StayId = stayId, Reason = reason, Detail = $"lane={lane}",
        }, cancellationToken);
    }

    /// <summary>Appends a correction and its audit row in the caller's transaction: who did it is kept with what was done.</summary>
    private async Task<Result<LedgerEntry>> AppendAuditedAsync(SqliteConnection connection, SqliteTransaction transaction, NewLedgerEntry entry, string action, object detail)
    {
        var written = await AppendAsync(connection, transaction, entry);
        if (written.IsSuccess)
        {
            await AuditLog.AppendAsync(connection, transaction, Instants.ToText(written.Value.AtUtc), entry.Operator, action, "ledger", written.Value.Seq, null, detail);
        }

        return written;
    }

    private Task<Result<T>> InTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<Result<T>>> work, CancellationToken cancellationToken) =>
        _database.WriteAsync(work, r => r.IsSuccess, cancellationToken);
}
