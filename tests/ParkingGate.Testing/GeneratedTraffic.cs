using Microsoft.Extensions.Time.Testing;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Testing;

/// <summary>
/// Seeded visitor traffic written through the real stores, day by day, with what it expects the books to say
/// tallied on the side: fees paid in cash, WeChat and Alipay, free exits, refunds, reversals, manual openings and
/// cash deposits. Reports are checked against these tallies, not against themselves.
/// </summary>
public sealed class GeneratedTraffic
{
    private readonly Dictionary<(LedgerKind, string), long> _sums = [];
    private readonly Dictionary<LedgerKind, int> _counts = [];

    /// <summary>Expected income by (category, channel), fen.</summary>
    public IReadOnlyDictionary<(LedgerKind Kind, string Channel), long> Sums => _sums;

    /// <summary>Expected entries by category.</summary>
    public IReadOnlyDictionary<LedgerKind, int> Counts => _counts;

    /// <summary>Stays that ended.</summary>
    public int Visits { get; private set; }

    /// <summary>Free exits granted by the booth (with a reason), not counting zero-fee exits.</summary>
    public int FreeExitsByHand { get; private set; }

    /// <summary>Manual openings.</summary>
    public int ManualOpenings { get; private set; }

    /// <summary>Cash deposited, fen.</summary>
    public long DepositedFen { get; private set; }

    /// <summary>Expected total income, fen.</summary>
    public long TotalFen => _sums.Values.Sum();

    /// <summary>Expected income of one channel, fen.</summary>
    public long Channel(string channel) => _sums.Where(s => s.Key.Item2 == channel).Sum(s => s.Value);

    /// <summary>Expected income of one category, fen.</summary>
    public long Category(LedgerKind kind) => _sums.Where(s => s.Key.Item1 == kind).Sum(s => s.Value);

    /// <summary>
    /// Writes <paramref name="visitorsPerDay"/> visitor stays a day for <paramref name="days"/> days from local midnight
    /// <paramref name="first"/>, on a clock that only moves forward (the ledger's time is the clock's).
    /// </summary>
    public static async Task<GeneratedTraffic> WriteAsync(
        SqliteDatabase database, FakeTimeProvider clock, string estate, TariffBook tariffs, TimeZoneInfo zone, DateOnly first, int days, int visitorsPerDay, int seed)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var traffic = new GeneratedTraffic();
        var random = new Random(seed);
        var ledger = new LedgerStore(database, clock, estate);
        var stays = new StayStore(database, clock, ledger);
        var registry = new RegistryStores(database, clock, ledger);
        await new ShiftBook(database, clock, ledger).OpenShiftAsync(0, "booth"); // cash is taken inside a shift
        var plateNo = 0;
        for (var d = 0; d < days; d++)
        {
            var dayStart = Domain.LocalDays.StartOf(first.AddDays(d), zone);
            // Every visit ends by 20:50 local, so a day's entries stay in that day: reports of a day or a month count them whole.
            var visits = Enumerable.Range(0, visitorsPerDay)
                .Select(_ => random.Next(6 * 60, 20 * 60))
                .Select(start => (In: dayStart.AddMinutes(start), Minutes: random.Next(5, Math.Max(6, Math.Min(6 * 60, (20 * 60) + 50 - start)))))
                .OrderBy(v => v.In.AddMinutes(v.Minutes))
                .ToList();
            foreach (var (entered, minutes) in visits)
            {
                var plate = Plate.Parse($"粤B{plateNo++ % 100_000:00000}");
                var left = entered.AddMinutes(minutes);
                if (left <= clock.GetUtcNow())
                {
                    left = clock.GetUtcNow().AddSeconds(1);
                }

                var stay = (await stays.EnterAsync(new StayEntry(plate, VehicleClass.Small, "in-1", entered, null, false), "camera")).Value!;
                clock.SetUtcNow(left);
                var exit = (await stays.ExitAsync(new StayExit(plate, VehicleClass.Small, "out-1", left, null), tariffs, "camera")).Value!;
                traffic.Visits++;
                if (exit.ClosedBy is not null)
                {
                    continue; // nothing due: the exit closed with a zero free-exit entry
                }

                var due = exit.Stay.DueFen!.Value;
                var roll = random.Next(100);
                if (roll < 5)
                {
                    await stays.GrantFreeExitAsync(stay.Id, "救护车/紧急情况", "booth");
                    traffic.FreeExitsByHand++;
                    continue;
                }

                LedgerEntry paid;
                if (roll < 50)
                {
                    paid = (await stays.PayCashAsync(stay.Id, due, tariffs, "booth")).Value!.Entry;
                }
                else
                {
                    var channel = roll < 80 ? PaymentChannel.WeChat : PaymentChannel.Alipay;
                    var request = (await stays.RequestPaymentAsync(stay.Id)).Value!;
                    paid = (await stays.RecordTerminalPaymentAsync(request.RequestId, channel, $"{channel}-{plateNo}-{d}", due, "terminal")).Value!.Entry;
                }

                traffic.Add(LedgerKind.VisitorFee, paid.Channel!, due);
                var after = random.Next(100);
                if (after < 2)
                {
                    var refund = (await ledger.RefundAsync(paid.Seq, Math.Min(100, due), "多收退还", paid.Channel == PaymentChannel.Cash ? null : $"refund-{paid.Seq}", "booth")).Value!;
                    traffic.Add(LedgerKind.Refund, refund.Channel!, refund.AmountFen);
                }
                else if (after < 3)
                {
                    var reversal = (await ledger.ReverseAsync(paid.Seq, "录入错误", "accountant")).Value!;
                    traffic.Add(LedgerKind.Reversal, reversal.Channel!, reversal.AmountFen);
                }
            }

            Forward(clock, dayStart.AddHours(21));
            var passChannel = d % 2 == 0 ? PaymentChannel.Cash : PaymentChannel.WeChat;
            var sold = await registry.Passes.SellPassAsync(new PassSale(Plate.Parse($"湘C{d % 100_000:00000}"), 1, null, 3, 12_000, passChannel, passChannel == PaymentChannel.Cash ? null : $"pass-{d}", null), zone, "booth");
            traffic.Add(LedgerKind.PassSale, sold.Value!.Entry.Channel!, 12_000);
            await ledger.RecordManualOpeningAsync("in-1", "消防检查", null, null, "booth");
            traffic.ManualOpenings++;
            if (d % 7 == 6)
            {
                await ledger.DepositCashAsync(5_000, $"slip-{d}", "accountant");
                traffic.DepositedFen += 5_000;
            }

            Forward(clock, dayStart.AddHours(23));
        }

        return traffic;
    }

    private static void Forward(FakeTimeProvider clock, DateTimeOffset to)
    {
        if (to > clock.GetUtcNow())
        {
            clock.SetUtcNow(to);
        }
    }

    private void Add(LedgerKind kind, string channel, long fen)
    {
        _sums[(kind, channel)] = _sums.GetValueOrDefault((kind, channel)) + fen;
        _counts[kind] = _counts.GetValueOrDefault(kind) + 1;
    }
}
