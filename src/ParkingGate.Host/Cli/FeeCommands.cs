using System.CommandLine;
using ParkingGate.Domain;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Host.Tariffs;

namespace ParkingGate.Host.Cli;

/// <summary><c>fee quote</c>.</summary>
internal static class FeeCommands
{
    public static Command Build(Verbs verbs)
    {
        var tariffFile = new Option<string>("--tariff") { Description = "tariff file, e.g. config/tariffs/changsha-core.json", Required = true };
        var entry = new Option<string?>("--entry") { Description = "entry time, ISO 8601 (without an offset: the tariff's local time); omit for an exit without entry record" };
        var exit = new Option<string>("--exit") { Description = "exit time, ISO 8601", Required = true };
        var vehicleClass = new Option<string>("--class") { Description = "small, large or new-energy", DefaultValueFactory = _ => "small" };
        vehicleClass.AcceptOnlyFromAmong([.. VehicleClasses.Names]);
        var paid = new Option<long>("--paid-fen") { Description = "already paid for this stay, in fen" };
        var paidAt = new Option<string?>("--paid-at") { Description = "when it was paid (for the paid-exit grace)" };
        var fuzzy = new Option<bool>("--fuzzy-entry") { Description = "the entry was a fuzzy plate match (the quote goes to review)" };
        var json = GlobalOptions.Json();
        var quote = new Command("quote", "price a stay and explain every amount")
        {
            tariffFile, entry, exit, vehicleClass, paid, paidAt, fuzzy, json,
        };
        verbs.Bind(quote, (context, parse, _) =>
        {
            var tariff = TariffFile.Load(parse.GetValue(tariffFile)!);
            if (!tariff.IsSuccess)
            {
                return Task.FromResult(context.Usage(tariff.Problem.Message));
            }

            var zone = tariff.Value.TimeZone;
            var entryText = parse.GetValue(entry);
            var entryAt = LocalTimeParser.Parse(entryText, zone);
            var exitAt = LocalTimeParser.Parse(parse.GetValue(exit), zone);
            var paidAtValue = LocalTimeParser.Parse(parse.GetValue(paidAt), zone);
            if ((entryText is not null && entryAt is null) || exitAt is null || (parse.GetValue(paidAt) is not null && paidAtValue is null))
            {
                return Task.FromResult(context.Usage("--entry, --exit and --paid-at take ISO 8601 times such as 2026-03-02T10:00 or 2026-03-02T10:00+08:00"));
            }

            var paidFen = parse.GetValue(paid);
            if (paidFen < 0)
            {
                return Task.FromResult(context.Usage($"--paid-fen {paidFen} cannot be negative"));
            }

            var cls = VehicleClasses.TryParse(parse.GetValue(vehicleClass), out var given) ? given.Value : VehicleClass.Small;
            var request = new QuoteRequest
            {
                Class = cls,
                Entry = entryAt,
                Exit = exitAt.Value,
                Payments = paidFen > 0 ? [new Payment(paidFen, paidAtValue ?? exitAt.Value)] : [],
                EntryWasFuzzy = parse.GetValue(fuzzy),
            };
            var result = FeeCalculator.Quote(tariff.Value, request);
            if (!result.IsSuccess)
            {
                return Task.FromResult(context.Fail(result.Problem));
            }

            Print(context, result.Value, parse.GetValue(json));
            return Task.FromResult(ExitCodes.Ok);
        });
        return new Command("fee", "parking fees") { quote };
    }

    private static void Print(CliContext context, Quote quote, bool json)
    {
        if (json)
        {
            context.WriteJson(new
            {
                amountFen = quote.AmountFen,
                feeFen = quote.FeeFen,
                paidFen = quote.PaidFen,
                lines = quote.Lines.Select(l => new { zh = l.Zh, en = l.En }),
                tariffId = quote.TariffId,
                tariffVersion = quote.TariffVersion,
                tariffHash = quote.TariffHash,
                reviews = quote.Reviews.Select(r => new { kind = r.Kind, zh = r.Reason.Zh, en = r.Reason.En }),
            });
            return;
        }

        context.Out.WriteLine($"{Money.Yuan(quote.AmountFen)} 元");
        foreach (var line in quote.Lines)
        {
            context.Out.WriteLine($"  {line.Zh}");
            context.Out.WriteLine($"    {line.En}");
        }

        foreach (var review in quote.Reviews)
        {
            context.Out.WriteLine($"  需人工复核 review: {review.Reason.Zh} / {review.Reason.En}");
        }

        context.Out.WriteLine($"tariff {quote.TariffId} v{quote.TariffVersion} sha256 {quote.TariffHash}");
    }
}
