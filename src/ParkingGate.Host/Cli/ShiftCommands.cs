using System.CommandLine;
using ParkingGate.Domain;

namespace ParkingGate.Host.Cli;

/// <summary><c>shift open|close|status</c>: the booth's 交班.</summary>
internal static class ShiftCommands
{
    public static Command Build(Verbs verbs)
    {
        var floatAmount = YuanOption.Create("--float", "change in the drawer at the start");
        var open = new Command("open", "open a booth shift with its cash float") { floatAmount };
        verbs.Bind(open, async (context, parse, cancellationToken) =>
        {
            if (YuanOption.Read(context, parse, floatAmount) is not { } fen)
            {
                return ExitCodes.UsageOrConfig;
            }

            var shifts = await context.ShiftsAsync(cancellationToken);
            return await LedgerCommands.ReportAsync(context, await shifts.OpenShiftAsync(fen, context.Operator, cancellationToken));
        });

        var counted = YuanOption.Create("--counted", "cash counted in the drawer");
        var reason = new Option<string?>("--reason") { Description = "why the count differs from the ledger (required when it does)" };
        var witness = new Option<string>("--witness") { Description = "the second person who counted (not the operator)", Required = true };
        var close = new Command("close", "close the shift: count against the ledger, sign with a second person, write the digest") { counted, reason, witness };
        verbs.Bind(close, async (context, parse, cancellationToken) =>
        {
            if (YuanOption.Read(context, parse, counted) is not { } fen)
            {
                return ExitCodes.UsageOrConfig;
            }

            var shifts = await context.ShiftsAsync(cancellationToken);
            var closed = await shifts.CloseShiftAsync(fen, parse.GetValue(reason), parse.GetValue(witness)!, context.Operator, cancellationToken);
            if (!closed.IsSuccess)
            {
                return context.Fail(closed.Problem);
            }

            var c = closed.Value;
            await context.Out.WriteLineAsync($"shift closed (entry {c.Close.Seq}): expected {Money.Yuan(c.ExpectedFen)}, counted {Money.Yuan(c.CountedFen)}, variance {Money.Yuan(c.VarianceFen)} yuan");
            await context.Out.WriteLineAsync("digest, to print on the shift sheet and sign:");
            await context.Out.WriteLineAsync(c.Digest.ToString());
            return ExitCodes.Ok;
        });

        var json = GlobalOptions.Json();
        var status = new Command("status", "the shift in progress and the cash the drawer should hold") { json };
        verbs.Bind(status, async (context, parse, cancellationToken) =>
        {
            var shifts = await context.ShiftsAsync(cancellationToken);
            var shift = await shifts.CurrentShiftAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                context.WriteJson(shift);
            }
            else
            {
                await context.Out.WriteLineAsync(shift is null
                    ? "no shift is open"
                    : $"shift opened by {shift.OpenedBy} at {TextTable.Time(shift.OpenedUtc)} (entry {shift.OpenSeq}): float {Money.Yuan(shift.FloatFen)}, cash since {Money.Yuan(shift.CashFen)}, expected in drawer {Money.Yuan(shift.ExpectedFen)} yuan");
            }

            return ExitCodes.Ok;
        });
        return new Command("shift", "booth shifts (交班)") { open, close, status };
    }
}
