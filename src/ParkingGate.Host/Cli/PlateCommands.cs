using System.CommandLine;
using ParkingGate.Domain.Plates;

namespace ParkingGate.Host.Cli;

/// <summary><c>plate normalize</c> and <c>plate match</c>.</summary>
internal static class PlateCommands
{
    public static Command Build(Verbs verbs) => new("plate", "normalise plates and look them up")
    {
        Normalize(verbs),
        Match(verbs),
    };

    private static Command Normalize(Verbs verbs)
    {
        var text = new Argument<string>("TEXT") { Description = "the plate as written or read, e.g. ' 湘a·1234５ '" };
        var json = GlobalOptions.Json();
        var command = new Command("normalize", "print the normalised plate, or why it is not a plate") { text, json };
        verbs.Bind(command, (context, parse, _) =>
        {
            var input = parse.GetValue(text);
            if (!Plate.TryParse(input, out var plate, out var error))
            {
                return Task.FromResult(context.Fail(new Domain.Problem("invalid-plate", $"invalid plate: {error.Message}", $"车牌有误：{error.Zh}")));
            }

            if (parse.GetValue(json))
            {
                context.WriteJson(new
                {
                    input,
                    plate = plate.Text,
                    format = plate.Format,
                    standard = plate.IsStandard,
                    vehicleClass = VehicleClasses.Infer(plate).ToName(),
                });
            }
            else
            {
                context.Out.WriteLine(plate.Text);
                if (!plate.IsStandard)
                {
                    context.Err.WriteLine($"note: {plate.Text} is not a mainland layout; it is kept as non-standard text");
                }
            }

            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }

    private static Command Match(Verbs verbs)
    {
        var text = new Argument<string>("TEXT") { Description = "the plate as a camera read it" };
        var budget = new Option<int?>("--budget") { Description = $"confusable substitutions allowed (1–{PlateMatcher.MaxBudget}; default plates.fuzzyBudget)" };
        var json = GlobalOptions.Json();
        var command = new Command("match", "look a read up among resident vehicles and pass holders: exact, fuzzy, ambiguous or none")
        {
            text, budget, json,
        };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var edits = parse.GetValue(budget) ?? context.Options.Plates.FuzzyBudget;
            if (edits is < 1 or > PlateMatcher.MaxBudget)
            {
                return context.Usage($"--budget {edits} must be between 1 and {PlateMatcher.MaxBudget}");
            }

            var input = parse.GetValue(text) ?? "";
            if (PlateNormalizer.Normalize(input).Length == 0)
            {
                return context.Fail(new Domain.Problem("invalid-plate", $"invalid plate: '{input}' is empty", $"车牌有误：“{input}”为空"));
            }

            var registry = await context.RegistryAsync(cancellationToken);
            var registered = (await registry.Vehicles.RegisteredPlatesAsync(context.Time.GetUtcNow(), cancellationToken))
                .ToDictionary(p => p.Plate, StringComparer.Ordinal);
            var result = new PlateMatcher(registered.Keys, edits).Match(input);
            var candidates = result.Candidates.Select(c => new
            {
                plate = c.Plate,
                substitutions = c.Substitutions,
                room = registered[c.Plate].Room,
                passUntilUtc = registered[c.Plate].PassUntilUtc,
            }).ToList();
            if (parse.GetValue(json))
            {
                context.WriteJson(new { read = result.Read, kind = result.Kind, plate = result.Plate, candidates });
                return ExitCodes.Ok;
            }

            var kind = result.Kind.ToString().ToLowerInvariant();
            if (candidates.Count == 0)
            {
                await context.Out.WriteLineAsync($"{kind}: {result.Read} is not a registered plate");
            }

            foreach (var c in candidates)
            {
                var owner = c.passUntilUtc is { } until ? $"pass until {TextTable.Time(until)}" : $"room {c.room}";
                var how = c.substitutions == 0 ? "" : $", {c.substitutions} confusable character(s) from {result.Read}";
                await context.Out.WriteLineAsync($"{kind}: {c.plate} ({owner}{how})");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
