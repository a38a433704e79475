using System.CommandLine;
using System.Globalization;
using ParkingGate.Domain;
using ParkingGate.Domain.Conduct;
using ParkingGate.Domain.Plates;
using ParkingGate.Host.Tariffs;
using ParkingGate.Storage.Conduct;

namespace ParkingGate.Host.Cli;

/// <summary><c>conduct proposals|decide|export|verify</c>: what the committee decides, takes away and checks.</summary>
internal static partial class ConductCommands
{
    private static Command Proposals(Verbs verbs)
    {
        var json = GlobalOptions.Json();
        var command = new Command("proposals", "the rules' proposals for the blocklist and the committee's decisions") { json };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var store = await context.ConductAsync(cancellationToken);
            var proposals = await store.ProposalsAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                context.WriteJson(proposals);
                return ExitCodes.Ok;
            }

            TextTable.Write(context.Out, ["record", "written", "plate", "room", "proposal", "decision"],
                proposals.Select(p => (IReadOnlyList<string>)[
                    p.Proposal.Seq.ToString(CultureInfo.InvariantCulture), TextTable.Time(p.Proposal.AtUtc), p.Proposal.Plate ?? "", p.Proposal.Room ?? "", p.Proposal.Reason ?? "",
                    p.Decision is { } d ? $"{(p.Accepted ? "accepted" : "declined")} by {d.Operator}: {d.Reason} ({d.Detail})" : "waiting for the committee"]));
            await context.Out.WriteLineAsync($"{proposals.Count(p => p.Decision is null)} proposal(s) waiting");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Decide(Verbs verbs)
    {
        var seq = new Argument<long>("proposal") { Description = "the proposal's record number" };
        var accept = new Option<bool>("--accept") { Description = "accept: the plate goes on the blocklist for the proposal's days" };
        var decline = new Option<bool>("--decline") { Description = "decline" };
        var reason = new Option<string>("--reason") { Description = "the committee's reason (the meeting, the vote)", Required = true };
        var command = new Command("decide", "the committee decides a proposal (the operator must be a desk user of the committee role)") { seq, accept, decline, reason };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            if (parse.GetValue(accept) == parse.GetValue(decline))
            {
                return context.Usage("give exactly one of --accept and --decline");
            }

            var database = await context.DatabaseAsync(cancellationToken);
            var user = await new Storage.Users.UserStore(database, context.Time).FindAsync(context.Operator, cancellationToken);
            var store = await context.ConductAsync(cancellationToken);
            var decided = await store.DecideAsync(parse.GetValue(seq), parse.GetValue(accept), parse.GetValue(reason) ?? "", context.Operator,
                user?.Role ?? "not a desk user", context.Zone, cancellationToken);
            if (!decided.IsSuccess)
            {
                return context.Fail(decided.Problem);
            }

            var d = decided.Value;
            await context.Out.WriteLineAsync(d.Blocklist is { } entry
                ? $"record {d.Decision.Seq}: proposal {parse.GetValue(seq)} accepted; {entry.Plate} is refused at entry until {TextTable.Time(entry.EndsUtc!.Value)} (blocklist entry {entry.Id})"
                : $"record {d.Decision.Seq}: proposal {parse.GetValue(seq)} declined");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Export(Verbs verbs)
    {
        var month = new Option<string>("--month") { Description = "the month, YYYY-MM", Required = true };
        var format = new Option<string>("--format") { Description = "xlsx or csv", DefaultValueFactory = _ => "xlsx" };
        format.AcceptOnlyFromAmong("xlsx", "csv");
        var output = new Option<string?>("--out") { Description = "the file's name in the export folder (default: estate-conduct-YYYY-MM.xlsx)" };
        var command = new Command("export", "a month's violations, by kind and by building, as .xlsx or CSV into the export folder") { month, format, output };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            if (Rules(context) is not { } rules)
            {
                return ExitCodes.UsageOrConfig;
            }

            if (!DateOnly.TryParseExact(parse.GetValue(month) + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
            {
                return context.Usage($"--month '{parse.GetValue(month)}' must be YYYY-MM");
            }

            var kind = parse.GetValue(format) ?? "xlsx";
            var name = parse.GetValue(output) ?? $"{context.Options.Estate.Id}-conduct-{first:yyyy-MM}.{kind}";
            if (!context.TryExportPath(name, out var path))
            {
                return context.Usage($"--out '{name}' would be written outside the export folder {context.ExportFolder}");
            }

            var (from, until) = ReportCommands.Period(first, first.AddMonths(1), context.Zone);
            var store = await context.ConductAsync(cancellationToken);
            var violations = (await store.ViolationsAsync(cancellationToken)).Where(v => v.OccurredUtc >= from && v.OccurredUtc < until).ToList();
            Directory.CreateDirectory(context.ExportFolder);
            if (kind == "csv")
            {
                await Reports.ConductExport.WriteCsvAsync(path, violations, rules, context.Zone, cancellationToken);
            }
            else
            {
                await Reports.ConductExport.WriteXlsxAsync(path, violations, rules, context.Zone, cancellationToken);
            }

            await (await context.AuditAsync(cancellationToken)).RecordAsync(context.Operator, "export", "conduct", null,
                new { month = first.ToString("yyyy-MM", CultureInfo.InvariantCulture), format = kind, rows = violations.Count }, cancellationToken);
            await context.Out.WriteLineAsync($"{path}: {violations.Count(v => !v.Withdrawn)} violation(s) of {first:yyyy-MM}{(violations.Any(v => v.Withdrawn) ? $", {violations.Count(v => v.Withdrawn)} withdrawn" : "")}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Verify(Verbs verbs)
    {
        var digest = new Option<string?>("--digest") { Description = "a notice's digest line (PGR1 …) to check against the register" };
        var command = new Command("verify", "check the register's chain, and that it holds what a notice's digest line names") { digest };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var store = await context.ConductAsync(cancellationToken);
            var verdict = store.Verify(parse.GetValue(digest));
            if (!verdict.Ok)
            {
                return context.Fail(new Problem("register-broken", $"the conduct register does not verify: {verdict.Problem}", $"红黑榜登记簿校验未通过：{verdict.Problem}"));
            }

            await context.Out.WriteLineAsync($"register OK: {verdict.Records} record(s)");
            await context.Out.WriteLineAsync(verdict.DigestLine(store.EstateId));
            return ExitCodes.Ok;
        });
        return command;
    }
}
