using System.Globalization;

namespace ParkingGate.Domain.Conduct;

/// <summary>The verdict on a conduct register: OK, or the first bad record and what is wrong with it.</summary>
/// <param name="Ok">True when every check held.</param>
/// <param name="Records">How many records were read.</param>
/// <param name="HeadSeq">The last sequence read.</param>
/// <param name="HeadHash">Its hash (the genesis value for an empty register).</param>
/// <param name="BadSeq">The first sequence that failed, or null.</param>
/// <param name="Problem">What is wrong, in plain words; null when OK.</param>
public sealed record ConductVerdict(bool Ok, long Records, long HeadSeq, string HeadHash, long? BadSeq, string? Problem)
{
    /// <summary>The register's digest line at its head, as a notice prints it.</summary>
    public string DigestLine(string estate) => ConductVerifier.DigestLine(estate, HeadSeq, HeadHash);
}

/// <summary>
/// Checks a conduct register read in sequence order: sequence without gaps, every link, every hash recomputed, time
/// order, and every pointer (a correction, a decision, an outcome) at an earlier record of the right kind; and, when a
/// notice's digest line is given, that the register holds the record it names with that hash.
/// </summary>
public sealed class ConductVerifier
{
    /// <summary>The digest line's tag.</summary>
    public const string DigestTag = "PGR1";

    private readonly Dictionary<long, ConductKind> _kinds = [];
    private readonly Dictionary<long, string> _hashes = [];
    private string _prevHash;
    private DateTimeOffset _prevAt = DateTimeOffset.MinValue;
    private long _seq;
    private (long Seq, string? Problem)? _failure;

    /// <summary>Starts a verification of <paramref name="estate"/>'s register.</summary>
    public ConductVerifier(string estate)
    {
        ArgumentException.ThrowIfNullOrEmpty(estate);
        _prevHash = ConductHash.Genesis(estate);
        Genesis = _prevHash;
    }

    private string Genesis { get; }

    /// <summary>The digest line of a register whose record <paramref name="last"/> has <paramref name="head"/>.</summary>
    public static string DigestLine(string estate, long last, string head) =>
        string.Create(CultureInfo.InvariantCulture, $"{DigestTag} estate={estate} last={last} head={head}");

    /// <summary>Reads a digest line: the record it names and that record's hash; null when it is not one for <paramref name="estate"/>.</summary>
    public static (long Last, string Head)? ParseDigest(string? line, string estate)
    {
        var fields = (line ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (fields.Length != 4 || fields[0] != DigestTag || fields[1] != $"estate={estate}"
            || !fields[2].StartsWith("last=", StringComparison.Ordinal) || !long.TryParse(fields[2][5..], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || !fields[3].StartsWith("head=", StringComparison.Ordinal) || fields[3].Length != 5 + 64)
        {
            return null;
        }

        return (last, fields[3][5..]);
    }

    /// <summary>Checks the next record.</summary>
    public void Add(ConductRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (_failure is not null)
        {
            return;
        }

        var problem = Check(record);
        if (problem is not null)
        {
            _failure = (record.Seq, problem);
            return;
        }

        _seq = record.Seq;
        _prevHash = record.Hash;
        _prevAt = record.AtUtc;
        _kinds[record.Seq] = record.Kind;
        _hashes[record.Seq] = record.Hash;
    }

    /// <summary>The verdict on what was added; with <paramref name="digest"/>, also that the register holds what it names.</summary>
    public ConductVerdict Finish(string? digest = null, string? estate = null)
    {
        if (_failure is { } failed)
        {
            return new ConductVerdict(false, _seq, _seq, _prevHash, failed.Seq, failed.Problem);
        }

        if (digest is not null)
        {
            if (estate is null || ParseDigest(digest, estate) is not { } named)
            {
                return new ConductVerdict(false, _seq, _seq, _prevHash, null, $"'{digest}' is not a register digest line of this estate");
            }

            var head = named.Last == 0 ? Genesis : _hashes.GetValueOrDefault(named.Last);
            if (head is null)
            {
                return new ConductVerdict(false, _seq, _seq, _prevHash, null, $"the digest names record {named.Last}, but the register ends at {_seq}");
            }

            if (!string.Equals(head, named.Head, StringComparison.Ordinal))
            {
                return new ConductVerdict(false, _seq, _seq, _prevHash, named.Last, $"record {named.Last} has hash {head}, not the {named.Head} the digest names: the register was rewritten");
            }
        }

        return new ConductVerdict(true, _seq, _seq, _prevHash, null, null);
    }

    private string? Check(ConductRecord r)
    {
        if (r.Seq != _seq + 1)
        {
            return $"record {r.Seq} follows {_seq}: a record is missing or out of order";
        }

        if (!string.Equals(r.PrevHash, _prevHash, StringComparison.Ordinal))
        {
            return $"record {r.Seq} does not link to the record before it";
        }

        if (!string.Equals(ConductHash.Compute(r), r.Hash, StringComparison.Ordinal))
        {
            return $"record {r.Seq} does not match its hash: it was changed after it was written";
        }

        if (r.AtUtc < _prevAt)
        {
            return $"record {r.Seq} is dated before the record before it";
        }

        var needs = r.Kind switch
        {
            ConductKind.Correction => (ConductKind[]?)[ConductKind.Violation, ConductKind.Commendation, ConductKind.Notice, ConductKind.NoticeOutcome, ConductKind.Decision],
            ConductKind.Decision => [ConductKind.Proposal],
            ConductKind.NoticeOutcome => [ConductKind.Notice],
            ConductKind.Proposal => [ConductKind.Violation],
            _ => null,
        };
        if (needs is not null && (r.RefersTo is not { } target || !_kinds.TryGetValue(target, out var kind) || !needs.Contains(kind)))
        {
            return $"record {r.Seq} ({r.Kind.ToName()}) points at {(r.RefersTo is { } t ? $"record {t}" : "nothing")}, not at an earlier {string.Join(" or ", needs.Select(n => n.ToName()))}";
        }

        return null;
    }
}
