using System.CommandLine;
using System.Globalization;
using System.Text;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;
using ParkingGate.Reports;

namespace ParkingGate.Host.Cli;

/// <summary><c>reconcile</c>: a WeChat Pay or Alipay merchant statement against the ledger, by channel reference.</summary>
internal static class ReconcileCommand
{
    public static Command Build(Verbs verbs)
    {
        var statement = new Option<FileInfo>("--statement") { Description = "the merchant statement (CSV, UTF-8 or GBK)", Required = true };
        var channel = new Option<string>("--channel") { Description = "wechat or alipay", Required = true };
        channel.AcceptOnlyFromAmong(PaymentChannel.WeChat, PaymentChannel.Alipay);
        var month = new Option<string?>("--month") { Description = "the month the statement must cover, YYYY-MM (refuses a statement from another month)" };
        var output = new Option<string?>("--out") { Description = "also write the result as CSV (UTF-8 with BOM) inside reports.exportFolder" };
        var command = new Command("reconcile", "match a merchant statement against the ledger: matched, only in the statement, only in the ledger, amounts that differ (exit 1 when anything differs)") { statement, channel, month, output };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var file = parse.GetValue(statement)!;
            var kind = parse.GetValue(channel)!;
            if (!file.Exists)
            {
                return context.Usage($"--statement '{file}' not found");
            }

            var (rows, error) = Statements.Read(await File.ReadAllBytesAsync(file.FullName, cancellationToken), kind);
            if (error is not null || rows.Count == 0)
            {
                return context.Usage($"--statement '{file.Name}': {error ?? "no payments in it"}; nothing was compared");
            }

            var firstDay = DateOnly.FromDateTime(rows.Min(r => r.AtLocal));
            var lastDay = DateOnly.FromDateTime(rows.Max(r => r.AtLocal));
            if (parse.GetValue(month) is { } wanted)
            {
                if (!DateOnly.TryParseExact(wanted + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m))
                {
                    return context.Usage($"--month '{wanted}' must be YYYY-MM");
                }

                if (rows.FirstOrDefault(r => r.AtLocal.Year != m.Year || r.AtLocal.Month != m.Month) is { } outside)
                {
                    return context.Usage($"--statement '{file.Name}' line {outside.Line} is from {outside.AtLocal:yyyy-MM-dd}, not {m:yyyy-MM}: the wrong month's statement?");
                }

                (firstDay, lastDay) = (m, m.AddMonths(1).AddDays(-1));
            }

            var (fromUtc, untilUtc) = ReportCommands.Period(firstDay, lastDay.AddDays(1), context.Zone);
            var ledger = await context.LedgerAsync(cancellationToken);
            var (firstSeq, lastSeq) = await new Storage.Reports.ReportStore(await context.DatabaseAsync(cancellationToken), ledger, context.Time).SeqRangeAsync(fromUtc, untilUtc, cancellationToken);
            var entries = (lastSeq >= firstSeq ? ledger.ReadAll(firstSeq, lastSeq) : [])
                .Where(e => e.Channel == kind && Domain.Reports.IncomeSummary.Categories.Contains(e.Kind)).ToList();
            var items = Statements.Match(rows, entries);
            var counts = items.GroupBy(i => i.State).ToDictionary(g => g.Key, g => g.Count());
            await context.Out.WriteLineAsync($"{kind} statement {file.Name}: {rows.Count} rows, {firstDay:yyyy-MM-dd} – {lastDay:yyyy-MM-dd}; ledger: {entries.Count} {kind} entries");
            await context.Out.WriteLineAsync($"已核对 matched {counts.GetValueOrDefault(MatchState.Matched)}, 金额不符 amounts differ {counts.GetValueOrDefault(MatchState.AmountDiffers)}, " +
                $"仅在对账单 only in the statement {counts.GetValueOrDefault(MatchState.OnlyInStatement)}, 仅在账本 only in the ledger {counts.GetValueOrDefault(MatchState.OnlyInLedger)}");
            foreach (var item in items.Where(i => i.State != MatchState.Matched))
            {
                await context.Out.WriteLineAsync($"  {Name(item.State),-28} {item.Reference,-34} statement {Yuan(item.StatementFen),10}  ledger {Yuan(item.LedgerFen),10}  seq {item.LedgerSeq?.ToString(CultureInfo.InvariantCulture) ?? "-"}");
            }

            if (parse.GetValue(output) is { } name)
            {
                if (!context.TryExportPath(name, out var path))
                {
                    return context.Usage($"--out '{name}' is outside the export folder {context.ExportFolder} (reports.exportFolder)");
                }

                Directory.CreateDirectory(context.ExportFolder);
                var csv = new StringBuilder("状态,流水号,对账单时间,对账单金额,账本金额,账本序号\r\n");
                foreach (var i in items)
                {
                    csv.Append(CultureInfo.InvariantCulture, $"{Name(i.State)},{i.Reference},{i.StatementTime:yyyy-MM-dd HH:mm:ss},{Yuan(i.StatementFen)},{Yuan(i.LedgerFen)},{i.LedgerSeq}\r\n");
                }

                await File.WriteAllTextAsync(path + ".part", csv.ToString(), new UTF8Encoding(true), cancellationToken);
                File.Move(path + ".part", path, overwrite: true);
                await context.Out.WriteLineAsync($"written {path}");
            }

            return items.All(i => i.State == MatchState.Matched) ? ExitCodes.Ok : ExitCodes.Failed;
        });
        return command;
    }

    private static string Yuan(long? fen) => fen is { } f ? Money.Yuan(f) : "";

    private static string Name(MatchState state) => state switch
    {
        MatchState.Matched => "已核对 matched",
        MatchState.AmountDiffers => "金额不符 amount differs",
        MatchState.OnlyInStatement => "仅在对账单 only in statement",
        _ => "仅在账本 only in ledger",
    };
}
