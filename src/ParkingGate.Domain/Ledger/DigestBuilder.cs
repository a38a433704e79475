namespace ParkingGate.Domain.Ledger;

/// <summary>Accumulates the entries of a period, in sequence order, into a <see cref="Digest"/>.</summary>
public sealed class DigestBuilder
{
    private readonly Dictionary<string, long> _sums = PaymentChannel.All.ToDictionary(c => c, _ => 0L, StringComparer.Ordinal);
    private long _count;
    private long _last;
    private string _head;
    private long? _firstReceipt;
    private long? _lastReceipt;

    /// <summary>Starts a digest for <paramref name="estate"/> whose period starts after <paramref name="before"/>.</summary>
    /// <param name="estate">Estate id.</param>
    /// <param name="period">Period label.</param>
    /// <param name="before">The entry just before the period (seq 0 and the genesis hash for the very start).</param>
    /// <param name="beforeHash">That entry's hash.</param>
    public DigestBuilder(string estate, string period, long before, string beforeHash)
    {
        Estate = estate;
        Period = period;
        _last = before;
        _head = beforeHash;
    }

    /// <summary>The estate id.</summary>
    public string Estate { get; }

    /// <summary>The period label.</summary>
    public string Period { get; }

    /// <summary>Adds the next entry of the period.</summary>
    public void Add(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        _count++;
        _last = entry.Seq;
        _head = entry.Hash;
        if (entry.Channel is { } channel)
        {
            var key = PaymentChannel.IsKnown(channel) ? channel : PaymentChannel.Other;
            _sums[key] = checked(_sums[key] + entry.AmountFen);
        }

        if (entry.ReceiptNo is { } receipt)
        {
            _firstReceipt ??= receipt;
            _lastReceipt = receipt;
        }
    }

    /// <summary>The digest of what was added.</summary>
    public Digest Build() => new(Estate, Period, _last, _count, _head, new Dictionary<string, long>(_sums), _firstReceipt, _lastReceipt);
}
