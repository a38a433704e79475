using System.Collections.Concurrent;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Gate;
using ParkingGate.Gate.Configuration;
using ParkingGate.Gate.Lanes;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Service;
using ParkingGate.Simulator;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Benchmarks;

/// <summary>What a soak fails on: memory growth, a broken chain or digest gap, an open stay, money that does not match.</summary>
internal static class SoakChecks
{
    /// <summary>
    /// Flat: from the end of the second day (caches filled, code compiled, the first day's reads forgotten) to the
    /// end of the last, the managed heap after a full collection grows by less than 0.5 MB. Before the lanes forgot
    /// old reads it grew about 0.15 MB a day, 1.1 MB over the week. Needs three days or more to judge.
    /// </summary>
    public static IEnumerable<string> CheckMemory(List<double> memory)
    {
        if (memory.Count < 3)
        {
            Console.WriteLine("memory: fewer than 3 days, the trend is not judged");
            yield break;
        }

        var growth = memory[^1] - memory[1];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"memory: managed heap {memory[1]:F1} MB after day 2, {memory[^1]:F1} MB after day {memory.Count} ({growth:+0.0;-0.0} MB; limit +0.5)"));
        if (growth >= 0.5)
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"managed memory grew from {memory[1]:F1} MB after day 2 to {memory[^1]:F1} MB after day {memory.Count}");
        }
    }

    /// <summary>The chain against every digest it holds; one day digest per day, each starting where the last ended.</summary>
    public static IEnumerable<string> CheckLedger(LedgerStore ledger, int days)
    {
        var digests = new List<Digest>();
        foreach (var entry in ledger.ReadAll().Where(e => e.Kind == LedgerKind.Digest))
        {
            if (!Digest.TryParse(entry.Detail, out var digest, out var error))
            {
                yield return $"digest entry {entry.Seq} does not parse: {error}";
                continue;
            }

            digests.Add(digest);
        }

        var verdict = new LedgerVerifier(ledger.EstateId, digests).VerifyAll(ledger.ReadAll());
        Console.WriteLine($"ledger: {(verdict.Ok ? "verified" : "FAILED")} {verdict.Entries} entries against {digests.Count} digests");
        if (!verdict.Ok)
        {
            yield return $"ledger: {verdict.Problem}";
        }

        var dayDigests = digests.Where(d => d.Period.StartsWith("day:", StringComparison.Ordinal)).ToList();
        if (dayDigests.Count != days)
        {
            yield return $"{dayDigests.Count} day digests for {days} days";
        }

        for (var i = 1; i < dayDigests.Count; i++)
        {
            if (dayDigests[i].First != dayDigests[i - 1].Last + 1)
            {
                yield return $"{dayDigests[i].Period} starts at {dayDigests[i].First}, {dayDigests[i - 1].Period} ended at {dayDigests[i - 1].Last}: the chain of days has a gap";
            }
        }

        if (dayDigests.Count > 0)
        {
            Console.WriteLine($"day digests: {dayDigests.Count}, entries {dayDigests[0].First}..{dayDigests[^1].Last} with no gap or overlap");
        }
    }

    /// <summary>Every stay closed; the ledger's fees are the booth's cash, to the fen.</summary>
    public static async Task<IEnumerable<string>> CheckMoneyAndStaysAsync(SqliteDatabase database, Soak.Tally tally)
    {
        var problems = new List<string>();
        await using var connection = await database.OpenConnectionAsync();
        Task<long> ScalarAsync(string sql) => connection.ExecuteScalarAsync<long>(sql);

        var fees = await ScalarAsync("SELECT coalesce(sum(amount_fen), 0) FROM ledger WHERE kind = 'visitor-fee'");
        var owed = await ScalarAsync("SELECT coalesce(sum(fee_fen), 0) FROM stays WHERE closed_how = 'paid'");
        var passes = await ScalarAsync("SELECT coalesce(sum(amount_fen), 0) FROM ledger WHERE kind = 'pass-sale'");
        var manual = await ScalarAsync("SELECT count(*) FROM ledger WHERE kind = 'manual-opening'");
        var free = await ScalarAsync("SELECT count(*) FROM ledger WHERE kind = 'free-exit' AND operator = 'booth-zhou'");
        var paidCount = await ScalarAsync("SELECT count(*) FROM ledger WHERE kind = 'visitor-fee'");
        Console.WriteLine($"money: visitor fees {Money.Yuan(fees)} yuan in the ledger, booth took {Money.Yuan(tally.CashFen)}, paid stays owed {Money.Yuan(owed)}; passes {Money.Yuan(passes)} (sold {Money.Yuan(tally.PassFen)}); {paidCount} fees ({tally.Paid} taken), {free} free exits ({tally.FreeExits} granted), {manual} manual openings (none made)");
        if (fees != tally.CashFen || fees != owed)
        {
            problems.Add($"visitor fees {fees} fen in the ledger, {tally.CashFen} taken by the booth, {owed} owed by paid stays");
        }

        if (passes != tally.PassFen)
        {
            problems.Add($"pass sales {passes} fen in the ledger, {tally.PassFen} sold");
        }

        if (manual != 0 || free != tally.FreeExits || paidCount != tally.Paid)
        {
            problems.Add($"ledger holds {paidCount} fees, {free} free exits, {manual} manual openings; the booth made {tally.Paid}, {tally.FreeExits} and no manual opening");
        }

        // The booth's book-keeping: every held read settled or expired with a record, no barrier opened by hand
        // without its stay, no fee of 0 and no free exit without its reason.
        var heldOpen = await ScalarAsync("SELECT count(*) FROM lane_events e WHERE outcome = 'held' AND stay_id IS NULL AND NOT EXISTS (SELECT 1 FROM held_reads_settled s WHERE s.event_id = e.id)");
        var decided = await ScalarAsync("SELECT count(*) FROM held_reads_settled WHERE how = 'decided'");
        var expired = await ScalarAsync("SELECT count(*) FROM held_reads_settled WHERE how = 'expired'");
        var manualWithoutStay = await ScalarAsync("SELECT count(*) FROM ledger WHERE kind = 'manual-opening' AND stay_id IS NULL");
        var zeroFees = await ScalarAsync("SELECT count(*) FROM ledger WHERE (kind = 'visitor-fee' AND amount_fen <= 0) OR (kind = 'free-exit' AND coalesce(trim(reason), '') = '')");
        Console.WriteLine($"held reads: {decided} settled at the booth ({tally.HeldSettled} by the harness), {expired} expired, {heldOpen} left open; manual openings without a stay {manualWithoutStay}; fees of 0 or free exits without a reason {zeroFees}");
        if (heldOpen > 0 || decided != tally.HeldSettled || (tally.HeldLeft > 0 && expired == 0) || manualWithoutStay > 0 || zeroFees > 0)
        {
            problems.Add($"held reads: {heldOpen} neither settled nor expired, {decided} settled for {tally.HeldSettled} settlements, {expired} expired for {tally.HeldLeft} left; {manualWithoutStay} manual openings without a stay; {zeroFees} fees of 0 or free exits without a reason");
        }

        var stays = await ScalarAsync("SELECT count(*) FROM stays");
        var closed = await ScalarAsync("SELECT count(*) FROM stays WHERE status = 'closed'");
        var awaiting = await ScalarAsync("SELECT count(*) FROM stays WHERE status = 'awaiting-payment'");
        var paidWithoutEntry = await ScalarAsync("SELECT count(*) FROM stays s WHERE s.closed_how = 'paid' AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.seq = s.ledger_seq AND l.stay_id = s.id)");
        var negative = await ScalarAsync("SELECT count(*) FROM stays WHERE exit_utc IS NOT NULL AND exit_utc < entry_utc");
        var inside = stays - closed - awaiting;
        Console.WriteLine($"stays: {stays}, closed {closed}, still inside {inside}, awaiting payment {awaiting}");
        foreach (var row in await connection.QueryAsync<(long Id, string Plate, string Status, string? EntryRead, string? ExitRead, long? DueFen)>(
            "SELECT id, plate, status, entry_read, exit_read, due_fen FROM stays WHERE status <> 'closed'"))
        {
            Console.WriteLine($"  open stay {row}");
        }

        if (inside > 0 || awaiting > 0 || paidWithoutEntry > 0 || negative > 0)
        {
            problems.Add($"every car left by 23:00, yet {inside} stays are open inside and {awaiting} awaiting payment; {paidWithoutEntry} paid stays without their ledger entry, {negative} ending before they began");
        }

        return problems;
    }
}
