using System.CommandLine;
using ParkingGate.Domain;
using ParkingGate.Gate.Configuration;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Registry;

namespace ParkingGate.Host.Cli;

/// <summary><c>import households FILE.csv</c>.</summary>
internal static class ImportCommands
{
    public static Command Build(Verbs verbs)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "CSV with a header row: room,name,phone,plates (UTF-8 or GBK)" };
        var households = new Command("households", "register households and their plates from a CSV file, all or nothing") { file };
        verbs.Bind(households, async (context, parse, cancellationToken) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                return context.Usage($"file '{path}' not found");
            }

            var (text, encoding) = TextFileEncoding.Decode(await File.ReadAllBytesAsync(path.FullName, cancellationToken));
            var (rows, errors) = HouseholdCsvReader.Read(text, context.Options.ToRegistryRules());
            if (errors.Count == 0)
            {
                var registry = await context.RegistryAsync(cancellationToken);
                var outcome = await registry.Households.ImportHouseholdsAsync(rows, context.Operator, cancellationToken);
                if (outcome.Succeeded)
                {
                    await context.Out.WriteLineAsync($"imported {outcome.Households} household(s) and {outcome.Vehicles} vehicle(s) from '{path}' ({encoding})");
                    return ExitCodes.Ok;
                }

                errors = outcome.Errors;
            }

            foreach (var error in errors)
            {
                await context.Err.WriteLineAsync($"error: {path.Name}: {error}");
            }

            await context.Err.WriteLineAsync($"nothing was imported: fix the line(s) above and import the whole file again");
            return ExitCodes.Failed;
        });
        return new Command("import", "bring registry data in from files") { households };
    }
}
