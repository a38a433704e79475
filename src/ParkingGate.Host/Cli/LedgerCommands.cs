using System.CommandLine;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;
using ParkingGate.Host.Ledger;

namespace ParkingGate.Host.Cli;

/// <summary><c>ledger verify|digest|export|close|reverse|refund|deposit</c>.</summary>
internal static class LedgerCommands
{
    public static Command Build(Verbs verbs) => new("ledger", "the append-only revenue ledger")
    {
        Verify(verbs), DigestVerb(verbs), Export(verbs), Close(verbs), Reverse(verbs), Refund(verbs), Deposit(verbs),
    };

    private static Command Verify(Verbs verbs)
    {
        var digest = new Option<string[]>("--digest") { Description = "a digest line written down earlier (repeatable)", AllowMultipleArgumentsPerToken = false };
        var digests = new Option<FileInfo?>("--digests") { Description = "a file of digest lines, one per line" };
        var csv = new Option<FileInfo?>("--csv") { Description = "verify an exported CSV file instead of the database" };
        var estate = new Option<string?>("--estate") { Description = "the estate id the chain must start from (default: estate.id of the config)" };
        var command = new Command("verify", "recompute every hash and link, check receipts, references, reversals and the given digests")
        {
            digest, digests, csv, estate,
        };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var lines = new List<string>(parse.GetValue(digest) ?? []);
            if (parse.GetValue(digests) is { } file)
            {
                if (!file.Exists)
                {
                    return context.Usage($"digest file '{file}' not found");
                }

                lines.AddRange((await File.ReadAllLinesAsync(file.FullName, cancellationToken)).Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#')));
            }

            var parsed = new List<Digest>();
            foreach (var line in lines)
            {
                if (!Digest.TryParse(line, out var d, out var error))
                {
                    return context.Usage($"digest '{line}': {error}");
                }

                parsed.Add(d);
            }

            var estateId = parse.GetValue(estate) ?? context.Options.Estate.Id;
            var verifier = new LedgerVerifier(estateId, parsed);
            LedgerVerdict verdict;
            if (parse.GetValue(csv) is { } csvFile)
            {
                if (!csvFile.Exists)
                {
                    return context.Usage($"CSV file '{csvFile}' not found");
                }

                try
                {
                    verdict = verifier.VerifyAll(LedgerCsv.ReadEntries(csvFile.FullName), cancellationToken);
                }
                catch (InvalidDataException e)
                {
                    await context.Out.WriteLineAsync($"FAILED: {e.Message}");
                    return ExitCodes.Failed;
                }
            }
            else
            {
                verdict = verifier.VerifyAll((await context.LedgerAsync(cancellationToken)).ReadAll(), cancellationToken);
            }

            if (verdict.Ok)
            {
                await context.Out.WriteLineAsync($"OK: {verdict.Entries} entries, head {verdict.HeadSeq} {verdict.HeadHash}; {parsed.Count} digest(s) match");
                return ExitCodes.Ok;
            }

            var where = verdict.BadSeq is { } seq ? $"entry {seq}" : "digest";
            await context.Out.WriteLineAsync($"FAILED at {where}: {verdict.Problem}");
            return ExitCodes.Failed;
        });
        return command;
    }

    private static Command DigestVerb(Verbs verbs)
    {
        var command = new Command("digest", "print the one-line digest of the whole ledger as it stands, to write down");
        verbs.Bind(command, async (context, _, cancellationToken) =>
        {
            var ledger = await context.LedgerAsync(cancellationToken);
            await context.Out.WriteLineAsync(ledger.HeadDigest().ToString());
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Export(Verbs verbs)
    {
        var output = new Option<FileInfo>("--out") { Description = "the CSV file to write", Required = true };
        var command = new Command("export", "write every entry, hashes included, to CSV (UTF-8 with BOM)") { output };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var file = parse.GetValue(output)!;
            var ledger = await context.LedgerAsync(cancellationToken);
            var count = LedgerCsv.Write(file.FullName, ledger.ReadAll());
            await context.Out.WriteLineAsync($"wrote {count} entries to '{file}'");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Close(Verbs verbs)
    {
        var day = new Option<string?>("--day") { Description = "close a local day, yyyy-MM-dd" };
        var month = new Option<string?>("--month") { Description = "close a local month, yyyy-MM" };
        var command = new Command("close", "write the digest of a finished day or month into the ledger and print it") { day, month };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var ledger = await context.LedgerAsync(cancellationToken);
            Result<(LedgerEntry Entry, Digest Digest)> closed;
            if (parse.GetValue(day) is { } d && parse.GetValue(month) is null
                && DateOnly.TryParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
            {
                closed = await ledger.CloseDayAsync(date, context.Zone, context.Operator, cancellationToken);
            }
            else if (parse.GetValue(month) is { } m && parse.GetValue(day) is null
                     && DateOnly.TryParseExact(m + "-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var first))
            {
                closed = await ledger.CloseMonthAsync(first.Year, first.Month, context.Zone, context.Operator, cancellationToken);
            }
            else
            {
                return context.Usage("give either --day yyyy-MM-dd or --month yyyy-MM");
            }

            if (!closed.IsSuccess)
            {
                return context.Fail(closed.Problem);
            }

            await context.Out.WriteLineAsync(closed.Value.Digest.ToString());
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Reverse(Verbs verbs)
    {
        var seq = new Option<long>("--seq") { Description = "the entry written by mistake", Required = true };
        var reason = new Option<string>("--reason") { Description = "why", Required = true };
        var command = new Command("reverse", "cancel an entry written by mistake with a reversal (nothing is edited)") { seq, reason };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            var ledger = await context.LedgerAsync(cancellationToken);
            var reversed = await ledger.ReverseAsync(parse.GetValue(seq), parse.GetValue(reason)!, context.Operator, cancellationToken);
            return await ReportAsync(context, reversed);
        });
        return command;
    }

    private static Command Refund(Verbs verbs)
    {
        var seq = new Option<long>("--seq") { Description = "the fee or pass sale to refund", Required = true };
        var amount = YuanOption.Create("--amount", "how much to return");
        var reason = new Option<string>("--reason") { Description = "why", Required = true };
        var reference = new Option<string?>("--ref") { Description = "the refund's channel reference, if any" };
        var command = new Command("refund", "return money of a fee or pass sale to the customer") { seq, amount, reason, reference };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            if (YuanOption.Read(context, parse, amount) is not { } fen)
            {
                return ExitCodes.UsageOrConfig;
            }

            var ledger = await context.LedgerAsync(cancellationToken);
            return await ReportAsync(context, await ledger.RefundAsync(parse.GetValue(seq), fen, parse.GetValue(reason)!, parse.GetValue(reference), context.Operator, cancellationToken));
        });
        return command;
    }

    private static Command Deposit(Verbs verbs)
    {
        var amount = YuanOption.Create("--amount", "cash handed to the estate's account");
        var slip = new Option<string?>("--ref") { Description = "the bank slip or receipt number" };
        var command = new Command("deposit", "record cash taken from the booth to the estate's account") { amount, slip };
        verbs.Bind(command, async (context, parse, cancellationToken) =>
        {
            if (YuanOption.Read(context, parse, amount) is not { } fen)
            {
                return ExitCodes.UsageOrConfig;
            }

            var ledger = await context.LedgerAsync(cancellationToken);
            return await ReportAsync(context, await ledger.DepositCashAsync(fen, parse.GetValue(slip), context.Operator, cancellationToken));
        });
        return command;
    }

    internal static async Task<int> ReportAsync(CliContext context, Result<LedgerEntry> written)
    {
        if (!written.IsSuccess)
        {
            return context.Fail(written.Problem);
        }

        await context.Out.WriteLineAsync(Describe(written.Value));
        return ExitCodes.Ok;
    }

    internal static string Describe(LedgerEntry e)
    {
        var receipt = e.ReceiptNo is { } r ? $" receipt {r}" : "";
        return $"ledger entry {e.Seq}: {e.Kind.ToName()} {Money.Yuan(e.AmountFen)} yuan{(e.Channel is null ? "" : $" {e.Channel}")}{receipt} {e.Hash}";
    }
}
