using System.Globalization;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;

namespace ParkingGate.Reports;

/// <summary>One row of a merchant statement: a payment (positive) or a refund (negative).</summary>
/// <param name="Line">The line in the file.</param>
/// <param name="AtLocal">When it happened (the platform's local time).</param>
/// <param name="References">The references the row carries (platform transaction no. and merchant order no., or the refund numbers).</param>
/// <param name="AmountFen">Amount, fen (negative for a refund).</param>
public sealed record StatementRow(int Line, DateTime AtLocal, IReadOnlyList<string> References, long AmountFen);

/// <summary>How one reference came out of the reconciliation.</summary>
public enum MatchState
{
    /// <summary>In both, same amount.</summary>
    Matched,

    /// <summary>In both, different amounts.</summary>
    AmountDiffers,

    /// <summary>In the statement, not in the ledger.</summary>
    OnlyInStatement,

    /// <summary>In the ledger, not in the statement.</summary>
    OnlyInLedger,
}

/// <summary>One line of the reconciliation.</summary>
public sealed record ReconciledItem(MatchState State, string Reference, DateTime? StatementTime, long? StatementFen, long? LedgerSeq, long? LedgerFen);

/// <summary>
/// Merchant statements as WeChat Pay and Alipay export them, read in UTF-8 or GBK:
/// WeChat Pay's 交易账单 (CSV whose header starts with 交易时间 and whose fields carry a leading backquote; payments
/// by 微信订单号/商户订单号 and 应结订单金额, refunds by 微信退款单号/商户退款单号 and 退款金额; the 总交易单数 summary at
/// the end is skipped) and Alipay's 业务明细 (CSV with # comment lines, header starting with 支付宝交易号; 商户订单号,
/// 完成时间, 商家实收（元）, 业务类型 交易 or 退款). Any other file is refused, naming what was expected.
/// </summary>
public static class Statements
{
    public static (List<StatementRow> Rows, string? Error) Read(byte[] bytes, string channel)
    {
        var (text, _) = TextFileEncoding.Decode(bytes);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        return channel switch
        {
            PaymentChannel.WeChat => ReadWeChat(lines),
            PaymentChannel.Alipay => ReadAlipay(lines),
            _ => ([], $"channel '{channel}' has no statement format; use wechat or alipay"),
        };
    }

    public static List<ReconciledItem> Match(IReadOnlyList<StatementRow> rows, IEnumerable<LedgerEntry> ledger)
    {
        var byRef = new Dictionary<string, LedgerEntry>(StringComparer.Ordinal);
        foreach (var entry in ledger.Where(e => e.ChannelRef is not null))
        {
            byRef[entry.ChannelRef!] = entry;
        }

        var seen = new HashSet<long>();
        var items = new List<ReconciledItem>();
        foreach (var row in rows)
        {
            var entry = row.References.Select(r => byRef.GetValueOrDefault(r)).FirstOrDefault(e => e is not null);
            var reference = entry?.ChannelRef ?? row.References[0];
            if (entry is null)
            {
                items.Add(new ReconciledItem(MatchState.OnlyInStatement, reference, row.AtLocal, row.AmountFen, null, null));
                continue;
            }

            seen.Add(entry.Seq);
            items.Add(new ReconciledItem(entry.AmountFen == row.AmountFen ? MatchState.Matched : MatchState.AmountDiffers, reference, row.AtLocal, row.AmountFen, entry.Seq, entry.AmountFen));
        }

        items.AddRange(byRef.Values.Where(e => !seen.Contains(e.Seq)).OrderBy(e => e.Seq)
            .Select(e => new ReconciledItem(MatchState.OnlyInLedger, e.ChannelRef!, null, null, e.Seq, e.AmountFen)));
        return items;
    }

    private static (List<StatementRow>, string?) ReadWeChat(List<string> lines)
    {
        var headerAt = lines.FindIndex(l => l.TrimStart('\uFEFF').StartsWith("交易时间,", StringComparison.Ordinal));
        if (headerAt < 0)
        {
            return ([], "not a WeChat Pay 交易账单: no header line starting with 交易时间 (export it from 商户平台 > 交易中心 > 账单下载)");
        }

        var header = Fields(lines[headerAt]);
        var (col, missing) = Columns(header, "交易时间", "微信订单号", "商户订单号", "交易状态", "应结订单金额", "微信退款单号", "商户退款单号", "退款金额");
        if (missing is not null)
        {
            return ([], $"the WeChat Pay header lacks the column {missing}");
        }

        var rows = new List<StatementRow>();
        for (var i = headerAt + 1; i < lines.Count; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            if (lines[i].StartsWith("总交易单数", StringComparison.Ordinal))
            {
                break; // the summary at the end
            }

            var f = Fields(lines[i]);
            if (f.Count < header.Count)
            {
                return ([], $"line {i + 1} has {f.Count} fields; the header has {header.Count}");
            }

            if (!DateTime.TryParseExact(f[col["交易时间"]], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            {
                return ([], $"line {i + 1}: 交易时间 '{f[col["交易时间"]]}' is not yyyy-MM-dd HH:mm:ss");
            }

            var refund = f[col["交易状态"]] == "REFUND";
            var amountText = f[col[refund ? "退款金额" : "应结订单金额"]];
            if (!Money.TryParseYuan(amountText, out var fen))
            {
                return ([], $"line {i + 1}: amount '{amountText}' is not in yuan");
            }

            var references = refund
                ? new[] { f[col["微信退款单号"]], f[col["商户退款单号"]] }
                : new[] { f[col["微信订单号"]], f[col["商户订单号"]] };
            rows.Add(new StatementRow(i + 1, at, [.. references.Where(r => r.Length > 0)], refund ? -fen : fen));
        }

        return (rows, null);
    }

    private static (List<StatementRow>, string?) ReadAlipay(List<string> lines)
    {
        var headerAt = lines.FindIndex(l => l.TrimStart('\uFEFF').StartsWith("支付宝交易号,", StringComparison.Ordinal));
        if (headerAt < 0)
        {
            return ([], "not an Alipay 业务明细: no header line starting with 支付宝交易号 (download 账单 > 业务明细 from the merchant site)");
        }

        var header = Fields(lines[headerAt]);
        var (col, missing) = Columns(header, "支付宝交易号", "商户订单号", "业务类型", "完成时间", "商家实收（元）");
        if (missing is not null)
        {
            return ([], $"the Alipay header lacks the column {missing}");
        }

        var rows = new List<StatementRow>();
        for (var i = headerAt + 1; i < lines.Count; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            if (lines[i].StartsWith('#'))
            {
                break; // #-----业务明细列表结束----
            }

            var f = Fields(lines[i]);
            if (f.Count < header.Count)
            {
                return ([], $"line {i + 1} has {f.Count} fields; the header has {header.Count}");
            }

            if (!DateTime.TryParseExact(f[col["完成时间"]], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at))
            {
                return ([], $"line {i + 1}: 完成时间 '{f[col["完成时间"]]}' is not yyyy-MM-dd HH:mm:ss");
            }

            if (!Money.TryParseYuan(f[col["商家实收（元）"]].TrimStart('-'), out var fen))
            {
                return ([], $"line {i + 1}: 商家实收 '{f[col["商家实收（元）"]]}' is not in yuan");
            }

            var refund = f[col["业务类型"]] == "退款" || f[col["商家实收（元）"]].StartsWith('-');
            rows.Add(new StatementRow(i + 1, at, [.. new[] { f[col["支付宝交易号"]], f[col["商户订单号"]] }.Where(r => r.Length > 0)], refund ? -fen : fen));
        }

        return (rows, null);
    }

    /// <summary>Splits a statement line: plain commas (the platforms do not quote), each field trimmed of spaces, tabs and WeChat's leading backquote.</summary>
    private static List<string> Fields(string line) => [.. line.Split(',').Select(f => f.Trim().TrimStart('`').Trim())];

    private static (Dictionary<string, int> Index, string? Missing) Columns(List<string> header, params string[] needed)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in needed)
        {
            var at = header.IndexOf(name);
            if (at < 0)
            {
                return (index, name);
            }

            index[name] = at;
        }

        return (index, null);
    }
}
