using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;
using ParkingGate.Domain.Ledger;
using ParkingGate.Gate.Configuration;
using ParkingGate.Host.Configuration;
using ParkingGate.Storage;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Reports;
using ParkingGate.Testing;

namespace ParkingGate.Host.Tests.Reports;

/// <summary>Expense files for the disclosure and the merchant statements reconciled against the ledger.</summary>
public sealed partial class ReportTests
{
    [TestCase("日期,项目,金额\n", "the first line must be")]
    [TestCase("日期,项目,金额,凭证号\n2026-04-01,电费,10,X\n", "within 2026-03")]
    [TestCase("日期,项目,金额,凭证号\n2026-03-01,电费,十元,X\n", "line 2: amount")]
    public async Task A_bad_expense_file_writes_no_sheet(string content, string message)
    {
        var file = Path.Combine(_folder.Root, "bad-expenses.csv");
        await File.WriteAllTextAsync(file, content);
        var run = await new CliRunner(_folder).RunAsync("disclosure", "--month", "2026-03", "--out", "bad.html", "--expenses", file);
        Assert.That(run.ExitCode, Is.EqualTo(Cli.ExitCodes.UsageOrConfig));
        Assert.That(run.Err, Does.Contain(message));
        Assert.That(File.Exists(Path.Combine(Exports, "bad.html")), Is.False);
    }

    private List<LedgerEntry> MarchEntries(string channel)
    {
        var (from, until) = Cli.ReportCommands.Period(March, March.AddMonths(1), _zone);
        return [.. new LedgerStore(_database, TimeProvider.System, "fenglin-anzhi").ReadAll()
            .Where(e => e.AtUtc >= from && e.AtUtc < until && e.Channel == channel && e.ChannelRef is not null)];
    }

    private string Local(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, _zone).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    [Test]
    public async Task A_wechat_statement_is_matched_and_each_planted_difference_is_found()
    {
        var entries = MarchEntries(PaymentChannel.WeChat);
        Assert.That(entries, Has.Count.GreaterThan(10));
        var header = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
        var lines = new List<string> { header };
        var dropped = entries[3];
        var changed = entries[5];
        foreach (var e in entries.Where(e => e != dropped))
        {
            var refund = e.AmountFen < 0;
            var amount = Domain.Money.Yuan(Math.Abs(e == changed ? e.AmountFen + 100 : e.AmountFen));
            lines.Add(string.Join(",", new[]
            {
                Local(e.AtUtc), "wx0001", "1900000001", "", "", refund ? "4200000000" : e.ChannelRef!, $"M{e.Seq}", "oUser", "NATIVE", refund ? "REFUND" : "SUCCESS", "OTHERS", "CNY",
                refund ? "0.00" : amount, "0.00", refund ? e.ChannelRef! : "", refund ? $"R{e.Seq}" : "", refund ? amount : "0.00", "0.00", refund ? "ORIGINAL" : "", refund ? "SUCCESS" : "",
                "停车费", "", "0.01", "0.60%", amount, refund ? amount : "0.00", "",
            }.Select(f => "`" + f)));
        }

        lines.Add($"`{Local(entries[0].AtUtc)},`wx0001,`1900000001,`,`,`4200009999,`M-extra,`oUser,`NATIVE,`SUCCESS,`OTHERS,`CNY,`8.00,`0.00,`,`,`0.00,`0.00,`,`,`停车费,`,`0.05,`0.60%,`8.00,`0.00,`");
        lines.Add("总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额");
        lines.Add("`99,`100.00,`0.00,`0.00,`0.60,`100.00,`0.00");
        var file = Path.Combine(_folder.Root, "wechat-2026-03.csv");
        await File.WriteAllTextAsync(file, string.Join("\r\n", lines), new UTF8Encoding(true));

        var run = await new CliRunner(_folder).RunAsync("reconcile", "--statement", file, "--channel", "wechat", "--month", "2026-03", "--out", "reconcile-wechat-2026-03.csv");
        Assert.That(run.ExitCode, Is.EqualTo(Cli.ExitCodes.Failed), run.ToString);
        Assert.That(run.Out, Does.Contain($"已核对 matched {entries.Count - 2}, 金额不符 amounts differ 1, 仅在对账单 only in the statement 1, 仅在账本 only in the ledger 1"));
        Assert.That(run.Out, Does.Match($@"金额不符 amount differs\s+{changed.ChannelRef}"));
        Assert.That(run.Out, Does.Match($@"仅在账本 only in ledger\s+{dropped.ChannelRef}"));
        Assert.That(run.Out, Does.Match(@"仅在对账单 only in statement\s+4200009999"));
        var export = await File.ReadAllTextAsync(Path.Combine(Exports, "reconcile-wechat-2026-03.csv"));
        Assert.That(export, Does.StartWith("\uFEFF状态,流水号"));

        var wrong = await new CliRunner(_folder).RunAsync("reconcile", "--statement", file, "--channel", "wechat", "--month", "2026-02");
        Assert.That(wrong.ExitCode, Is.EqualTo(Cli.ExitCodes.UsageOrConfig));
        Assert.That(wrong.Err, Does.Contain("not 2026-02"));
    }

    [Test]
    public async Task An_alipay_statement_in_gbk_is_matched_and_a_strange_file_is_refused()
    {
        var entries = MarchEntries(PaymentChannel.Alipay);
        Assert.That(entries, Has.Count.GreaterThan(3));
        var lines = new List<string>
        {
            "#支付宝业务明细查询", "#账号：[20880000000000000156]", "#起始日期：[2026年03月01日 00:00:00]   终止日期：[2026年04月01日 00:00:00]",
            "#-----------------------------------------业务明细列表----------------------------------------",
            "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,退款批次号/请求号,服务费（元）,分润（元）,备注",
        };
        foreach (var e in entries.Skip(1))
        {
            var amount = Domain.Money.Yuan(e.AmountFen);
            lines.Add($"{e.ChannelRef}\t,P{e.Seq}\t,{(e.AmountFen < 0 ? "退款" : "交易")},停车费,{Local(e.AtUtc)},{Local(e.AtUtc)},,,,,u***@163.com,{amount},{amount},0.00,0.00,0.00,0.00,0.00,,0.00,0.00,,0.00,0.00,");
        }

        lines.Add("#-----------------------------------------业务明细列表结束------------------------------------");
        lines.Add("#交易合计：10笔，商家实收共100.00元");
        var file = Path.Combine(_folder.Root, "alipay-2026-03.csv");
        await File.WriteAllBytesAsync(file, ParkingGate.Domain.TextFileEncoding.Gbk.GetBytes(string.Join("\r\n", lines)));
        var run = await new CliRunner(_folder).RunAsync("reconcile", "--statement", file, "--channel", "alipay");
        Assert.That(run.ExitCode, Is.EqualTo(Cli.ExitCodes.Failed), run.ToString);
        Assert.That(run.Out, Does.Contain($"已核对 matched {entries.Count - 1}, 金额不符 amounts differ 0, 仅在对账单 only in the statement 0, 仅在账本 only in the ledger 1"));

        var strange = Path.Combine(_folder.Root, "bank.csv");
        await File.WriteAllTextAsync(strange, "日期,摘要,金额\n2026-03-01,转账,100.00\n");
        var refused = await new CliRunner(_folder).RunAsync("reconcile", "--statement", strange, "--channel", "alipay");
        Assert.That(refused.ExitCode, Is.EqualTo(Cli.ExitCodes.UsageOrConfig));
        Assert.That(refused.Err, Does.Contain("not an Alipay 业务明细"));

        var badRow = Path.Combine(_folder.Root, "alipay-bad.csv");
        await File.WriteAllBytesAsync(badRow, ParkingGate.Domain.TextFileEncoding.Gbk.GetBytes(string.Join("\r\n", lines.Take(5).Append("2026x,P1,交易,停车费,昨天,昨天,,,,,u,1.00,1.00,0,0,0,0,0,,0,0,,0,0,"))));
        var bad = await new CliRunner(_folder).RunAsync("reconcile", "--statement", badRow, "--channel", "alipay");
        Assert.That(bad.Err, Does.Contain("line 6: 完成时间 '昨天'"));
    }
}
