using System.CommandLine;

namespace ParkingGate.Host.Cli;

/// <summary><c>audit list</c>.</summary>
internal static class AuditCommands
{
    public static Command Build(Verbs verbs)
    {
        var limit = new Option<int>("--limit") { Description = "how many entries, newest first", DefaultValueFactory = _ => 50 };
        var entity = new Option<string?>("--entity") { Description = "only household, vehicle, blocklist, pass, invitation, conduct, stay, shift, ledger, lane or user" };
        entity.AcceptOnlyFromAmong("household", "vehicle", "blocklist", "pass", "invitation", "conduct", "stay", "shift", "ledger", "lane", "user");
        var json = GlobalOptions.Json();
        var list = new Command("list", "who did what (registry changes, payments, shifts, exports), newest first") { limit, entity, json };
        verbs.Bind(list, async (context, parse, cancellationToken) =>
        {
            var count = parse.GetValue(limit);
            if (count < 1)
            {
                return context.Usage($"--limit {count} must be at least 1");
            }

            var audit = await context.AuditAsync(cancellationToken);
            var entries = await audit.ListAsync(count, parse.GetValue(entity), cancellationToken: cancellationToken);
            if (parse.GetValue(json))
            {
                context.WriteJson(entries);
                return ExitCodes.Ok;
            }

            TextTable.Write(context.Out, ["at", "who", "action", "record"],
                entries.Select(e => (IReadOnlyList<string>)[TextTable.Time(e.AtUtc), e.Actor, e.Action, e.AfterJson ?? e.BeforeJson ?? ""]));
            return ExitCodes.Ok;
        });
        return new Command("audit", "the audit log: every registry change and every action on money") { list };
    }
}
