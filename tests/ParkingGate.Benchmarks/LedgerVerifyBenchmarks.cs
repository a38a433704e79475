using BenchmarkDotNet.Attributes;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain.Ledger;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;

namespace ParkingGate.Benchmarks;

/// <summary>
/// <c>ledger verify</c> over a ledger of a million entries read from SQLite: every hash recomputed, every link,
/// receipt and reference checked (target: under 5 s).
/// </summary>
[MedianColumn]
public class LedgerVerifyBenchmarks
{
    private const string Estate = "bench-estate";
    private string _folder = "";
    private LedgerStore _ledger = null!;

    [Params(1_000_000)]
    public int Entries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _folder = Directory.CreateTempSubdirectory("parkinggate-verify-").FullName;
        var path = Path.Combine(_folder, "ledger.db");
        var database = SqliteDatabase.OpenAsync(path, TimeProvider.System).GetAwaiter().GetResult();
        _ledger = new LedgerStore(database, TimeProvider.System, Estate);
        Fill(path, Entries);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Benchmark(Description = "verify the whole ledger")]
    public long Verify()
    {
        var verdict = new LedgerVerifier(Estate, []).VerifyAll(_ledger.ReadAll());
        return verdict.Ok ? verdict.Entries : throw new InvalidOperationException(verdict.Problem);
    }

    /// <summary>Writes a valid chain of fees, one in ten by WeChat with a reference, in one transaction.</summary>
    private static void Fill(string path, int count)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO ledger (seq, at_utc, kind, plate, amount_fen, channel, channel_ref, receipt_no, operator, prev_hash, hash)
            VALUES ($seq, $at, 'visitor-fee', '粤B12345', $amount, $channel, $ref, $seq, 'bench', $prev, $hash);
            """;
        foreach (var name in new[] { "$seq", "$at", "$amount", "$channel", "$ref", "$prev", "$hash" })
        {
            insert.Parameters.Add(new SqliteParameter(name, null));
        }

        var prev = LedgerHash.Genesis(Estate);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (long seq = 1; seq <= count; seq++)
        {
            var wechat = seq % 10 == 0;
            var entry = new LedgerEntry(seq, start.AddSeconds(seq * 7), LedgerKind.VisitorFee, "粤B12345", null, 100 + (seq % 900),
                wechat ? PaymentChannel.WeChat : PaymentChannel.Cash, wechat ? $"4200{seq:D12}" : null, seq, "bench", null, null, null, null, null, prev, "");
            entry = entry with { Hash = LedgerHash.Compute(entry) };
            object?[] values = [seq, LedgerHash.Time(entry.AtUtc), entry.AmountFen, entry.Channel, (object?)entry.ChannelRef ?? DBNull.Value, prev, entry.Hash];
            for (var i = 0; i < values.Length; i++)
            {
                insert.Parameters[i].Value = values[i] ?? DBNull.Value;
            }

            insert.ExecuteNonQuery();
            prev = entry.Hash;
        }

        transaction.Commit();
    }
}
