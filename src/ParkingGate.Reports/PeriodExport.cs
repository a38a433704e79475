using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using MiniExcelLibs;
using MiniExcelLibs.Attributes;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;
using ParkingGate.Storage.Audit;
using ParkingGate.Storage.Reports;

namespace ParkingGate.Reports;

/// <summary>
/// A period exported for the accountant: a detail sheet with one row per money entry (序号 … 备注) and summary sheets,
/// as .xlsx (MiniExcel) or as CSV in UTF-8 with a BOM so that Excel opens the Chinese correctly. The file is written
/// to a temporary name and renamed when complete, so a failed export leaves nothing half-written.
/// </summary>
public static class PeriodExport
{
    /// <summary>The detail sheet's columns, in order.</summary>
    public static readonly IReadOnlyList<string> DetailColumns =
        ["序号", "日期", "票据号", "车牌", "入场", "出场", "时长", "收费类型", "应收", "优惠", "实收", "支付方式", "支付流水号", "收费员", "备注"];

    /// <summary>Records an export in the audit log: who took which period's money entries, in which form, up to which entry.</summary>
    public static Task RecordAsync(AuditLog audit, string actor, long? lastSeq, DateOnly from, DateOnly to, string format, int rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var period = (From: from.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), To: to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return audit.RecordAsync(actor, "export", "ledger", lastSeq, new { from = period.From, to = period.To, format, rows }, cancellationToken);
    }

    /// <summary>The detail rows (money in yuan, as numbers Excel can add).</summary>
    public static async Task<List<DetailLine>> DetailAsync(IAsyncEnumerable<DetailRow> rows, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = new List<DetailLine>();
        string? Local(DateTimeOffset? at) => at is { } t ? TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : null;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var e = row.Entry;
            var due = row.FeeFen ?? e.AmountFen;
            var minutes = row.EntryUtc is { } entered && row.ExitUtc is { } left ? (long?)(left - entered).TotalMinutes : null;
            list.Add(new DetailLine
            {
                Seq = e.Seq, Date = Local(e.AtUtc), Receipt = e.ReceiptNo, Plate = e.Plate, Entered = Local(row.EntryUtc), Left = Local(row.ExitUtc),
                Duration = minutes is { } m ? $"{m / 60}小时{m % 60}分" : null, Kind = KindName(e.Kind), Due = Yuan(due), Discount = Yuan(due - e.AmountFen),
                Paid = Yuan(e.AmountFen), Channel = ChannelName(e.Channel), ChannelRef = e.ChannelRef, Operator = e.Operator, Note = e.Reason,
            });
        }

        return list;
    }

    /// <summary>Writes the .xlsx: 明细 (detail), 汇总 (summary), 免费放行与人工开闸, 异常与长期停放.</summary>
    public static Task WriteXlsxAsync(string path, PeriodReport report, List<DetailLine> detail, TimeZoneInfo zone, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(path, stream => WriteXlsxAsync(stream, report, detail, zone, cancellationToken), cancellationToken);

    /// <summary>Writes the .xlsx to <paramref name="stream"/> (a download).</summary>
    public static async Task WriteXlsxAsync(Stream stream, PeriodReport report, List<DetailLine> detail, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sheets = new Dictionary<string, object>
        {
            ["明细"] = detail,
            ["汇总"] = Summary(report),
            ["免费放行与人工开闸"] = Openings(report, zone),
            ["异常与长期停放"] = Anomalies(report, zone),
        };
        await stream.SaveAsAsync(sheets, cancellationToken: cancellationToken);
    }

    /// <summary>Writes the detail as CSV, UTF-8 with a BOM.</summary>
    public static Task WriteCsvAsync(string path, List<DetailLine> detail, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(path, stream => WriteCsvAsync(stream, detail), cancellationToken);

    /// <summary>Writes the detail as CSV to <paramref name="stream"/> (a download).</summary>
    public static async Task WriteCsvAsync(Stream stream, List<DetailLine> detail)
    {
        ArgumentNullException.ThrowIfNull(detail);
        {
            await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
            await using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture));
            foreach (var column in DetailColumns)
            {
                csv.WriteField(column);
            }

            await csv.NextRecordAsync();
            foreach (var row in detail)
            {
                foreach (var cell in row.Cells())
                {
                    csv.WriteField(cell is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : cell?.ToString());
                }

                await csv.NextRecordAsync();
            }
        }
    }

    private static List<Dictionary<string, object?>> Summary(PeriodReport report)
    {
        var income = report.Income;
        var rows = Domain.Reports.IncomeSummary.Categories
            .Select(k => Row(("项目", KindName(k)), ("笔数", income.CountByCategory[k]), ("金额", Yuan(income.ByCategory[k]))))
            .ToList();
        rows.Add(Row(("项目", "合计"), ("笔数", income.CountByCategory.Values.Sum()), ("金额", Yuan(income.TotalFen))));
        rows.AddRange(PaymentChannel.All.Select(c => Row(("项目", ChannelName(c)), ("笔数", null), ("金额", Yuan(income.ByChannel[c])))));
        rows.Add(Row(("项目", "应存现金"), ("笔数", null), ("金额", Yuan(income.CashToDepositFen))));
        rows.Add(Row(("项目", "票据号"), ("笔数", income.Receipts), ("金额", income.FirstReceipt is { } f ? $"{f}–{income.LastReceipt}" : "")));
        rows.Add(Row(("项目", "车次"), ("笔数", report.Visits), ("金额", null)));
        rows.Add(Row(("项目", "平均停留(分钟)"), ("笔数", null), ("金额", Math.Round(report.AverageStay.TotalMinutes))));
        rows.Add(Row(("项目", "账本记录"), ("笔数", income.Entries), ("金额", report.LastSeq >= report.FirstSeq ? $"{report.FirstSeq}–{report.LastSeq}" : "")));
        return rows;
    }

    private static List<Dictionary<string, object?>> Openings(PeriodReport report, TimeZoneInfo zone)
    {
        var rows = report.Income.FreeExits.Select(e => Opening("免费放行", e, zone))
            .Concat(report.Income.ManualOpenings.Select(e => Opening("人工开闸", e, zone))).ToList();
        return rows.Count > 0 ? rows : [Row(("类型", null), ("时间", null), ("车牌", null), ("操作人", null), ("原因", null), ("账本序号", null))];
    }

    private static Dictionary<string, object?> Opening(string kind, LedgerEntry e, TimeZoneInfo zone) =>
        Row(("类型", kind), ("时间", TimeZoneInfo.ConvertTime(e.AtUtc, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)), ("车牌", e.Plate), ("操作人", e.Operator), ("原因", e.Reason), ("账本序号", e.Seq));

    private static List<Dictionary<string, object?>> Anomalies(PeriodReport report, TimeZoneInfo zone)
    {
        string Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var rows = report.Anomalies.Select(a => Row(("类型", "无入账出场"), ("时间", Local(a.AtUtc)), ("车牌", a.Plate), ("车道/房号", a.Lane), ("停车记录", a.StayId)))
            .Concat(report.LongStays.Select(l => Row(("类型", "长期停放"), ("时间", Local(l.SinceUtc)), ("车牌", l.Plate), ("车道/房号", l.Room), ("停车记录", l.StayId))))
            .ToList();
        return rows.Count > 0 ? rows : [Row(("类型", null), ("时间", null), ("车牌", null), ("车道/房号", null), ("停车记录", null))];
    }

    internal static Dictionary<string, object?> Row(params (string Key, object? Value)[] cells) => cells.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);

    /// <summary>
    /// The yuan of a sheet's number cell, for the accountant's sums in Excel: fen stay the money, this is only how a cell
    /// shows it; decimal holds fen / 100 exactly (no binary fraction), and nothing is computed from it.
    /// </summary>
    private static decimal Yuan(long fen) => fen / 100m;

    private static string KindName(LedgerKind kind) => kind switch
    {
        LedgerKind.VisitorFee => "临时停车费",
        LedgerKind.PassSale => "月卡",
        LedgerKind.Refund => "退款",
        LedgerKind.Reversal => "冲正",
        _ => kind.ToName(),
    };

    private static string ChannelName(string? channel) => channel switch
    {
        PaymentChannel.Cash => "现金",
        PaymentChannel.WeChat => "微信",
        PaymentChannel.Alipay => "支付宝",
        null => "",
        _ => "其他",
    };

    internal static async Task WriteAtomicallyAsync(string path, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        var temporary = path + ".part";
        try
        {
            await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                await write(stream);
                await stream.FlushAsync(cancellationToken);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}

/// <summary>One row of the detail sheet; the column names are the accountant's.</summary>
public sealed class DetailLine
{
    [ExcelColumnName("序号")]
    public long Seq { get; init; }

    [ExcelColumnName("日期")]
    public string? Date { get; init; }

    [ExcelColumnName("票据号")]
    public long? Receipt { get; init; }

    [ExcelColumnName("车牌")]
    public string? Plate { get; init; }

    [ExcelColumnName("入场")]
    public string? Entered { get; init; }

    [ExcelColumnName("出场")]
    public string? Left { get; init; }

    [ExcelColumnName("时长")]
    public string? Duration { get; init; }

    [ExcelColumnName("收费类型")]
    public string? Kind { get; init; }

    [ExcelColumnName("应收")]
    public decimal Due { get; init; }

    [ExcelColumnName("优惠")]
    public decimal Discount { get; init; }

    [ExcelColumnName("实收")]
    public decimal Paid { get; init; }

    [ExcelColumnName("支付方式")]
    public string? Channel { get; init; }

    [ExcelColumnName("支付流水号")]
    public string? ChannelRef { get; init; }

    [ExcelColumnName("收费员")]
    public string? Operator { get; init; }

    [ExcelColumnName("备注")]
    public string? Note { get; init; }

    /// <summary>The cells in column order (for CSV).</summary>
    public object?[] Cells() => [Seq, Date, Receipt, Plate, Entered, Left, Duration, Kind, Due, Discount, Paid, Channel, ChannelRef, Operator, Note];
}
