using System.CommandLine;
using System.Globalization;
using ParkingGate.Domain;
using ParkingGate.Domain.Conduct;
using ParkingGate.Domain.Plates;
using ParkingGate.Host.Tariffs;
using ParkingGate.Storage.Conduct;

namespace ParkingGate.Host.Cli;

/// <summary><c>conduct record|correct|list|verify</c>: the conduct register (红黑榜) under the rules in <c>conduct.rules</c>.</summary>
internal static partial class ConductCommands
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
