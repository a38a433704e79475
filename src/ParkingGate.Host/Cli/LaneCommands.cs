using System.CommandLine;
using ParkingGate.Storage.Lanes;

namespace ParkingGate.Host.Cli;

/// <summary>
/// <c>lane hold</c>, <c>lane release</c> and <c>lane holds</c>: a lane's barrier held open (常开) for a fire drill, a
/// funeral, a wedding or an evacuation, with the reason in the ledger. The running service applies a hold written here
/// within a few seconds.
/// </summary>
internal static class LaneCommands
{
    public static Command Build(Verbs verbs) => new("lane", "hold a lane's barrier open (常开) and end the hold") { Change(verbs, start: true), Change(verbs, start: false), List(verbs) };

    private static Command Change(Verbs verbs, bool start)
    {
        var lane = new Option<string>("--lane") { Description = "the lane, as in the config (e.g. in-1)", Required = true };
        var reason = new Option<string>("--reason") { Description = start ? "why (e.g. 消防演练, 丧事, 婚礼, 疏散): kept in the ledger" : "why it ends: kept in the ledger", Required = true };
        var command = new Command(start ? "hold" : "release", start ? "hold a lane's barrier open until released; every car is still recorded" : "end a lane's hold-open") { lane, reason };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var id = parse.GetValue(lane)!.Trim();
            if (context.Options.Lanes.All(l => l.Id != id))
            {
                return context.Usage($"there is no lane '{id}' in the config (lanes: {string.Join(", ", context.Options.Lanes.Select(l => l.Id))})");
            }

            var database = await context.DatabaseAsync(cancellationToken);
            var holds = new LaneHoldStore(database, await context.LedgerAsync(cancellationToken));
            var changed = start
                ? await holds.StartAsync(id, parse.GetValue(reason) ?? "", context.Operator, cancellationToken)
                : await holds.EndAsync(id, parse.GetValue(reason) ?? "", context.Operator, cancellationToken);
            if (!changed.IsSuccess)
            {
                return context.Fail(changed.Problem);
            }

            var seq = start ? changed.Value.StartSeq : changed.Value.EndSeq;
            await context.Out.WriteLineAsync(start
                ? $"lane {id} is held open from now (ledger entry {seq}); the running service lifts the barrier within {GateHoldCheckSeconds} s"
                : $"lane {id} is no longer held open (ledger entry {seq}); the running service lets the barrier go within {GateHoldCheckSeconds} s");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static readonly int GateHoldCheckSeconds = (int)ParkingGate.Gate.GateRuntime.HoldCheck.TotalSeconds;

    private static Command List(Verbs verbs)
    {
        var json = GlobalOptions.Json();
        var command = new Command("holds", "the latest holds, open or ended") { json };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var database = await context.DatabaseAsync(cancellationToken);
            var holds = await new LaneHoldStore(database, await context.LedgerAsync(cancellationToken)).RecentAsync(20, cancellationToken);
            if (parse.GetValue(json))
            {
                context.WriteJson(holds);
                return ExitCodes.Ok;
            }

            TextTable.Write(context.Out, ["lane", "from", "by", "reason", "until", "by", "why"],
                holds.Select(h => (IReadOnlyList<string>)[h.Lane, TextTable.Time(h.StartedUtc), h.StartedBy, h.Reason,
                    h.EndedUtc is { } end ? TextTable.Time(end) : "(held open now)", h.EndedBy ?? "", h.EndReason ?? ""]));
            await context.Out.WriteLineAsync($"{holds.Count(h => h.Open)} lane(s) held open now");
            return ExitCodes.Ok;
        });
        return command;
    }
}
