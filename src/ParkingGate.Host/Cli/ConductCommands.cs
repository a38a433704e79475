using System.CommandLine;
using System.Globalization;
using ParkingGate.Domain;
using ParkingGate.Domain.Conduct;
using ParkingGate.Domain.Plates;
using ParkingGate.Host.Tariffs;
using ParkingGate.Storage.Conduct;

namespace ParkingGate.Host.Cli;

/// <summary><c>conduct record|correct|list|verify</c>: the conduct register (红黑榜) under the rules in <c>conduct.rules</c>.</summary>
internal static class ConductCommands
{
    public static Command Build(Verbs verbs) =>
        new("conduct", "the conduct register (红黑榜): parking violations, corrections, proposals") { Record(verbs), Correct(verbs), List(verbs), Proposals(verbs), Decide(verbs), Export(verbs), Verify(verbs) };

    private static Option<string?> At() => new("--at") { Description = "when it was seen, ISO 8601 (default: now; without an offset: estate time)" };

    private static Command Record(Verbs verbs)
    {
        var plate = PlateOption.Create();
        var kind = new Option<string>("--kind") { Description = "the kind's code in the rule file, e.g. fire-lane", Required = true };
        var place = new Option<string>("--place") { Description = "where, e.g. 3栋东侧消防通道", Required = true };
        var at = At();
        var photos = new Option<string[]>("--photo") { Description = "a photo file (JPEG, PNG or WebP); repeat for more", AllowMultipleArgumentsPerToken = false };
        var confirm = new Option<string?>("--confirm") { Description = "for a plate near a registered one: the registered plate it is, or the plate itself for none of them" };
        var command = new Command("record", "record a violation with its photos; the rules may propose the plate for the blocklist") { plate, kind, place, at, photos, confirm };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            if (Rules(context) is not { } rules)
            {
                return ExitCodes.UsageOrConfig;
            }

            var parsed = PlateOption.Parse(parse, plate);
            if (!parsed.IsSuccess)
            {
                return context.Fail(parsed.Problem);
            }

            if (When(context, parse.GetValue(at)) is not { } when)
            {
                return ExitCodes.UsageOrConfig;
            }

            var files = new List<ConductPhoto>();
            foreach (var file in parse.GetValue(photos) ?? [])
            {
                try
                {
                    files.Add(new ConductPhoto(await File.ReadAllBytesAsync(file, cancellationToken)));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    return context.Usage($"--photo '{file}' cannot be read: {e.Message}");
                }
            }

            var confirmed = parse.GetValue(confirm) is { } text ? Plate.TryParse(text, out var c, out _) ? c.Text : text : null;
            var store = await context.ConductAsync(cancellationToken);
            var draft = new ViolationDraft(parsed.Value, parse.GetValue(kind) ?? "", parse.GetValue(place) ?? "", when) { ConfirmedPlate = confirmed };
            var recorded = await store.RecordViolationAsync(draft, files, rules, context.Operator, cancellationToken);
            if (!recorded.IsSuccess)
            {
                return context.Fail(recorded.Problem);
            }

            var v = recorded.Value.Violation;
            await context.Out.WriteLineAsync(
                $"record {v.Seq}: {v.Plate}{(v.Room is null ? "" : $" ({v.Room})")} {rules.Find(v.Offence)!.Name.Zh} at {v.Place}, {TextTable.Time(v.OccurredUtc!.Value)}, {files.Count} photo(s)");
            foreach (var proposal in recorded.Value.Proposals)
            {
                await context.Out.WriteLineAsync($"record {proposal.Seq}: proposal — {proposal.Reason} (for the committee to decide)");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Correct(Verbs verbs)
    {
        var seq = new Argument<long>("record") { Description = "the violation's record number" };
        var reason = new Option<string>("--reason") { Description = "why it is corrected", Required = true };
        var withdraw = new Option<bool>("--withdraw") { Description = "it was not a violation, or it was recorded twice" };
        var plate = new Option<string?>("--plate") { Description = "the right plate" };
        var kind = new Option<string?>("--kind") { Description = "the right kind's code" };
        var place = new Option<string?>("--place") { Description = "the right place" };
        var at = At();
        var command = new Command("correct", "correct or withdraw a violation by a later record (the first is never changed)") { seq, reason, withdraw, plate, kind, place, at };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            if (Rules(context) is not { } rules)
            {
                return ExitCodes.UsageOrConfig;
            }

            Plate? right = null;
            if (parse.GetValue(plate) is { } text)
            {
                if (!Plate.TryParse(text, out var p, out var error))
                {
                    return context.Fail(new Problem("invalid-plate", $"invalid plate: {error.Message}", $"车牌有误：{error.Zh}"));
                }

                right = p;
            }

            DateTimeOffset? when = null;
            if (parse.GetValue(at) is { } atText)
            {
                if (When(context, atText) is not { } parsed)
                {
                    return ExitCodes.UsageOrConfig;
                }

                when = parsed;
            }

            var store = await context.ConductAsync(cancellationToken);
            var correction = new ViolationCorrection(parse.GetValue(seq), parse.GetValue(reason) ?? "")
            {
                Withdraw = parse.GetValue(withdraw), Plate = right, Offence = parse.GetValue(kind), Place = parse.GetValue(place), OccurredUtc = when,
            };
            var corrected = await store.CorrectAsync(correction, rules, context.Operator, cancellationToken);
            if (!corrected.IsSuccess)
            {
                return context.Fail(corrected.Problem);
            }

            await context.Out.WriteLineAsync($"record {corrected.Value.Seq}: {(correction.Withdraw ? "withdraws" : "corrects")} record {correction.Seq} — {corrected.Value.Reason}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(Verbs verbs)
    {
        var month = new Option<string?>("--month") { Description = "only violations seen in this month, YYYY-MM" };
        var json = GlobalOptions.Json();
        var command = new Command("list", "violations as corrected, oldest first") { month, json };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var rules = context.Config.Conduct;
            var store = await context.ConductAsync(cancellationToken);
            IEnumerable<Violation> violations = await store.ViolationsAsync(cancellationToken);
            if (parse.GetValue(month) is { } text)
            {
                if (!DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first))
                {
                    return context.Usage($"--month '{text}' must be YYYY-MM");
                }

                var (from, until) = ReportCommands.Period(first, first.AddMonths(1), context.Zone);
                violations = violations.Where(v => v.OccurredUtc >= from && v.OccurredUtc < until);
            }

            var list = violations.ToList();
            if (parse.GetValue(json))
            {
                context.WriteJson(list);
                return ExitCodes.Ok;
            }

            TextTable.Write(context.Out, ["record", "seen", "plate", "room", "kind", "place", "photos", "by", "state"],
                list.Select(v => (IReadOnlyList<string>)[
                    v.Seq.ToString(CultureInfo.InvariantCulture), TextTable.Time(v.OccurredUtc), v.Plate, v.Room ?? "", rules?.Find(v.Offence)?.Name.Zh ?? v.Offence,
                    v.Place ?? "", v.Photos.Count.ToString(CultureInfo.InvariantCulture), v.Reporter,
                    v.Withdrawn ? "withdrawn" : v.Corrections.Count > 0 ? $"corrected ({string.Join(",", v.Corrections)})" : ""]));
            await context.Out.WriteLineAsync($"{list.Count(v => !v.Withdrawn)} violation(s){(list.Any(v => v.Withdrawn) ? $", {list.Count(v => v.Withdrawn)} withdrawn" : "")}");
            return ExitCodes.Ok;
        });
        return command;
    }

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

    private static ConductRules? Rules(CliContext context)
    {
        if (context.Config.Conduct is { } rules)
        {
            return rules;
        }

        context.Usage("the config names no conduct rules (conduct.rules): there is no register to write to");
        return null;
    }

    private static DateTimeOffset? When(CliContext context, string? text)
    {
        if (text is null)
        {
            return context.Time.GetUtcNow();
        }

        if (LocalTimeParser.Parse(text, context.Zone) is { } given)
        {
            return given;
        }

        context.Usage($"--at '{text}' is not an ISO 8601 time such as 2026-03-02T10:00");
        return null;
    }
}
