using System.CommandLine;
using ParkingGate.Domain;
using ParkingGate.Domain.Plates;
using ParkingGate.Host.Tariffs;
using ParkingGate.Storage;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Host.Cli;

/// <summary><c>stay enter|exit|list</c>: the booth's way to record a missed read (补录).</summary>
internal static class StayCommands
{
    public static Command Build(Verbs verbs) => new("stay", "stays: one visit from entry to exit") { Enter(verbs), Exit(verbs), List(verbs) };

    private static (Option<string> Lane, Option<string?> At, Option<string?> Class) Common(string lane)
    {
        var laneOption = new Option<string>("--lane") { Description = "the lane", DefaultValueFactory = _ => lane };
        var at = new Option<string?>("--at") { Description = "when, ISO 8601 (default: now; without an offset: estate time)" };
        var vehicleClass = new Option<string?>("--class") { Description = "small, large or new-energy (default: from the plate)" };
        vehicleClass.AcceptOnlyFromAmong([.. VehicleClasses.Names]);
        return (laneOption, at, vehicleClass);
    }

    private static Command Enter(Verbs verbs)
    {
        var plate = PlateOption.Create();
        var (lane, at, vehicleClass) = Common("booth");
        var command = new Command("enter", "record an entry by hand") { plate, lane, at, vehicleClass };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            if (Read(context, parse, plate, at, vehicleClass) is not var (p, when, cls))
            {
                return ExitCodes.UsageOrConfig;
            }

            var settlement = await context.SettlementAsync(cancellationToken);
            var entered = await settlement.EnterByHandAsync(new StayEntry(p, cls, parse.GetValue(lane)!, when, null, false), context.Operator, cancellationToken);
            if (!entered.IsSuccess)
            {
                return context.Fail(entered.Problem);
            }

            await context.Out.WriteLineAsync($"stay {entered.Value.Id}: {p} entered at {TextTable.Time(when)} ({parse.GetValue(lane)})");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Exit(Verbs verbs)
    {
        var plate = PlateOption.Create();
        var (lane, at, vehicleClass) = Common("booth");
        var json = GlobalOptions.Json();
        var command = new Command("exit", "record an exit by hand: price it, and close it if nothing is due") { plate, lane, at, vehicleClass, json };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            if (Read(context, parse, plate, at, vehicleClass) is not var (p, when, cls))
            {
                return ExitCodes.UsageOrConfig;
            }

            var settlement = await context.SettlementAsync(cancellationToken);
            var exited = await settlement.ExitByHandAsync(new StayExit(p, cls, parse.GetValue(lane)!, when, null), context.Operator, cancellationToken);
            if (!exited.IsSuccess)
            {
                return context.Fail(exited.Problem);
            }

            var o = exited.Value;
            if (parse.GetValue(json))
            {
                context.WriteJson(new { stay = o.Stay, dueFen = o.Stay.DueFen, openGate = o.OpenGate, ledgerSeq = o.ClosedBy?.Seq, quote = o.Quote });
                return ExitCodes.Ok;
            }

            await context.Out.WriteLineAsync(o.OpenGate
                ? $"stay {o.Stay.Id}: {p} leaves free — {o.ClosedBy!.Reason} (ledger entry {o.ClosedBy.Seq}); the gate may open"
                : $"stay {o.Stay.Id}: {p} owes {Money.Yuan(o.Stay.DueFen ?? 0)} yuan; awaiting payment");
            foreach (var line in o.Quote.Lines)
            {
                await context.Out.WriteLineAsync($"  {line.Zh} / {line.En}");
            }

            foreach (var review in o.Quote.Reviews)
            {
                await context.Out.WriteLineAsync($"  需人工复核 review: {review.Reason.Zh} / {review.Reason.En}");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command List(Verbs verbs)
    {
        var status = new Option<string?>("--status") { Description = "inside, awaiting-payment or closed" };
        status.AcceptOnlyFromAmong([.. StoredNames.StayStatus.Names]);
        var json = GlobalOptions.Json();
        var command = new Command("list", "stays, newest first") { status, json };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var only = StoredNames.StayStatus.TryParse(parse.GetValue(status));
            var stays = await (await context.StaysAsync(cancellationToken)).ListAsync(only, cancellationToken: cancellationToken);
            if (parse.GetValue(json))
            {
                context.WriteJson(stays.Select(s => s with { QuoteJson = null }));
                return ExitCodes.Ok;
            }

            TextTable.Write(context.Out, ["stay", "plate", "entry", "exit", "status", "due", "ledger"],
                stays.Select(s => (IReadOnlyList<string>)
                [
                    s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Plate, TextTable.Time(s.EntryUtc), TextTable.Time(s.ExitUtc),
                    StoredNames.StayStatus[s.Status] + (s.ClosedHow is { } how ? $" ({StoredNames.StayClosing[how]})" : ""),
                    s.DueFen is { } due ? Money.Yuan(due) : "", s.LedgerSeq?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
                ]));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static (Plate Plate, DateTimeOffset At, VehicleClass Class)? Read(CliContext context, ParseResult parse, Option<string> plate, Option<string?> at, Option<string?> vehicleClass)
    {
        var parsed = PlateOption.Parse(parse, plate);
        if (!parsed.IsSuccess)
        {
            context.Usage(parsed.Problem.Message);
            return null;
        }

        var when = context.Time.GetUtcNow();
        if (parse.GetValue(at) is { } text)
        {
            if (LocalTimeParser.Parse(text, context.Zone) is not { } given)
            {
                context.Usage($"--at '{text}' is not an ISO 8601 time such as 2026-03-02T10:00");
                return null;
            }

            when = given;
        }

        var cls = VehicleClasses.TryParse(parse.GetValue(vehicleClass), out var c) ? c.Value : VehicleClasses.Infer(parsed.Value);
        return (parsed.Value, when, cls);
    }
}
