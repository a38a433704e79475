using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain.Ledger;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;

namespace ParkingGate.Benchmarks;

/// <summary>
/// One durable ledger append (read the head, hash, insert, commit with synchronous=FULL) next to one bare
/// single-row commit on a connection with the same settings, in the same process and file system.
/// Target: appends reach at least half the bare commit rate (ratio ≤ 2).
/// </summary>
[MedianColumn]
public class LedgerAppendBenchmarks
{
    private string _folder = "";
    private LedgerStore _ledger = null!;
    private SqliteConnection _bare = null!;
    private SqliteCommand _insert = null!;
    private long _n;

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("parkinggate-bench-").FullName;
        var database = SqliteDatabase.OpenAsync(Path.Combine(_folder, "ledger.db"), TimeProvider.System).GetAwaiter().GetResult();
        _ledger = new LedgerStore(database, TimeProvider.System, "bench-estate");
        _bare = new SqliteConnection($"Data Source={Path.Combine(_folder, "bare.db")}");
        _bare.Open();
        using (var setup = _bare.CreateCommand())
        {
            setup.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; CREATE TABLE bare (id INTEGER PRIMARY KEY, amount_fen INTEGER NOT NULL, note TEXT);";
            setup.ExecuteNonQuery();
        }

        _insert = _bare.CreateCommand();
        _insert.CommandText = "BEGIN IMMEDIATE; INSERT INTO bare (amount_fen, note) VALUES ($amount, 'visitor fee'); COMMIT;";
        _insert.Parameters.Add("$amount", SqliteType.Integer);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _insert.Dispose();
        _bare.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "bare single-row commit (WAL, synchronous=FULL)")]
    public int BareCommit()
    {
        _insert.Parameters[0].Value = ++_n;
        return _insert.ExecuteNonQuery();
    }

    [Benchmark(Description = "durable ledger append")]
    public long Append() =>
        _ledger.AppendAsync(new NewLedgerEntry(LedgerKind.VisitorFee, 500, "bench") { Plate = "粤B12345", Channel = PaymentChannel.Cash })
            .GetAwaiter().GetResult().Value!.Seq;
}
