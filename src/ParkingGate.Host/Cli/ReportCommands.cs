using System.CommandLine;
using System.Globalization;
using ParkingGate.Gate.Lanes;
using ParkingGate.Reports;
using ParkingGate.Storage.Reports;

namespace ParkingGate.Host.Cli;

/// <summary><c>report daily</c> and <c>report monthly</c>: income by category and channel, and what needs looking at.</summary>
internal static class ReportCommands
{
    public static Command Build(Verbs verbs)
    {
        var date = new Option<string>("--date") { Description = "the day, YYYY-MM-DD (estate time)", Required = true };
        var daily = new Command("daily", "a day's income by category and channel, receipts, free exits, manual openings, anomalies, visits, long stays") { date };
        verbs.Bind(daily, async (context, parse, cancellationToken) =>
        {
            if (!DateOnly.TryParseExact(parse.GetValue(date), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return context.Usage($"--date '{parse.GetValue(date)}' must be YYYY-MM-DD");
            }

            return await WriteAsync(context, day, day.AddDays(1), $"停车收入日报 daily report {day:yyyy-MM-dd}", cancellationToken);
        });

        var month = new Option<string>("--month") { Description = "the month, YYYY-MM", Required = true };
        var monthly = new Command("monthly", "a month's income by category and channel, and the rest of the daily report for the month") { month };
        verbs.Bind(monthly, async (context, parse, cancellationToken) =>
        {
            if (!DateOnly.TryParseExact(parse.GetValue(month) + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            {
                return context.Usage($"--month '{parse.GetValue(month)}' must be YYYY-MM");
            }

            return await WriteAsync(context, first, first.AddMonths(1), $"停车收入月报 monthly report {first:yyyy-MM}", cancellationToken);
        });
        return new Command("report", "income reports for the accountant and the committee") { daily, monthly };
    }

    /// <summary>The UTC instants of local midnights <paramref name="from"/> and <paramref name="until"/>.</summary>
    internal static (DateTimeOffset From, DateTimeOffset Until) Period(DateOnly from, DateOnly until, TimeZoneInfo zone) =>
        (Domain.LocalDays.StartOf(from, zone), Domain.LocalDays.StartOf(until, zone));

    private static async Task<int> WriteAsync(CliContext context, DateOnly from, DateOnly until, string title, CancellationToken cancellationToken)
    {
        var (fromUtc, untilUtc) = Period(from, until, context.Zone);
        var reports = new ReportStore(await context.DatabaseAsync(cancellationToken), await context.LedgerAsync(cancellationToken), context.Time);
        var exits = context.Options.Lanes.Where(l => l.Way == LaneDirection.Exit).Select(l => l.Id).ToList();
        var report = await reports.ReportAsync(fromUtc, untilUtc, exits, context.Options.Desk.LongStayDays, cancellationToken);
        await context.Out.WriteAsync(ReportText.Write(report, context.Options.Estate.Name, title, context.Zone, context.Options.Desk.LongStayDays));
        return ExitCodes.Ok;
    }
}
