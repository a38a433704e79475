using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParkingGate.Domain.Ledger;
using ParkingGate.Reports;
using ParkingGate.Storage.Audit;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Reports;

namespace ParkingGate.Desk.Pages;

/// <summary>Daily and monthly income for the accountant and the committee, with the exports and the disclosure sheet.</summary>
[Authorize(Roles = DeskSetup.Roles.Books)]
public sealed class ReportsModel(DeskContext desk, ReportStore reports, AuditLog audit, LedgerStore ledger, ParkingGate.Storage.Stays.StayStore stays) : DeskPage(desk)
{
    /// <summary>Stays that left without settling and are still owed for (欠费), oldest first, whatever the period.</summary>
    public IReadOnlyList<ParkingGate.Storage.Stays.Stay> Owing { get; private set; } = [];

    /// <summary>The month shown (YYYY-MM), if a month.</summary>
    public string? Month { get; private set; }

    /// <summary>The day shown (YYYY-MM-DD), if a day.</summary>
    public string? Date { get; private set; }

    /// <summary>First day of the period (YYYY-MM-DD).</summary>
    public string? From { get; private set; }

    /// <summary>Last day of the period (YYYY-MM-DD).</summary>
    public string? To { get; private set; }

    /// <summary>The report's title.</summary>
    public string Title { get; private set; } = "";

    /// <summary>The report.</summary>
    public PeriodReport? Report { get; private set; }

    /// <summary>A category's name.</summary>
    public string CategoryName(LedgerKind kind) => kind switch
    {
        LedgerKind.VisitorFee => T("临时停车费", "visitor fees"),
        LedgerKind.PassSale => T("月卡", "pass sales"),
        LedgerKind.Refund => T("退款", "refunds"),
        _ => T("冲正", "reversals"),
    };

    /// <summary>A channel's name.</summary>
    public string ChannelName(string channel) => channel switch
    {
        PaymentChannel.Cash => T("现金", "cash"),
        PaymentChannel.WeChat => T("微信", "WeChat"),
        PaymentChannel.Alipay => T("支付宝", "Alipay"),
        _ => T("其他", "other"),
    };

    /// <summary>Shows a day's or a month's report (this month by default).</summary>
    public async Task OnGetAsync(string? month, string? date, CancellationToken cancellationToken)
    {
        if (!TryPeriod(month, date, out var first, out var last))
        {
            Problem = T("月份或日期格式不正确", "the month or day is not valid");
            return;
        }

        Report = await ReportAsync(first, last, cancellationToken);
        Owing = await stays.AllOwingAsync(500, cancellationToken);
        Title = Month is not null ? T($"{first:yyyy年M月} 月报", $"{first:yyyy-MM} monthly report") : T($"{first:yyyy年M月d日} 日报", $"{first:yyyy-MM-dd} daily report");
    }

    /// <summary>The period as .xlsx or CSV (UTF-8 with BOM), named after the estate and the period.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? from, string? to, string? format, CancellationToken cancellationToken)
    {
        if (!DateOnly.TryParseExact(from, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            || !DateOnly.TryParseExact(to, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last) || last < first || last.DayNumber - first.DayNumber > 400)
        {
            return BadRequest(T("起止日期不正确", "the period is not valid"));
        }

        var report = await ReportAsync(first, last, cancellationToken);
        var (fromUtc, untilUtc) = (Start(first), Start(last.AddDays(1)));
        var detail = await PeriodExport.DetailAsync(reports.DetailAsync(fromUtc, untilUtc, cancellationToken), Desk.Zone, cancellationToken);
        var stream = new MemoryStream();
        var csv = format == "csv";
        if (csv)
        {
            await PeriodExport.WriteCsvAsync(stream, detail);
        }
        else
        {
            await PeriodExport.WriteXlsxAsync(stream, report, detail, Desk.Zone, cancellationToken);
        }

        await PeriodExport.RecordAsync(audit, UserName, report.LastSeq, first, last, csv ? "csv" : "xlsx", detail.Count, cancellationToken);
        stream.Position = 0;
        return File(stream, csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"{Desk.EstateId}-{first:yyyyMMdd}-{last:yyyyMMdd}.{(csv ? "csv" : "xlsx")}");
    }

    /// <summary>The month's disclosure sheet, to print for the notice board.</summary>
    public async Task<IActionResult> OnGetDisclosureAsync(string? month, CancellationToken cancellationToken)
    {
        if (!TryPeriod(month, null, out var first, out var last))
        {
            return BadRequest(T("月份格式不正确", "the month is not valid"));
        }

        var report = await ReportAsync(first, last, cancellationToken);
        var (digest, closed) = await ledger.MonthDigestAsync(first.Year, first.Month, Desk.Zone, cancellationToken);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Desk.Time.GetUtcNow(), Desk.Zone).DateTime);
        var html = DisclosureSheet.Write(Desk.EstateName, Desk.EstateId, first.Year, first.Month, report, digest, closed, [], today);
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; img-src data:; style-src 'unsafe-inline'";
        return Content(html, "text/html; charset=utf-8");
    }

    private bool TryPeriod(string? month, string? date, out DateOnly first, out DateOnly last)
    {
        first = last = default;
        if (!string.IsNullOrEmpty(date))
        {
            if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out first))
            {
                return false;
            }

            last = first;
            Date = date;
        }
        else
        {
            var text = string.IsNullOrEmpty(month) ? TimeZoneInfo.ConvertTime(Desk.Time.GetUtcNow(), Desk.Zone).ToString("yyyy-MM", CultureInfo.InvariantCulture) : month;
            if (!DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out first))
            {
                return false;
            }

            last = first.AddMonths(1).AddDays(-1);
            Month = text;
        }

        (From, To) = (first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return true;
    }

    private Task<PeriodReport> ReportAsync(DateOnly first, DateOnly last, CancellationToken cancellationToken) =>
        reports.ReportAsync(Start(first), Start(last.AddDays(1)), [.. Desk.Gate.Lanes.Where(l => l.IsExit).Select(l => l.Id)], Desk.LongStayDays, cancellationToken);

    private DateTimeOffset Start(DateOnly day) => Domain.LocalDays.StartOf(day, Desk.Zone);
}
