using Microsoft.Data.Sqlite;
using ParkingGate.Domain.Ledger;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;

namespace ParkingGate.Host.Tests;

/// <summary><c>db backup</c> while the ledger is being written, and the README's restore.</summary>
public sealed class BackupTests : FolderFixture
{
    [Test]
    public async Task A_backup_taken_during_writes_is_consistent_and_restores_to_a_verifying_ledger()
    {
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        var ledger = new LedgerStore(database, TimeProvider.System, "fenglin-anzhi");
        for (var i = 0; i < 200; i++)
        {
            await ledger.DepositCashAsync(100 + i, $"slip-{i}", "chen");
        }

        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            var n = 0;
            while (!stop.IsCancellationRequested)
            {
                await ledger.DepositCashAsync(1, $"during-{n++}", "chen");
            }

            return n;
        });
        var backup = Path.Combine(Folder.Root, "backup", "gate-2026-03-02.db");
        Directory.CreateDirectory(Path.GetDirectoryName(backup)!);
        var run = await new CliRunner(Folder).RunAsync("db", "backup", "--out", backup);
        await stop.CancelAsync();
        var during = await writer;
        Assert.That(run.ExitCode, Is.Zero, run.ToString);
        Assert.That(run.Out, Does.Contain("integrity ok"));
        Assert.That(during, Is.GreaterThan(0), "the ledger was being written while the backup ran");

        var written = ledger.ReadAll().Count();

        // Restore as the README says: the service stopped, the damaged file and its -wal/-shm moved aside, the backup
        // copied to database.path.
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { Folder.Database, Folder.Database + "-wal", Folder.Database + "-shm" }.Where(File.Exists))
        {
            File.Move(file, file + ".damaged");
        }

        File.Copy(backup, Folder.Database);
        var verify = await new CliRunner(Folder).RunAsync("ledger", "verify");
        Assert.That(verify.ExitCode, Is.Zero, verify.ToString);
        var copy = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        var entries = new LedgerStore(copy, TimeProvider.System, "fenglin-anzhi").ReadAll().ToList();
        Assert.That(entries, Has.Count.InRange(200, written), "the backup holds a consistent prefix of what was written");
        Assert.That(new LedgerVerifier("fenglin-anzhi", []).VerifyAll(entries).Ok, Is.True);

        var again = await new CliRunner(Folder).RunAsync("db", "backup", "--out", backup);
        Assert.That(again.ExitCode, Is.EqualTo(Cli.ExitCodes.Failed));
        Assert.That(again.Err, Does.Contain("exists already"));
        SqliteConnection.ClearAllPools();
    }
}
