using System.CommandLine;

namespace ParkingGate.Host.Cli;

/// <summary><c>blocklist add</c>, <c>blocklist remove</c> and <c>blocklist list</c>.</summary>
internal static class BlocklistCommands
{
    public static Command Build(Verbs verbs) => new("blocklist", "plates refused at entry") { Add(verbs), Remove(verbs), List(verbs) };

    private static Option<string> Reason(string what) => new("--reason") { Description = what, Required = true };

    private static Command Add(Verbs verbs)
    {
        var plate = PlateOption.Create();
        var reason = Reason("why the plate is refused (shown to the booth)");
        var command = new Command("add", "refuse a plate at entry") { plate, reason };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var parsed = PlateOption.Parse(parse, plate);
            if (!parsed.IsSuccess)
            {
                return context.Fail(parsed.Problem);
            }

            var registry = await context.RegistryAsync(cancellationToken);
            var added = await registry.Blocklist.AddToBlocklistAsync(parsed.Value, parse.GetValue(reason) ?? "", context.Operator, cancellationToken);
            if (!added.IsSuccess)
            {
                return context.Fail(added.Problem);
            }

            await context.Out.WriteLineAsync($"{added.Value.Plate} is now refused at entry: {added.Value.Reason}");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(Verbs verbs)
    {
        var plate = PlateOption.Create();
        var reason = Reason("why the plate is allowed again");
        var command = new Command("remove", "take a plate off the blocklist (kept in history)") { plate, reason };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var parsed = PlateOption.Parse(parse, plate);
            if (!parsed.IsSuccess)
            {
                return context.Fail(parsed.Problem);
            }

            var registry = await context.RegistryAsync(cancellationToken);
            var removed = await registry.Blocklist.RemoveFromBlocklistAsync(parsed.Value, parse.GetValue(reason) ?? "", context.Operator, cancellationToken);
            if (!removed.IsSuccess)
            {
                return context.Fail(removed.Problem);
            }

            await context.Out.WriteLineAsync($"{removed.Value.Plate} is no longer on the blocklist");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(Verbs verbs)
    {
        var json = GlobalOptions.Json();
        var command = new Command("list", "list plates refused at entry") { json };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var registry = await context.RegistryAsync(cancellationToken);
            var entries = await registry.Blocklist.ListBlocklistAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                context.WriteJson(entries);
                return ExitCodes.Ok;
            }

            TextTable.Write(context.Out, ["plate", "reason", "added", "by"],
                entries.Select(e => (IReadOnlyList<string>)[e.Plate, e.Reason, TextTable.Time(e.AddedUtc), e.AddedBy]));
            await context.Out.WriteLineAsync($"{entries.Count} plate(s) on the blocklist");
            return ExitCodes.Ok;
        });
        return command;
    }
}
