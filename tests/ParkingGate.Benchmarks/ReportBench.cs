using System.Diagnostics;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using ParkingGate.Domain.Ledger;
using ParkingGate.Reports;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Reports;

namespace ParkingGate.Benchmarks;

/// <summary>
/// <c>report-bench [STAYS] [ENTRIES]</c>: a generated year of traffic (default 150,000 stays and 100,000 ledger
/// entries, appended through the ledger store so the chain is real), then the time of a monthly report and of the
/// whole year's .xlsx export. The database is kept under the benchmark folder and reused when its size matches.
/// </summary>
internal static class ReportBench
{
    private const string Estate = "fenglin-anzhi";

    public static async Task<int> RunAsync(string[] args)
    {
        var stays = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 150_000;
        var entries = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 100_000;
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var folder = Path.Combine(Path.GetTempPath(), "parkinggate-report-bench");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"year-{stays}-{entries}.db");
        var database = await SqliteDatabase.OpenAsync(path, TimeProvider.System);
        await using (var connection = await database.OpenConnectionAsync())
        {
            if (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM ledger;") != entries)
            {
                SqliteConnection.ClearAllPools();
                File.Delete(path);
                database = await SqliteDatabase.OpenAsync(path, TimeProvider.System);
                var built = Stopwatch.StartNew();
                await GenerateAsync(database, stays, entries, zone);
                Console.WriteLine($"generated {stays:N0} stays and {entries:N0} ledger entries in {built.Elapsed.TotalSeconds:0.0} s ({path})");
            }
        }

        var ledger = new LedgerStore(database, TimeProvider.System, Estate);
        var reports = new ReportStore(database, ledger, TimeProvider.System);
        var timings = new List<double>();
        PeriodReport? report = null;
        for (var month = 1; month <= 12; month++)
        {
            var (from, until) = (Midnight(new DateOnly(2026, month, 1), zone), Midnight(new DateOnly(2026, month, 1).AddMonths(1), zone));
            var watch = Stopwatch.StartNew();
            report = await reports.ReportAsync(from, until, ["out-1"], 7);
            timings.Add(watch.Elapsed.TotalMilliseconds);
        }

        timings.Sort();
        Console.WriteLine($"monthly report (12 months, {report!.Income.Entries:N0} entries in the last): median {timings[6]:0} ms, slowest {timings[^1]:0} ms (target < 1000 ms)");

        var (yearFrom, yearUntil) = (Midnight(new DateOnly(2026, 1, 1), zone), Midnight(new DateOnly(2027, 1, 1), zone));
        var exportWatch = Stopwatch.StartNew();
        var yearReport = await reports.ReportAsync(yearFrom, yearUntil, ["out-1"], 7);
        var reported = exportWatch.Elapsed;
        var detail = await PeriodExport.DetailAsync(reports.DetailAsync(yearFrom, yearUntil), zone, CancellationToken.None);
        var read = exportWatch.Elapsed;
        var file = Path.Combine(folder, "year.xlsx");
        await PeriodExport.WriteXlsxAsync(file, yearReport, detail, zone, CancellationToken.None);
        Console.WriteLine($"year .xlsx export: {detail.Count:N0} rows, {new FileInfo(file).Length / 1024:N0} KB in {exportWatch.Elapsed.TotalMilliseconds:0} ms (target < 5000 ms): " +
            $"report {reported.TotalMilliseconds:0} ms, detail rows {(read - reported).TotalMilliseconds:0} ms, writing {(exportWatch.Elapsed - read).TotalMilliseconds:0} ms");
        return timings[^1] < 1000 && exportWatch.Elapsed.TotalSeconds < 5 ? 0 : 1;
    }

    /// <summary>The stored form of an instant (as the stores write it).</summary>
    private static string Text(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Midnight(DateOnly day, TimeZoneInfo zone) => Domain.LocalDays.StartOf(day, zone);

    /// <summary>Stays spread over 2026 (bulk insert), and ledger entries appended in time order through the store.</summary>
    internal static async Task GenerateAsync(SqliteDatabase database, int stays, int entries, TimeZoneInfo zone)
    {
        var random = new Random(2026);
        var start = Midnight(new DateOnly(2026, 1, 1), zone);
        var span = TimeSpan.FromDays(365);
        var clock = new FakeTimeProvider(start);
        var ledger = new LedgerStore(database, clock, Estate);
        var paidStays = Math.Min(stays, entries * 9 / 10);
        var step = span / entries;
        var stayIds = new long[paidStays];
        await using (var connection = await database.OpenConnectionAsync())
        await using (var transaction = connection.BeginTransaction())
        {
            for (var i = 0; i < stays; i++)
            {
                var entered = start + (span * ((double)i / stays));
                var left = entered.AddMinutes(random.Next(10, 600));
                var id = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO stays (plate, vehicle_class, entry_lane, entry_utc, exit_lane, exit_utc, status, closed_how, fee_fen, due_fen, recorded_by, updated_utc)
                    VALUES (@plate, 'small', 'in-1', @entered, 'out-1', @left, 'closed', 'paid', @fee, 0, 'bench', @left) RETURNING id;
                    """,
                    new { plate = $"粤B{i % 100_000:00000}", entered = Text(entered), left = Text(left), fee = 500 + random.Next(0, 2000) },
                    transaction);
                if (i < paidStays)
                {
                    stayIds[i] = id;
                }
            }

            transaction.Commit();
        }

        string[] channels = [PaymentChannel.Cash, PaymentChannel.WeChat, PaymentChannel.Alipay];
        for (var i = 0; i < entries; i++)
        {
            clock.SetUtcNow(start + (step * i));
            var channel = channels[random.Next(3)];
            var entry = i % 10 == 9
                ? new NewLedgerEntry(LedgerKind.PassSale, 12_000, "clerk") { Plate = $"湘C{i % 100_000:00000}", Channel = channel, ChannelRef = channel == PaymentChannel.Cash ? null : $"pass-{i}" }
                : new NewLedgerEntry(LedgerKind.VisitorFee, 500 + random.Next(0, 2000), "booth")
                {
                    Plate = $"粤B{i % 100_000:00000}", StayId = stayIds[(i - (i / 10)) % paidStays], Channel = channel, ChannelRef = channel == PaymentChannel.Cash ? null : $"{channel}-{i}",
                };
            var appended = await ledger.AppendAsync(entry);
            if (!appended.IsSuccess)
            {
                throw new InvalidOperationException(appended.Problem.Message);
            }
        }
    }
}
