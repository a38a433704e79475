using System.CommandLine;
using System.Globalization;
using ParkingGate.Domain;
using ParkingGate.Gate.Lanes;
using ParkingGate.Host.Registry;
using ParkingGate.Reports;
using ParkingGate.Storage.Reports;

namespace ParkingGate.Host.Cli;

/// <summary><c>disclosure</c>: the month's A4 sheet for the notice board, with the digest and its QR code.</summary>
internal static class DisclosureCommand
{
    public static Command Build(Verbs verbs)
    {
        var month = new Option<string>("--month") { Description = "the month, YYYY-MM", Required = true };
        var output = new Option<string>("--out") { Description = "the .html file, inside reports.exportFolder", Required = true };
        var expenses = new Option<FileInfo?>("--expenses") { Description = "optional CSV (UTF-8 or GBK) with columns 日期,项目,金额,凭证号: what the income paid for" };
        var command = new Command("disclosure", "the monthly disclosure sheet (村务公开) as a printable A4 page") { month, output, expenses };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            if (!DateOnly.TryParseExact(parse.GetValue(month) + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            {
                return context.Usage($"--month '{parse.GetValue(month)}' must be YYYY-MM");
            }

            var folder = context.ExportFolder;
            if (!context.TryExportPath(parse.GetValue(output)!, out var path) || !path.EndsWith(".html", StringComparison.OrdinalIgnoreCase))
            {
                return context.Usage($"--out '{parse.GetValue(output)}' must be an .html file inside the export folder {folder} (reports.exportFolder); nothing was written");
            }

            var spent = new List<Expense>();
            if (parse.GetValue(expenses) is { } file)
            {
                var (items, error) = ReadExpenses(file, first);
                if (error is not null)
                {
                    return context.Usage($"--expenses '{file.Name}': {error}; nothing was written");
                }

                spent = items;
            }

            var (fromUtc, untilUtc) = ReportCommands.Period(first, first.AddMonths(1), context.Zone);
            var ledger = await context.LedgerAsync(cancellationToken);
            var reports = new ReportStore(await context.DatabaseAsync(cancellationToken), ledger, context.Time);
            var exits = context.Options.Lanes.Where(l => l.Way == LaneDirection.Exit).Select(l => l.Id).ToList();
            var report = await reports.ReportAsync(fromUtc, untilUtc, exits, context.Options.Desk.LongStayDays, cancellationToken);
            var (digest, closed) = await ledger.MonthDigestAsync(first.Year, first.Month, context.Zone, cancellationToken);
            var printed = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(context.Time.GetUtcNow(), context.Zone).DateTime);
            var html = DisclosureSheet.Write(context.Options.Estate.Name, context.Options.Estate.Id, first.Year, first.Month, report, digest, closed, spent, printed);
            Directory.CreateDirectory(folder);
            await File.WriteAllTextAsync(path + ".part", html, cancellationToken);
            File.Move(path + ".part", path, overwrite: true);
            await context.Out.WriteLineAsync($"{path}: income {Money.Yuan(report.Income.TotalFen)} yuan, {report.Visits} visits, {spent.Count} expense line(s){(closed ? "" : "; the month is not closed yet, so its digest is computed, not written")}");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Reads 日期,项目,金额,凭证号 lines; a bad line or a date outside the month is an error naming the line.</summary>
    internal static (List<Expense> Items, string? Error) ReadExpenses(FileInfo file, DateOnly month)
    {
        if (!file.Exists)
        {
            return ([], "not found");
        }

        var (text, _) = TextFileEncoding.Decode(File.ReadAllBytes(file.FullName));
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count == 0 || lines[0].Replace(" ", "", StringComparison.Ordinal) != "日期,项目,金额,凭证号")
        {
            return ([], "the first line must be 日期,项目,金额,凭证号");
        }

        var items = new List<Expense>();
        for (var i = 1; i < lines.Count; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var cells = lines[i].Split(',');
            if (cells.Length != 4)
            {
                return ([], $"line {i + 1} has {cells.Length} fields, not 4");
            }

            if (!DateOnly.TryParseExact(cells[0].Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) || date.Year != month.Year || date.Month != month.Month)
            {
                return ([], $"line {i + 1}: date '{cells[0].Trim()}' must be YYYY-MM-DD within {month:yyyy-MM}");
            }

            if (!Money.TryParseYuan(cells[2].Trim(), out var fen) || fen <= 0)
            {
                return ([], $"line {i + 1}: amount '{cells[2].Trim()}' is not a positive amount in yuan");
            }

            if (cells[1].Trim().Length == 0 || cells[3].Trim().Length == 0)
            {
                return ([], $"line {i + 1}: the item and the voucher number are required");
            }

            items.Add(new Expense(date, cells[1].Trim(), fen, cells[3].Trim()));
        }

        return (items, null);
    }
}
