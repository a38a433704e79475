using System.CommandLine;
using System.Globalization;
using ParkingGate.Gate.Lanes;
using ParkingGate.Reports;
using ParkingGate.Storage.Reports;

namespace ParkingGate.Host.Cli;

/// <summary><c>export</c>: a period's money entries and summaries as .xlsx or CSV, into the export folder only.</summary>
internal static class ExportCommand
{
    public static Command Build(Verbs verbs)
    {
        var from = new Option<string>("--from") { Description = "first day, YYYY-MM-DD (estate time)", Required = true };
        var to = new Option<string>("--to") { Description = "last day, YYYY-MM-DD (included)", Required = true };
        var format = new Option<string>("--format") { Description = "xlsx or csv", DefaultValueFactory = _ => "xlsx" };
        format.AcceptOnlyFromAmong("xlsx", "csv");
        var output = new Option<string?>("--out") { Description = "the file, inside reports.exportFolder (default: ESTATE-FROM-TO.FORMAT there)" };
        var command = new Command("export", "export a period for the accountant: detail (序号 … 备注) and summary sheets") { from, to, format, output };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            if (!DateOnly.TryParseExact(parse.GetValue(from), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
                || !DateOnly.TryParseExact(parse.GetValue(to), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var last))
            {
                return context.Usage("--from and --to must be YYYY-MM-DD");
            }

            if (last < first || last.DayNumber - first.DayNumber > 400)
            {
                return context.Usage($"--to {last:yyyy-MM-dd} must be on or after --from {first:yyyy-MM-dd}, and the period at most 400 days");
            }

            var kind = parse.GetValue(format)!;
            var name = parse.GetValue(output) ?? $"{context.Options.Estate.Id}-{first:yyyyMMdd}-{last:yyyyMMdd}.{kind}";
            if (!context.TryExportPath(name, out var path))
            {
                return context.Usage($"--out '{name}' is outside the export folder {context.ExportFolder} (reports.exportFolder); nothing was written");
            }

            if (!path.EndsWith("." + kind, StringComparison.OrdinalIgnoreCase))
            {
                return context.Usage($"--out '{name}' must end in .{kind} for --format {kind}");
            }

            var (fromUtc, untilUtc) = ReportCommands.Period(first, last.AddDays(1), context.Zone);
            var reports = new ReportStore(await context.DatabaseAsync(cancellationToken), await context.LedgerAsync(cancellationToken), context.Time);
            var exits = context.Options.Lanes.Where(l => l.Way == LaneDirection.Exit).Select(l => l.Id).ToList();
            var report = await reports.ReportAsync(fromUtc, untilUtc, exits, context.Options.Desk.LongStayDays, cancellationToken);
            if (report.Income.Entries == 0)
            {
                await context.Err.WriteLineAsync($"error: the ledger has no entries from {first:yyyy-MM-dd} to {last:yyyy-MM-dd}; nothing was written");
                return ExitCodes.Failed;
            }

            var detail = await PeriodExport.DetailAsync(reports.DetailAsync(fromUtc, untilUtc, cancellationToken), context.Zone, cancellationToken);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (kind == "xlsx")
            {
                await PeriodExport.WriteXlsxAsync(path, report, detail, context.Zone, cancellationToken);
            }
            else
            {
                await PeriodExport.WriteCsvAsync(path, detail, cancellationToken);
            }

            await PeriodExport.RecordAsync(await context.AuditAsync(cancellationToken), context.Operator, report.LastSeq, first, last, kind, detail.Count, cancellationToken);
            await context.Out.WriteLineAsync($"{path}: {detail.Count} money entries ({report.FirstSeq}–{report.LastSeq}), total {Domain.Money.Yuan(report.Income.TotalFen)} yuan");
            return ExitCodes.Ok;
        });
        return command;
    }
}
