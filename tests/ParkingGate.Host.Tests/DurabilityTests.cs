using System.Diagnostics;
using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain.Ledger;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;

namespace ParkingGate.Host.Tests;

/// <summary>
/// SIGKILL at random points during a burst of visitors entering, leaving and paying by WeChat, twenty times: after each
/// restart every acknowledged payment is in the ledger exactly once, its stay is closed, every closed stay has its
/// ledger entry, and the chain verifies.
/// </summary>
public sealed class DurabilityTests : FolderFixture
{
    private const string Estate = "fenglin-anzhi";

    [Test]
    public async Task Every_acknowledged_payment_survives_a_kill_exactly_once()
    {
        var random = new Random(20261126);
        var acked = new List<string>();
        var tariff = Path.Combine(Folder.Root, "config", "tariffs", "fenglin-visitor.json");
        const int Rounds = 20;
        for (var round = 0; round < Rounds; round++)
        {
            var killAfter = random.Next(5, 40);
            acked.AddRange(await BurstAndKillAsync(tariff, first: round * 1000, killAfter, TimeSpan.FromMilliseconds(random.Next(0, 25))));
            SqliteConnection.ClearAllPools();

            var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
            var ledger = new LedgerStore(database, TimeProvider.System, Estate);
            var verifier = new LedgerVerifier(Estate, []);
            foreach (var entry in ledger.ReadAll())
            {
                verifier.Add(entry);
            }

            var verdict = verifier.Finish();
            Assert.That(verdict.Ok, Is.True, verdict.Problem);
            await using var connection = await database.OpenConnectionAsync();
            var refs = (await connection.QueryAsync<string>("SELECT channel_ref FROM ledger WHERE channel = 'wechat'")).ToList();
            Assert.That(refs, Is.Unique);
            Assert.That(refs, Is.SupersetOf(acked), $"round {round}: an acknowledged payment is missing");
            var unclosed = await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM ledger l JOIN stays s ON s.id = l.stay_id WHERE l.kind = 'visitor-fee' AND s.status <> 'closed'");
            Assert.That(unclosed, Is.Zero, "a paid stay is not closed");
            var closedWithoutEntry = await connection.ExecuteScalarAsync<long>(
                "SELECT count(*) FROM stays s WHERE s.status = 'closed' AND NOT EXISTS (SELECT 1 FROM ledger l WHERE l.seq = s.ledger_seq AND l.stay_id = s.id)");
            Assert.That(closedWithoutEntry, Is.Zero, $"round {round}: a stay closed without its ledger entry");
        }

        Assert.That(acked, Has.Count.GreaterThanOrEqualTo(Rounds * 5));
    }

    private async Task<List<string>> BurstAndKillAsync(string tariff, int first, int killAfter, TimeSpan lateBy)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(TestContext.CurrentContext.TestDirectory, "ParkingGate.PaymentBurst.dll"), Folder.Database, Estate, tariff, first.ToString(System.Globalization.CultureInfo.InvariantCulture), "100000" })
        {
            start.ArgumentList.Add(arg);
        }

        var acked = new List<string>();
        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (acked.Count < killAfter && await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.StartsWith("acked ", StringComparison.Ordinal))
            {
                acked.Add(line["acked ".Length..]);
            }
        }

        await Task.Delay(lateBy, TimeProvider.System); // somewhere inside the next visitor's transactions
        process.Kill(entireProcessTree: true); // SIGKILL: no chance to flush or roll back anything
        await process.WaitForExitAsync(deadline.Token);
        Assert.That(acked, Has.Count.EqualTo(killAfter), await process.StandardError.ReadToEndAsync());
        return acked;
    }
}
