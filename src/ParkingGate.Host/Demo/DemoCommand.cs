using System.CommandLine;
using ParkingGate.Domain.Plates;
using ParkingGate.Host.Cli;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Registry;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Host.Demo;

/// <summary>
/// <c>demo</c>: fills a demo database with the sample households and replays a morning of camera reads through
/// plate normalisation, the fuzzy matcher and the registry, printing who each car is.
/// </summary>
internal static class DemoCommand
{
    public const string DefaultDatabase = "data/demo.db";

    public static Command Build(Verbs verbs)
    {
        var data = new Option<DirectoryInfo>("--data")
        {
            Description = "folder with households.csv and reads.txt",
            DefaultValueFactory = _ => new DirectoryInfo("config/demo"),
        };
        var command = new Command("demo", $"seed a demo registry ({DefaultDatabase} unless --db) and replay sample camera reads") { data };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var folder = parse.GetValue(data)!;
            var householdsFile = Path.Combine(folder.FullName, "households.csv");
            var readsFile = Path.Combine(folder.FullName, "reads.txt");
            if (!File.Exists(householdsFile) || !File.Exists(readsFile))
            {
                return context.Usage($"demo data not found: '{folder}' needs households.csv and reads.txt");
            }

            var options = context.Options; // a bad config stops the demo before the database is touched
            var database = await Storage.SqliteDatabase.OpenAsync(parse.GetValue(GlobalOptions.Database) ?? DefaultDatabase, context.Time, cancellationToken);
            var registry = new RegistryStore(database, context.Time);
            await SeedAsync(context, registry, options.ToRegistryRules(), householdsFile, cancellationToken);
            var registered = (await registry.RegisteredPlatesAsync(context.Time.GetUtcNow(), cancellationToken)).ToDictionary(p => p.Plate);
            var blocked = (await registry.ListBlocklistAsync(cancellationToken)).ToDictionary(b => b.Plate);
            var matcher = new PlateMatcher(registered.Keys, options.Plates.FuzzyBudget);
            await context.Out.WriteLineAsync($"database '{database.Path}': {registered.Count} registered plate(s), {blocked.Count} blocklisted; replaying {readsFile}");
            var rows = new List<IReadOnlyList<string>>();
            foreach (var line in await File.ReadAllLinesAsync(readsFile, cancellationToken))
            {
                var parts = line.Split(' ', 3, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 3 && !line.StartsWith('#'))
                {
                    rows.Add([parts[0], parts[1], parts[2], .. Describe(parts[2], matcher, registered, blocked)]);
                }
            }

            TextTable.Write(context.Out, ["time", "lane", "camera read", "plate", "who"], rows);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task SeedAsync(CliContext context, RegistryStore registry, Domain.Registry.RegistryRules rules, string householdsFile, CancellationToken cancellationToken)
    {
        if ((await registry.ListHouseholdsAsync(null, cancellationToken)).Count > 0)
        {
            return;
        }

        var (text, _) = TextFileEncoding.Decode(await File.ReadAllBytesAsync(householdsFile, cancellationToken));
        var (rows, errors) = HouseholdCsvReader.Read(text, rules);
        if (errors.Count > 0)
        {
            throw new IOException($"demo households file '{householdsFile}': {errors[0]}");
        }

        var outcome = await registry.ImportHouseholdsAsync(rows, "demo", cancellationToken);
        await registry.AddToBlocklistAsync(Plate.Parse("湘A88888"), "多次堵塞消防通道 (blocked the fire lane repeatedly)", "demo", cancellationToken);
        await context.Out.WriteLineAsync($"seeded {outcome.Households} household(s) and {outcome.Vehicles} vehicle(s)");
    }

    private static string[] Describe(
        string read, PlateMatcher matcher, Dictionary<string, RegisteredPlate> registered, Dictionary<string, BlocklistEntry> blocked)
    {
        var text = PlateNormalizer.Normalize(read);
        if (blocked.TryGetValue(text, out var entry))
        {
            return [text, $"blocklisted: {entry.Reason} — stays closed"];
        }

        var match = matcher.Match(read);
        return match.Kind switch
        {
            MatchKind.Exact => [text, $"resident of {registered[match.Plate!].Room} — opens"],
            MatchKind.Fuzzy => [text, $"resident of {registered[match.Plate!].Room} as {match.Plate} (one misread character) — opens"],
            MatchKind.Ambiguous => [text, $"could be {string.Join(" or ", match.Candidates.Select(c => c.Plate))} — held for the booth"],
            _ when Plate.TryParse(read, out _, out var error) is false => [text, $"not a plate ({error!.Message}) — held for the booth"],
            _ => [text, "visitor — opens if visitor spaces remain, pays at exit"],
        };
    }
}
