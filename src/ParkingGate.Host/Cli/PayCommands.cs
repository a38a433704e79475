using System.CommandLine;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Registry;
using ParkingGate.Gate.Settlement;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Host.Cli;

/// <summary><c>pay cash|free</c> and <c>pass sell</c>: money taken at the booth or the office.</summary>
internal static class PayCommands
{
    public static Command BuildPay(Verbs verbs)
    {
        var stay = new Option<long>("--stay") { Description = "the stay", Required = true };
        var amount = YuanOption.Create("--amount", "cash taken: the amount due");
        var cash = new Command("cash", "the booth confirms cash for a stay; the fee is in the ledger before the gate opens") { stay, amount };
        verbs.Bind(cash, async (context, parse, cancellationToken) =>
        {
            if (YuanOption.Read(context, parse, amount) is not { } fen)
            {
                return ExitCodes.UsageOrConfig;
            }

            var settlement = await context.SettlementAsync(cancellationToken);
            var paid = await settlement.PayCashAsync(parse.GetValue(stay), fen, context.Operator, cancellationToken);
            if (!paid.IsSuccess)
            {
                return context.Fail(paid.Problem);
            }

            await context.Out.WriteLineAsync((paid.Value.Opening == ExitOpening.AlreadyRecorded ? "already recorded: " : "") + LedgerCommands.Describe(paid.Value.Entry));
            return ExitCodes.Ok;
        });

        var freeStay = new Option<long>("--stay") { Description = "the stay", Required = true };
        var reason = new Option<string>("--reason") { Description = "why it leaves without paying", Required = true };
        var free = new Command("free", "let a stay awaiting payment leave free, with a reason") { freeStay, reason };
        verbs.Bind(free, async (context, parse, cancellationToken) =>
        {
            var settlement = await context.SettlementAsync(cancellationToken);
            var granted = await settlement.FreeExitAsync(parse.GetValue(freeStay), parse.GetValue(reason)!, context.Operator, cancellationToken);
            if (!granted.IsSuccess)
            {
                return context.Fail(granted.Problem);
            }

            await context.Out.WriteLineAsync(LedgerCommands.Describe(granted.Value.Entry));
            return ExitCodes.Ok;
        });
        return new Command("pay", "payments at the booth") { cash, free };
    }

    public static Command BuildPass(Verbs verbs)
    {
        var plate = PlateOption.Create();
        var months = new Option<int>("--months") { Description = "how many months", DefaultValueFactory = _ => 1 };
        var from = new Option<string?>("--from") { Description = "first day, yyyy-MM-dd (default: today, or when the current pass ends)" };
        var amount = YuanOption.Create("--amount", "the price paid");
        var grace = new Option<int>("--grace-days") { Description = "days after the end it still covers", DefaultValueFactory = _ => 0 };
        var channel = new Option<string>("--channel") { Description = "cash, wechat, alipay or other", DefaultValueFactory = _ => PaymentChannel.Cash };
        channel.AcceptOnlyFromAmong([.. PaymentChannel.All]);
        var reference = new Option<string?>("--ref") { Description = "the payment's reference (WeChat/Alipay transaction id)" };
        var room = new Option<string?>("--room") { Description = "the household it is sold to" };
        var sell = new Command("sell", "sell or renew a monthly pass: the pass and its ledger entry in one transaction")
        {
            plate, months, from, amount, grace, channel, reference, room,
        };
        verbs.Bind(sell, async (context, parse, cancellationToken) =>
        {
            var parsed = PlateOption.Parse(parse, plate);
            if (!parsed.IsSuccess)
            {
                return context.Fail(parsed.Problem);
            }

            if (YuanOption.Read(context, parse, amount) is not { } fen)
            {
                return ExitCodes.UsageOrConfig;
            }

            DateOnly? first = null;
            if (parse.GetValue(from) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day))
                {
                    return context.Usage($"--from '{text}' is not a date like 2026-03-01");
                }

                first = day;
            }

            RoomNumber? household = null;
            if (parse.GetValue(room) is { } roomText && !RoomNumber.TryParse(roomText, out household, out var roomError))
            {
                return context.Fail(roomError);
            }

            var registry = await context.RegistryAsync(cancellationToken);
            var sale = new PassSale(parsed.Value, parse.GetValue(months), first, parse.GetValue(grace), fen, parse.GetValue(channel)!, parse.GetValue(reference), household);
            var sold = await registry.Passes.SellPassAsync(sale, context.Zone, context.Operator, cancellationToken);
            if (!sold.IsSuccess)
            {
                return context.Fail(sold.Problem);
            }

            var pass = sold.Value.Pass;
            await context.Out.WriteLineAsync($"pass {pass.Id}: {pass.Plate} from {TextTable.Time(pass.StartsUtc)} until {TextTable.Time(pass.EndsUtc)} (+{pass.GraceDays} grace days)");
            await context.Out.WriteLineAsync(LedgerCommands.Describe(sold.Value.Entry));
            return ExitCodes.Ok;
        });
        return new Command("pass", "monthly passes (月卡)") { sell };
    }
}
