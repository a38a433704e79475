using ParkingGate.Domain.Ledger;

namespace ParkingGate.Domain.Reports;

/// <summary>
/// The money of a period as the accountant reports it: income by category and by channel (which add up to the
/// same total), the cash that should go to the bank, the receipt numbers used, and every free exit and manual
/// opening with who and why. Built from ledger entries alone, so every figure traces to entries.
/// </summary>
public sealed class IncomeSummary
{
    /// <summary>The income categories, in report order.</summary>
    public static readonly IReadOnlyList<LedgerKind> Categories = [LedgerKind.VisitorFee, LedgerKind.PassSale, LedgerKind.Refund, LedgerKind.Reversal];

    private readonly Dictionary<LedgerKind, long> _byCategory = Categories.ToDictionary(k => k, _ => 0L);
    private readonly Dictionary<LedgerKind, int> _countByCategory = Categories.ToDictionary(k => k, _ => 0);
    private readonly Dictionary<string, long> _byChannel = PaymentChannel.All.ToDictionary(c => c, _ => 0L, StringComparer.Ordinal);
    private readonly List<LedgerEntry> _freeExits = [];
    private readonly List<LedgerEntry> _manualOpenings = [];

    /// <summary>Income by category (fen); refunds and reversals are negative.</summary>
    public IReadOnlyDictionary<LedgerKind, long> ByCategory => _byCategory;

    /// <summary>How many entries of each category.</summary>
    public IReadOnlyDictionary<LedgerKind, int> CountByCategory => _countByCategory;

    /// <summary>Income by payment channel (fen): cash, wechat, alipay, other.</summary>
    public IReadOnlyDictionary<string, long> ByChannel => _byChannel;

    /// <summary>The period's net income (fen).</summary>
    public long TotalFen { get; private set; }

    /// <summary>Cash taken to the bank in the period (fen, from cash-deposit entries).</summary>
    public long CashDepositedFen { get; private set; }

    /// <summary>Net cash income of the period not yet deposited in it (fen).</summary>
    public long CashToDepositFen => _byChannel[PaymentChannel.Cash] - CashDepositedFen;

    /// <summary>The first receipt number used in the period, if any.</summary>
    public long? FirstReceipt { get; private set; }

    /// <summary>The last receipt number used in the period, if any.</summary>
    public long? LastReceipt { get; private set; }

    /// <summary>Receipts issued in the period.</summary>
    public int Receipts { get; private set; }

    /// <summary>Free exits, with operator and reason.</summary>
    public IReadOnlyList<LedgerEntry> FreeExits => _freeExits;

    /// <summary>Manual openings, with operator and reason.</summary>
    public IReadOnlyList<LedgerEntry> ManualOpenings => _manualOpenings;

    /// <summary>Entries read.</summary>
    public int Entries { get; private set; }

    /// <summary>Adds the next entry of the period.</summary>
    public void Add(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Entries++;
        if (_byCategory.TryGetValue(entry.Kind, out var sum))
        {
            _byCategory[entry.Kind] = checked(sum + entry.AmountFen);
            _countByCategory[entry.Kind]++;
            var channel = PaymentChannel.IsKnown(entry.Channel) ? entry.Channel! : PaymentChannel.Other;
            _byChannel[channel] = checked(_byChannel[channel] + entry.AmountFen);
            TotalFen = checked(TotalFen + entry.AmountFen);
        }
        else if (entry.Kind == LedgerKind.CashDeposit)
        {
            CashDepositedFen = checked(CashDepositedFen + Math.Abs(entry.AmountFen));
        }
        else if (entry.Kind == LedgerKind.FreeExit)
        {
            _freeExits.Add(entry);
        }
        else if (entry.Kind == LedgerKind.ManualOpening)
        {
            _manualOpenings.Add(entry);
        }

        if (entry.ReceiptNo is { } receipt)
        {
            FirstReceipt ??= receipt;
            LastReceipt = receipt;
            Receipts++;
        }
    }

    /// <summary>Builds the summary of <paramref name="entries"/>.</summary>
    public static IncomeSummary Of(IEnumerable<LedgerEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var summary = new IncomeSummary();
        foreach (var entry in entries)
        {
            summary.Add(entry);
        }

        return summary;
    }
}
