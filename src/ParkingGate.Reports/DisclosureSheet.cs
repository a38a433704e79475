using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;
using ParkingGate.Storage.Reports;
using QRCoder;

namespace ParkingGate.Reports;

/// <summary>An expense paid from the parking income, as the committee enters it for the notice board.</summary>
/// <param name="Date">When it was paid.</param>
/// <param name="Item">What for.</param>
/// <param name="AmountFen">How much.</param>
/// <param name="Reference">The voucher or invoice number.</param>
public sealed record Expense(DateOnly Date, string Item, long AmountFen, string Reference);

/// <summary>
/// The monthly disclosure sheet for the notice board (村务公开): one printable A4 page in Chinese with the month's
/// income by category and channel, the visits, the expenses if entered, the month's digest line with its QR code,
/// and how any villager can check it. Standalone HTML: it prints the same from any browser.
/// </summary>
public static class DisclosureSheet
{
    public static string Write(string estateName, string estateId, int year, int month, PeriodReport report, Digest digest, bool closed, IReadOnlyList<Expense> expenses, DateOnly printed)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(digest);
        var h = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
        string E(string text) => h.Encode(text);
        var income = report.Income;
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $$"""
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"><title>{{E(estateName)}} {{year}}年{{month}}月停车收入公示</title>
            <style>
              @page { size: A4; margin: 12mm 14mm; }
              body { font: 10pt/1.4 "Noto Sans CJK SC", "Microsoft YaHei", "SimSun", sans-serif; color: #000; margin: 0; }
              h1 { font-size: 16pt; text-align: center; margin: 0 0 3mm; }
              h2 { font-size: 11pt; margin: 3.5mm 0 1.5mm; }
              table { border-collapse: collapse; width: 100%; }
              th, td { border: 1px solid #444; padding: 0.8mm 2mm; text-align: left; }
              td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
              .digest { display: flex; gap: 5mm; align-items: center; }
              .digest code { font-size: 8.5pt; word-break: break-all; }
              .digest img { width: 30mm; height: 30mm; }
              .small { font-size: 9pt; } ol { margin: 0; padding-left: 6mm; }
              .sign { margin-top: 6mm; display: flex; justify-content: space-between; }
            </style></head><body>
            <h1>{{E(estateName)}}<br>{{year}}年{{month}}月停车收入公示</h1>
            <p class="small">统计期间：{{year}}年{{month}}月1日至{{DateTime.DaysInMonth(year, month)}}日（账本第 {{report.FirstSeq}}–{{Math.Max(report.FirstSeq - 1, report.LastSeq)}} 条，共 {{income.Entries}} 条）。金额单位：元。</p>
            <h2>一、收入（按类别）</h2>
            <table id="by-category"><tr><th>类别</th><th class="n">笔数</th><th class="n">金额</th></tr>
            """);
        foreach (var kind in Domain.Reports.IncomeSummary.Categories)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Category(kind)}</td><td class=\"n\">{income.CountByCategory[kind]}</td><td class=\"n\">{Money.Yuan(income.ByCategory[kind])}</td></tr>\n");
        }

        html.Append(CultureInfo.InvariantCulture, $"<tr><th>合计</th><th class=\"n\"></th><th class=\"n\" id=\"total\">{Money.Yuan(income.TotalFen)}</th></tr></table>\n");
        html.Append("<h2>二、收入（按支付方式）</h2>\n<table id=\"by-channel\"><tr><th>支付方式</th><th class=\"n\">金额</th></tr>\n");
        foreach (var channel in PaymentChannel.All)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td>{Channel(channel)}</td><td class=\"n\" id=\"channel-{channel}\">{Money.Yuan(income.ByChannel[channel])}</td></tr>\n");
        }

        var specials = report.SpecialPassages.Count == 0 ? ""
            : $"特种车辆免费通行 <span id=\"specials\">{string.Join("，", report.SpecialPassages.Select(s => $"{h.Encode(s.Kind)} {s.Passages} 次"))}</span>（进出各计一次）。";
        html.Append(CultureInfo.InvariantCulture, $"</table>\n<p>本月车次（出场）：<strong id=\"visits\">{report.Visits}</strong> 次；免费放行 {income.FreeExits.Count} 次（含按收费规则应收0元的）；人工开闸 {income.ManualOpenings.Count} 次（均已登记原因和经办人）。{specials}</p>\n");
        html.Append("<h2>三、支出</h2>\n");
        if (expenses.Count == 0)
        {
            html.Append("<p>本月未登记支出。</p>\n");
        }
        else
        {
            html.Append("<table id=\"expenses\"><tr><th>日期</th><th>项目</th><th>凭证号</th><th class=\"n\">金额</th></tr>\n");
            foreach (var x in expenses)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{x.Date:yyyy-MM-dd}</td><td>{E(x.Item)}</td><td>{E(x.Reference)}</td><td class=\"n\">{Money.Yuan(x.AmountFen)}</td></tr>\n");
            }

            var spent = expenses.Sum(x => x.AmountFen);
            html.Append(CultureInfo.InvariantCulture, $"<tr><th colspan=\"3\">支出合计</th><th class=\"n\" id=\"spent\">{Money.Yuan(spent)}</th></tr>\n");
            html.Append(CultureInfo.InvariantCulture, $"<tr><th colspan=\"3\">收支结余</th><th class=\"n\" id=\"balance\">{Money.Yuan(income.TotalFen - spent)}</th></tr></table>\n");
        }

        var line = digest.ToString();
        html.Append(CultureInfo.InvariantCulture, $"""
            <h2>四、账本摘要{(closed ? "（月结时写入账本）" : "（本月尚未月结，为当前计算值）")}</h2>
            <div class="digest"><img alt="摘要二维码" src="data:image/png;base64,{Convert.ToBase64String(Qr(line))}"><code id="digest">{E(line)}</code></div>
            <h2>五、如何核对</h2>
            <ol class="small">
              <li>用手机扫描上方二维码（或抄录摘要行），其中 cash/wechat/alipay 为本月各支付方式的合计（cash 为现金收入减去已存入银行的金额），head 为本月最后一条账本记录的哈希值。</li>
              <li>向村会计索取本月账本导出文件（<code>parkinggate ledger export</code> 生成的 CSV）。</li>
              <li>在任何装有 Python 3 的电脑上运行：<code>python3 parkinggate_verify.py --estate {E(estateId)} --csv ledger.csv --digest "摘要行"</code>。该程序独立于收费系统，会重新计算每一条记录的哈希和本月合计；任何一条记录被修改、删除或插入都会被发现。</li>
              <li>有疑问请向村民委员会或村务监督委员会反映。</li>
            </ol>
            <div class="sign"><span>会计：__________</span><span>村务监督委员会：__________</span><span>公示日期：{printed:yyyy年M月d日}</span></div>
            </body></html>
            """);
        return html.ToString();
    }

    /// <summary>A digest line as a QR code (PNG), for the notices on the board: a phone reads it off the paper.</summary>
    public static byte[] Qr(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(4);
    }

    private static string Category(LedgerKind kind) => kind switch
    {
        LedgerKind.VisitorFee => "临时停车费",
        LedgerKind.PassSale => "月卡",
        LedgerKind.Refund => "退款",
        _ => "冲正（更正错误记录）",
    };

    private static string Channel(string channel) => channel switch
    {
        PaymentChannel.Cash => "现金",
        PaymentChannel.WeChat => "微信支付",
        PaymentChannel.Alipay => "支付宝",
        _ => "其他",
    };
}
