using System.CommandLine;
using System.Globalization;
using ParkingGate.Domain;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Host.Tariffs;

namespace ParkingGate.Host.Cli;

/// <summary><c>tariff check</c>: validate a tariff and show what sample stays would cost.</summary>
internal static class TariffCommands
{
    private static readonly (string Label, TimeSpan Stay)[] Samples =
    [
        ("10 min", TimeSpan.FromMinutes(10)), ("30 min", TimeSpan.FromMinutes(30)), ("1 h", TimeSpan.FromHours(1)),
        ("2 h", TimeSpan.FromHours(2)), ("6 h", TimeSpan.FromHours(6)), ("24 h", TimeSpan.FromHours(24)), ("3 days", TimeSpan.FromDays(3)),
    ];

    public static Command Build(Verbs verbs)
    {
        var file = new Argument<string>("FILE") { Description = "the tariff file to check" };
        var at = new Option<string>("--entry-time") { Description = "local time of day the sample stays begin", DefaultValueFactory = _ => "08:00" };
        var json = GlobalOptions.Json();
        var check = new Command("check", "validate a tariff and print what sample stays cost, for the committee to approve") { file, at, json };
        verbs.Bind(check, (context, parse, _) =>
        {
            var tariff = TariffFile.Load(parse.GetValue(file)!);
            if (!tariff.IsSuccess)
            {
                return Task.FromResult(context.Fail(tariff.Problem));
            }

            if (!TimeOnly.TryParseExact(parse.GetValue(at), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
            {
                return Task.FromResult(context.Usage($"--entry-time '{parse.GetValue(at)}' is not a time like 08:00"));
            }

            var t = tariff.Value;
            var local = t.EffectiveFrom.ToDateTime(time);
            var entry = new DateTimeOffset(local, t.TimeZone.GetUtcOffset(local));
            var classes = Enum.GetValues<VehicleClass>();
            var rows = Samples.Select(s => (s.Label, Fees: classes.Select(c => FeeCalculator.Quote(t, new QuoteRequest { Class = c, Entry = entry, Exit = entry + s.Stay }).Value!.AmountFen).ToArray())).ToList();
            if (parse.GetValue(json))
            {
                context.WriteJson(new
                {
                    id = t.Id, version = t.Version, name = t.Name, approval = t.Approval,
                    effectiveFrom = t.EffectiveFrom.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    timeZone = t.TimeZone.Id, hash = t.Hash,
                    samples = rows.Select(r => new { stay = r.Label, entry = entry.ToString("O", CultureInfo.InvariantCulture), feesFen = classes.Zip(r.Fees).ToDictionary(p => p.First.ToName(), p => p.Second) }),
                });
                return Task.FromResult(ExitCodes.Ok);
            }

            context.Out.WriteLine($"{t.Name.Zh} / {t.Name.En}");
            context.Out.WriteLine($"id {t.Id} version {t.Version}, effective from {t.EffectiveFrom:yyyy-MM-dd} ({t.TimeZone.Id})");
            context.Out.WriteLine($"approved by: {t.Approval}");
            context.Out.WriteLine($"sha256: {t.Hash}");
            context.Out.WriteLine($"sample stays entering at {time:HH\\:mm}, in 元:");
            TextTable.Write(context.Out, ["stay", .. classes.Select(c => c.ToName())],
                rows.Select(r => (IReadOnlyList<string>)[r.Label, .. r.Fees.Select(Money.Yuan)]));
            return Task.FromResult(ExitCodes.Ok);
        });
        return new Command("tariff", "tariff files") { check };
    }
}
