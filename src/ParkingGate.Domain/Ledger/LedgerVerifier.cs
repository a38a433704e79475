namespace ParkingGate.Domain.Ledger;

/// <summary>The verdict on a ledger: OK, or the first bad sequence and what is wrong with it.</summary>
/// <param name="Ok">True when every check held.</param>
/// <param name="Entries">How many entries were read.</param>
/// <param name="HeadSeq">The last sequence read.</param>
/// <param name="HeadHash">Its hash (the genesis value for an empty ledger).</param>
/// <param name="BadSeq">The first sequence that failed, or null (also null for a digest that the ledger does not reach).</param>
/// <param name="Problem">What is wrong, in plain words; null when OK.</param>
public sealed record LedgerVerdict(bool Ok, long Entries, long HeadSeq, string HeadHash, long? BadSeq, string? Problem);

/// <summary>
/// Checks a ledger read in sequence order, one entry at a time so a million entries need no more memory than
/// their amounts: sequence without gaps, every link, every hash recomputed from the data, time order, receipt
/// numbers gap-free, channel references unique, reversal and refund targets, and each digest given
/// (head hash, count, sums, receipt range).
/// </summary>
public sealed class LedgerVerifier
{
    private readonly string _estate;
    private readonly List<(Digest Given, DigestBuilder? Built)> _digests;
    private readonly HashSet<(string, string)> _channelRefs = [];
    private readonly HashSet<long> _reversed = [];
    private readonly List<long> _amounts = [0];
    private readonly List<LedgerKind> _kinds = [default];
    private string _prevHash;
    private DateTimeOffset _prevAt = DateTimeOffset.MinValue;
    private long _seq;
    private long _nextReceipt = 1;

    /// <summary>Starts a verification of <paramref name="estate"/>'s ledger against the given digests.</summary>
    public LedgerVerifier(string estate, IEnumerable<Digest> digests)
    {
        ArgumentException.ThrowIfNullOrEmpty(estate);
        ArgumentNullException.ThrowIfNull(digests);
        _estate = estate;
        _prevHash = LedgerHash.Genesis(estate);
        _digests = [.. digests.Select(d => (d, (DigestBuilder?)null))];
    }

    /// <summary>
    /// Checks every entry of <paramref name="entries"/> and gives the verdict. Reading (from a file or database)
    /// runs on its own thread while this one hashes and checks, so a million entries take the longer of the two,
    /// not their sum.
    /// </summary>
    public LedgerVerdict VerifyAll(IEnumerable<LedgerEntry> entries, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entries);
        const int batchSize = 1024;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var batches = System.Threading.Channels.Channel.CreateBounded<LedgerEntry[]>(
            new System.Threading.Channels.BoundedChannelOptions(16) { SingleReader = true, SingleWriter = true });
        var reader = Task.Run(async () =>
        {
            try
            {
                var batch = new List<LedgerEntry>(batchSize);
                foreach (var entry in entries)
                {
                    batch.Add(entry);
                    if (batch.Count == batchSize)
                    {
                        await batches.Writer.WriteAsync([.. batch], stop.Token);
                        batch.Clear();
                    }
                }

                await batches.Writer.WriteAsync([.. batch], stop.Token);
                batches.Writer.Complete();
            }
            catch (Exception e)
            {
                batches.Writer.Complete(e);
            }
        }, stop.Token);

        try
        {
            while (batches.Reader.WaitToReadAsync(stop.Token).AsTask().GetAwaiter().GetResult())
            {
                while (batches.Reader.TryRead(out var batch))
                {
                    foreach (var entry in batch)
                    {
                        if (!Add(entry))
                        {
                            return Failure!;
                        }
                    }
                }
            }

            return Finish();
        }
        finally
        {
            stop.Cancel();
            try
            {
                reader.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                // The reader was told to stop because a failure was found.
            }
        }
    }

    /// <summary>The first failure, once there is one.</summary>
    public LedgerVerdict? Failure { get; private set; }

    /// <summary>Checks the next entry. Returns false (and sets <see cref="Failure"/>) at the first problem.</summary>
    public bool Add(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (Failure is not null)
        {
            return false;
        }

        var problem = Check(entry);
        if (problem is not null)
        {
            Failure = new LedgerVerdict(false, _seq, _seq, _prevHash, entry.Seq, problem);
            return false;
        }

        for (var i = 0; i < _digests.Count; i++)
        {
            var (given, built) = _digests[i];
            if (given.Count > 0 && entry.Seq == given.First)
            {
                built = new DigestBuilder(given.Estate, given.Period, _seq, _prevHash);
                _digests[i] = (given, built);
            }
            else if (given.Count == 0 && entry.Seq == given.Last)
            {
                // An empty period still names the entry the ledger stood at.
                _digests[i] = (given, new DigestBuilder(given.Estate, given.Period, entry.Seq, entry.Hash));
            }

            if (built is not null && entry.Seq <= given.Last)
            {
                built.Add(entry);
            }
        }

        _seq = entry.Seq;
        _prevHash = entry.Hash;
        _prevAt = entry.AtUtc;
        _amounts.Add(entry.AmountFen);
        _kinds.Add(entry.Kind);
        return true;
    }

    /// <summary>The verdict after the last entry: checks the digests against what was read.</summary>
    public LedgerVerdict Finish()
    {
        if (Failure is not null)
        {
            return Failure;
        }

        foreach (var (given, built) in _digests)
        {
            var problem = CheckDigest(given, built);
            if (problem is not null)
            {
                return Failure = new LedgerVerdict(false, _seq, _seq, _prevHash, given.Last <= _seq ? given.Last : null, problem);
            }
        }

        return new LedgerVerdict(true, _seq, _seq, _prevHash, null, null);
    }

    private string? Check(LedgerEntry e)
    {
        if (e.Seq != _seq + 1)
        {
            return e.Seq <= _seq
                ? $"sequence {e.Seq} comes after {_seq}: entries are out of order or repeated"
                : $"sequence jumps from {_seq} to {e.Seq}: {(e.Seq - _seq - 1 == 1 ? $"entry {_seq + 1} is" : $"entries {_seq + 1}–{e.Seq - 1} are")} missing";
        }

        if (e.PrevHash != _prevHash)
        {
            return _seq == 0
                ? $"entry 1 does not start a ledger of estate '{_estate}' (its prev_hash is not this estate's genesis value)"
                : $"prev_hash does not match the hash of entry {_seq}: the chain is broken here";
        }

        if (!LedgerHash.HasValidHash(e))
        {
            return "the stored hash does not match the entry's content: the entry was changed after it was written";
        }

        if (e.AtUtc < _prevAt)
        {
            return $"time {LedgerHash.Time(e.AtUtc)} is earlier than entry {_seq} ({LedgerHash.Time(_prevAt)}): entries are backdated or out of order";
        }

        return CheckKind(e) ?? CheckReceipt(e) ?? CheckChannel(e);
    }

    private string? CheckKind(LedgerEntry e)
    {
        switch (e.Kind)
        {
            case LedgerKind.Reversal or LedgerKind.Refund when e.ReversesSeq is not { } target || target < 1 || target >= e.Seq:
                return $"{e.Kind.ToName()} must point at an earlier entry (reverses_seq={e.ReversesSeq})";
            case LedgerKind.Reversal when _kinds[(int)e.ReversesSeq!.Value] is LedgerKind.Reversal:
                return $"reversal points at entry {e.ReversesSeq}, which is itself a reversal";
            case LedgerKind.Reversal when e.AmountFen != -_amounts[(int)e.ReversesSeq!.Value]:
                return $"reversal of entry {e.ReversesSeq} is {e.AmountFen} fen, not the negative of its {_amounts[(int)e.ReversesSeq.Value]} fen";
            case LedgerKind.Reversal when !_reversed.Add(e.ReversesSeq!.Value):
                return $"entry {e.ReversesSeq} is reversed a second time";
            case LedgerKind.Refund when e.AmountFen >= 0:
                return $"a refund must be negative, not {e.AmountFen} fen";
            case LedgerKind.VisitorFee or LedgerKind.PassSale when e.AmountFen < 0:
                return $"a {e.Kind.ToName()} cannot be negative ({e.AmountFen} fen)";
            case LedgerKind.VisitorFee or LedgerKind.PassSale or LedgerKind.Refund or LedgerKind.CashDeposit when !PaymentChannel.IsKnown(e.Channel):
                return $"a {e.Kind.ToName()} needs a payment channel (cash, wechat, alipay, other), not '{e.Channel}'";
            case LedgerKind.FreeExit or LedgerKind.ManualOpening or LedgerKind.ShiftOpen or LedgerKind.ShiftClose or LedgerKind.Digest or LedgerKind.HoldStart or LedgerKind.HoldEnd when e.AmountFen != 0:
                return $"a {e.Kind.ToName()} moves no money, yet has {e.AmountFen} fen";
            default:
                return null;
        }
    }

    private string? CheckReceipt(LedgerEntry e)
    {
        if (!e.Kind.IssuesReceipt())
        {
            return e.ReceiptNo is null ? null : $"a {e.Kind.ToName()} carries receipt {e.ReceiptNo}, but issues none";
        }

        if (e.ReceiptNo != _nextReceipt)
        {
            return e.ReceiptNo is null
                ? $"a {e.Kind.ToName()} has no receipt number (expected {_nextReceipt})"
                : $"receipt {e.ReceiptNo} where {_nextReceipt} was due: receipt numbers must run without gaps or repeats";
        }

        _nextReceipt++;
        return null;
    }

    private string? CheckChannel(LedgerEntry e) =>
        e.ChannelRef is { } reference && !_channelRefs.Add((e.Channel ?? "", reference))
            ? $"{e.Channel} reference {reference} appears a second time: a payment was recorded twice"
            : null;

    private string? CheckDigest(Digest given, DigestBuilder? built)
    {
        var label = $"digest {given.Period} (last={given.Last})";
        if (given.Estate != _estate)
        {
            return $"{label} belongs to estate '{given.Estate}', not '{_estate}'";
        }

        if (given.Last > _seq)
        {
            return $"{label}: the ledger ends at entry {_seq}, so entries up to {given.Last} were removed (truncated)";
        }

        var actual = given.Last == 0
            ? new DigestBuilder(_estate, given.Period, 0, LedgerHash.Genesis(_estate)).Build()
            : built!.Build();
        if (actual.Head != given.Head)
        {
            return $"{label}: entry {given.Last} has hash {actual.Head[..12]}…, the digest says {given.Head[..12]}…: the ledger was rewritten";
        }

        foreach (var channel in PaymentChannel.All)
        {
            if (actual.SumsFen[channel] != given.SumsFen.GetValueOrDefault(channel))
            {
                return $"{label}: {channel} sums to {Money.Yuan(actual.SumsFen[channel])}, the digest says {Money.Yuan(given.SumsFen.GetValueOrDefault(channel))}";
            }
        }

        return (actual.FirstReceipt, actual.LastReceipt) != (given.FirstReceipt, given.LastReceipt)
            ? $"{label}: receipts run {actual.FirstReceipt}-{actual.LastReceipt}, the digest says {given.FirstReceipt}-{given.LastReceipt}"
            : null;
    }
}
