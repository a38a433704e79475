using System.Globalization;
using System.Text;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Registry;
using ParkingGate.Storage;
using ParkingGate.Storage.Reports;

namespace ParkingGate.Reports;

/// <summary>A period report as the accountant reads it on screen or paper: Chinese first, each heading with its English.</summary>
public static class ReportText
{
    public static string CategoryName(LedgerKind kind) => kind switch
    {
        LedgerKind.VisitorFee => "临时停车费 visitor fees",
        LedgerKind.PassSale => "月卡 pass sales",
        LedgerKind.Refund => "退款 refunds",
        _ => "冲正 reversals",
    };

    public static string ChannelName(string channel) => channel switch
    {
        PaymentChannel.Cash => "现金 cash",
        PaymentChannel.WeChat => "微信 WeChat",
        PaymentChannel.Alipay => "支付宝 Alipay",
        _ => "其他 other",
    };

    public static string Write(PeriodReport report, string estateName, string title, TimeZoneInfo zone, int longStayDays)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        var income = report.Income;
        string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        text.AppendLine(CultureInfo.InvariantCulture, $"{estateName} {title}");
        text.AppendLine(CultureInfo.InvariantCulture, $"期间 period: {Local(report.FromUtc)} – {Local(report.UntilUtc)} ({zone.Id})");
        text.AppendLine(report.LastSeq >= report.FirstSeq
            ? string.Create(CultureInfo.InvariantCulture, $"账本记录 ledger entries: {report.FirstSeq}–{report.LastSeq} ({income.Entries})")
            : "账本记录 ledger entries: 无 none");
        text.AppendLine("收入类别 by category:");
        foreach (var kind in Domain.Reports.IncomeSummary.Categories)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {CategoryName(kind),-24}{income.CountByCategory[kind],6} 笔 {Money.Yuan(income.ByCategory[kind]),12}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"  {"合计 total",-24}{"",9} {Money.Yuan(income.TotalFen),12}");
        text.AppendLine("支付方式 by channel:");
        foreach (var channel in PaymentChannel.All)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {ChannelName(channel),-24}{"",9} {Money.Yuan(income.ByChannel[channel]),12}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"应存现金 cash to deposit: {Money.Yuan(income.CashToDepositFen)} (本期已存 deposited {Money.Yuan(income.CashDepositedFen)})");
        text.AppendLine(income.FirstReceipt is { } first
            ? string.Create(CultureInfo.InvariantCulture, $"票据号 receipts: {first}–{income.LastReceipt} ({income.Receipts})")
            : "票据号 receipts: 无 none");
        text.AppendLine(CultureInfo.InvariantCulture, $"免费放行 free exits: {income.FreeExits.Count}");
        foreach (var e in income.FreeExits)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {Local(e.AtUtc)}  {e.Plate,-9} {e.Operator,-10} {e.Reason}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"人工开闸 manual openings: {income.ManualOpenings.Count}");
        foreach (var e in income.ManualOpenings)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {Local(e.AtUtc)}  {e.Detail,-12} {e.Plate,-9} {e.Operator,-10} {e.Reason}");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"无入账出场 exits without a ledger entry: {report.Anomalies.Count}");
        foreach (var a in report.Anomalies)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {Local(a.AtUtc)}  {a.Lane,-6} {a.Plate,-9} stay {a.StayId?.ToString(CultureInfo.InvariantCulture) ?? "-"} {StoredNames.Outcome[a.Outcome]}");
        }

        var average = report.AverageStay;
        text.AppendLine(CultureInfo.InvariantCulture, $"车次 visits: {report.Visits}，平均停留 average stay: {(int)average.TotalHours}小时{average.Minutes}分 ({(int)average.TotalHours} h {average.Minutes} min)");
        text.AppendLine(CultureInfo.InvariantCulture, $"长期停放（超过 {longStayDays} 天）long stays (over {longStayDays} days): {report.LongStays.Count}");
        foreach (var l in report.LongStays)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {l.Plate,-9} {l.Room ?? "访客 visitor",-10} {Local(l.SinceUtc)}");
        }

        if (report.Invitations.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"访客预约 visitor invitations: {report.Invitations.Sum(i => i.Invitations)} 次，免费 {InvitationRule.Hours(report.Invitations.Sum(i => i.GrantedMinutes))} 小时，已用 {InvitationRule.Hours(report.Invitations.Sum(i => i.UsedMinutes))} 小时 (hours granted / used)");
            foreach (var i in report.Invitations)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"  {i.Room,-10} {i.ContactName,-8} 预约 {i.Invitations,3} 次  来访 {i.Visits,3} 次  免费 {InvitationRule.Hours(i.GrantedMinutes),5} 小时  已用 {InvitationRule.Hours(i.UsedMinutes),5} 小时");
            }
        }

        return text.ToString();
    }
}
