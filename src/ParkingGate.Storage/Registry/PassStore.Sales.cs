using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Storage.Ledger;

namespace ParkingGate.Storage.Registry;

/// <summary>A pass to sell or renew.</summary>
/// <param name="Plate">The plate.</param>
/// <param name="Months">How many months it runs.</param>
/// <param name="From">First local day; null starts today, or the day the plate's current pass ends (a renewal).</param>
/// <param name="GraceDays">Days after the end it still covers.</param>
/// <param name="AmountFen">The price paid.</param>
/// <param name="Channel">How it was paid.</param>
/// <param name="ChannelRef">The payment's reference, if any.</param>
/// <param name="Room">The household it is sold to, if any.</param>
public sealed record PassSale(Plate Plate, int Months, DateOnly? From, int GraceDays, long AmountFen, string Channel, string? ChannelRef, RoomNumber? Room);

/// <summary>A sold pass and its ledger entry.</summary>
public sealed record SoldPass(Pass Pass, LedgerEntry Entry);

public sealed partial class PassStore
{
    /// <summary>
    /// Sells or renews a pass: the pass and its pass-sale ledger entry are written in one transaction, or neither.
    /// Cash goes into the shift of the person selling, as at the booth: without one of theirs open, a cash sale is refused.
    /// </summary>
    public async Task<Result<SoldPass>> SellPassAsync(PassSale sale, TimeZoneInfo zone, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sale);
        ArgumentNullException.ThrowIfNull(zone);
        RequireActor(actor);
        if (sale.Months is < 1 or > 24 || sale.AmountFen <= 0 || sale.GraceDays is < 0 or > 31 || !PaymentChannel.IsKnown(sale.Channel))
        {
            return Result<SoldPass>.Failure("invalid-pass",
                $"a pass runs 1–24 months (not {sale.Months}), costs more than 0 (not {Money.Yuan(sale.AmountFen)}), has 0–31 grace days (not {sale.GraceDays}) and a known channel (not '{sale.Channel}')", $"月卡为 1–24 个月（不是 {sale.Months}），金额大于 0（不是 {Money.Yuan(sale.AmountFen)} 元），宽限 0–31 天（不是 {sale.GraceDays}），付款方式须为现金、微信、支付宝或其他（不是“{sale.Channel}”）");
        }

        await using var write = await Database.BeginWriteAsync(cancellationToken);

        var (connection, transaction) = (write.Connection, write.Transaction);
        if (sale.Channel == PaymentChannel.Cash && await ShiftBook.CashRefusalAsync(connection, transaction, actor) is { } refused)
        {
            return refused;
        }

        long? householdId = null;
        if (sale.Room is { } room)
        {
            var household = await HouseholdStore.FindHouseholdAsync(connection, transaction, room.ToString());
            if (household is null)
            {
                return Result<SoldPass>.Failure("unknown-room", $"room {room} has no registered household", $"房号 {room} 没有登记住户");
            }

            householdId = household.Id;
        }

        var now = Time.GetUtcNow();
        var currentEnd = await connection.ExecuteScalarAsync<string?>(
            "SELECT max(ends_utc) FROM passes WHERE plate = @plate AND cancelled_utc IS NULL AND ends_utc > @now;",
            new { plate = sale.Plate.Text, now = Instants.ToText(now) }, transaction);
        var starts = sale.From is { } from
            ? LocalDays.StartOf(from, zone)
            : currentEnd is not null ? Instants.FromText(currentEnd) : LocalDays.StartOf(LocalDays.DayOf(now, zone), zone);
        var startDay = LocalDays.DayOf(starts, zone);
        var ends = LocalDays.StartOf(startDay.AddMonths(sale.Months), zone);
        var nowText = Instants.ToText(now);
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO passes (plate, household_id, starts_utc, ends_utc, grace_days, amount_fen, sold_utc, sold_by)
            VALUES (@plate, @householdId, @starts, @ends, @graceDays, @amountFen, @now, @actor) RETURNING id;
            """,
            new
            {
                plate = sale.Plate.Text, householdId, starts = Instants.ToText(starts), ends = Instants.ToText(ends), graceDays = sale.GraceDays,
                amountFen = sale.AmountFen, now = nowText, actor,
            },
            transaction);
        var pass = new Pass(id, sale.Plate.Text, householdId, starts, ends, sale.GraceDays, sale.AmountFen, Instants.FromText(nowText), actor);
        var entry = await _ledger.AppendAsync(connection, transaction, new NewLedgerEntry(LedgerKind.PassSale, sale.AmountFen, actor)
        {
            Plate = sale.Plate.Text, Channel = sale.Channel, ChannelRef = sale.ChannelRef,
            Detail = $"pass={id} from={startDay:yyyy-MM-dd} months={sale.Months} grace={sale.GraceDays}",
        });
        if (!entry.IsSuccess)
        {
            return entry.Problem;
        }

        await AuditAsync(connection, transaction, nowText, actor, "pass.sell", "pass", id, null, pass);
        await Cameras.CameraListStore.PlateChangedAsync(connection, transaction, pass.Plate, nowText);
        await transaction.CommitAsync(cancellationToken);
        return new SoldPass(pass, entry.Value);
    }
}
