using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace ParkingGate.Domain.Ledger;

/// <summary>
/// A one-line summary of the ledger up to an entry, for paper, the notice board and a QR code:
/// <c>PGD1 estate=fenglin-anzhi period=day:2026-03-02 last=1234 count=34 head=… cash=123.00 wechat=45.00
/// alipay=0.00 other=0.00 receipts=101-157</c>.
/// </summary>
/// <remarks>
/// <c>last</c> is the last entry covered and <c>head</c> its hash: with them a later check detects a truncated
/// or rewritten ledger. <c>count</c> entries end at <c>last</c> (so the period is entries last−count+1 … last);
/// the channel sums are the signed amounts of those entries in yuan; <c>receipts</c> is the first and last
/// receipt number among them, or <c>none</c>.
/// </remarks>
/// <param name="Estate">The estate id.</param>
/// <param name="Period">What it closes: <c>shift:SEQ</c>, <c>day:yyyy-MM-dd</c>, <c>month:yyyy-MM</c> or <c>head</c>.</param>
/// <param name="Last">The last sequence covered (0 for an empty ledger).</param>
/// <param name="Count">How many entries the period has, ending at <paramref name="Last"/>.</param>
/// <param name="Head">The hash of entry <paramref name="Last"/> (the genesis value for an empty ledger).</param>
/// <param name="SumsFen">Signed sums by channel, in fen, for every channel of <see cref="PaymentChannel.All"/>.</param>
/// <param name="FirstReceipt">First receipt number in the period, or null.</param>
/// <param name="LastReceipt">Last receipt number in the period, or null.</param>
public sealed record Digest(
    string Estate, string Period, long Last, long Count, string Head, IReadOnlyDictionary<string, long> SumsFen,
    long? FirstReceipt, long? LastReceipt)
{
    /// <summary>The format tag.</summary>
    public const string Tag = "PGD1";

    /// <summary>The first sequence covered.</summary>
    public long First => Last - Count + 1;

    /// <summary>The one-line text.</summary>
    public override string ToString()
    {
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{Tag} estate={Estate} period={Period} last={Last} count={Count} head={Head}");
        foreach (var channel in PaymentChannel.All)
        {
            line.Append(CultureInfo.InvariantCulture, $" {channel}={Money.Yuan(SumsFen.GetValueOrDefault(channel))}");
        }

        line.Append(FirstReceipt is { } a && LastReceipt is { } b ? $" receipts={a}-{b}" : " receipts=none");
        return line.ToString();
    }

    /// <summary>Reads a digest line as written by <see cref="ToString"/>; extra spaces are allowed.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Digest? digest, [NotNullWhen(false)] out string? error)
    {
        digest = null;
        var tokens = (text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (tokens.Length == 0 || tokens[0] != Tag)
        {
            error = $"a digest line starts with {Tag}";
            return false;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in tokens[1..])
        {
            var eq = token.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !fields.TryAdd(token[..eq], token[(eq + 1)..]))
            {
                error = $"'{token}' is not a single key=value";
                return false;
            }
        }

        string[] required = ["estate", "period", "last", "count", "head", .. PaymentChannel.All, "receipts"];
        var missing = required.FirstOrDefault(k => !fields.ContainsKey(k));
        if (missing is not null)
        {
            error = $"the digest has no {missing}=";
            return false;
        }

        if (!long.TryParse(fields["last"], NumberStyles.None, CultureInfo.InvariantCulture, out var last)
            || !long.TryParse(fields["count"], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count > last)
        {
            error = $"last={fields["last"]} count={fields["count"]} are not sequence numbers";
            return false;
        }

        if (fields["head"].Length != 64 || !fields["head"].All(Uri.IsHexDigit))
        {
            error = "head= must be 64 hex digits";
            return false;
        }

        var sums = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var channel in PaymentChannel.All)
        {
            if (!TryParseYuan(fields[channel], out var fen))
            {
                error = $"{channel}={fields[channel]} is not an amount like 12.34";
                return false;
            }

            sums[channel] = fen;
        }

        long? firstReceipt = null, lastReceipt = null;
        if (fields["receipts"] != "none")
        {
            var parts = fields["receipts"].Split('-');
            if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b) || a > b)
            {
                error = $"receipts={fields["receipts"]} must be FIRST-LAST or none";
                return false;
            }

            (firstReceipt, lastReceipt) = (a, b);
        }

        digest = new Digest(fields["estate"], fields["period"], last, count, fields["head"].ToLowerInvariant(), sums, firstReceipt, lastReceipt);
        error = null;
        return true;
    }

    private static bool TryParseYuan(string text, out long fen)
    {
        fen = 0;
        var negative = text.StartsWith('-');
        var parts = (negative ? text[1..] : text).Split('.');
        if (parts.Length != 2 || parts[1].Length != 2
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var yuan)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var cents))
        {
            return false;
        }

        fen = checked((yuan * 100) + cents) * (negative ? -1 : 1);
        return true;
    }
}
