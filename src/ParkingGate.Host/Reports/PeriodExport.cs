using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using MiniExcelLibs;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;
using ParkingGate.Storage.Reports;

namespace ParkingGate.Host.Reports;

/// <summary>
/// A period exported for the accountant: a detail sheet with one row per money entry (序号 … 备注) and summary sheets,
/// as .xlsx (MiniExcel) or as CSV in UTF-8 with a BOM so that Excel opens the Chinese correctly. The file is written
/// to a temporary name and renamed when complete, so a failed export leaves nothing half-written.
/// </summary>
internal static class PeriodExport
{
    private static IReadOnlyList<string> DetailColumns => Cli.ExportColumns.Detail;

    /// <summary>The detail rows, each a column → value map (money in yuan, as numbers Excel can add).</summary>
    public static async Task<List<Dictionary<string, object?>>> DetailAsync(IAsyncEnumerable<DetailRow> rows, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var list = new List<Dictionary<string, object?>>();
        string? Local(DateTimeOffset? at) => at is { } t ? TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : null;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var e = row.Entry;
            var due = row.FeeFen ?? e.AmountFen;
            var minutes = row.EntryUtc is { } entered && row.ExitUtc is { } left ? (long?)(left - entered).TotalMinutes : null;
            list.Add(new Dictionary<string, object?>(StringComparer.Ordinal)
            {
                ["序号"] = e.Seq,
                ["日期"] = Local(e.AtUtc),
                ["票据号"] = e.ReceiptNo,
                ["车牌"] = e.Plate,
                ["入场"] = Local(row.EntryUtc),
                ["出场"] = Local(row.ExitUtc),
                ["时长"] = minutes is { } m ? $"{m / 60}小时{m % 60}分" : null,
                ["收费类型"] = KindName(e.Kind),
                ["应收"] = Yuan(due),
                ["优惠"] = Yuan(due - e.AmountFen),
                ["实收"] = Yuan(e.AmountFen),
                ["支付方式"] = ChannelName(e.Channel),
                ["支付流水号"] = e.ChannelRef,
                ["收费员"] = e.Operator,
                ["备注"] = e.Reason,
            });
        }

        return list;
    }

    /// <summary>Writes the .xlsx: 明细 (detail), 汇总 (summary), 免费放行与人工开闸, 异常与长期停放.</summary>
    public static async Task WriteXlsxAsync(string path, PeriodReport report, List<Dictionary<string, object?>> detail, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        var sheets = new Dictionary<string, object>
        {
            ["明细"] = detail.Count > 0 ? detail : [DetailColumns.ToDictionary(c => c, _ => (object?)null)],
            ["汇总"] = Summary(report),
            ["免费放行与人工开闸"] = Openings(report, zone),
            ["异常与长期停放"] = Anomalies(report, zone),
        };
        await WriteAtomicallyAsync(path, async stream => await stream.SaveAsAsync(sheets, cancellationToken: cancellationToken), cancellationToken);
    }

    /// <summary>Writes the detail as CSV, UTF-8 with a BOM.</summary>
    public static Task WriteCsvAsync(string path, List<Dictionary<string, object?>> detail, CancellationToken cancellationToken) =>
        WriteAtomicallyAsync(path, async stream =>
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
                foreach (var column in DetailColumns)
                {
                    csv.WriteField(row[column] is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : row[column]?.ToString());
                }

                await csv.NextRecordAsync();
            }
        }, cancellationToken);

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

    private static Dictionary<string, object?> Row(params (string Key, object? Value)[] cells) => cells.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);

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

    private static async Task WriteAtomicallyAsync(string path, Func<Stream, Task> write, CancellationToken cancellationToken)
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
