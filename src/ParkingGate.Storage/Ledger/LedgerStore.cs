using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;

namespace ParkingGate.Storage.Ledger;

/// <summary>
/// The append-only revenue ledger. Every append is one IMMEDIATE transaction committed with synchronous=FULL:
/// when an append returns, the entry is on disk, and only then may anyone tell the gate to open.
/// </summary>
public sealed partial class LedgerStore
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the store for <paramref name="estateId"/>'s ledger.</summary>
    public LedgerStore(SqliteDatabase database, TimeProvider timeProvider, string estateId)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        ArgumentException.ThrowIfNullOrEmpty(estateId);
        EstateId = estateId;
    }

    /// <summary>The estate whose genesis value starts the chain.</summary>
    public string EstateId { get; }

    /// <summary>Appends one entry in its own transaction.</summary>
    /// <returns>The entry as written, or <c>duplicate-channel-ref</c> naming the entry that already holds the reference.</returns>
    public async Task<Result<LedgerEntry>> AppendAsync(NewLedgerEntry entry, CancellationToken cancellationToken = default)
    {
        await using var write = await _database.BeginWriteAsync(cancellationToken);
        var (connection, transaction) = (write.Connection, write.Transaction);
        var written = await AppendAsync(connection, transaction, entry);
        if (written.IsSuccess)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return written;
    }

    /// <summary>
    /// Appends inside the caller's transaction, so that a pass and its sale, or a stay and its fee, commit together.
    /// Time never runs backwards in the ledger: an entry is stamped no earlier than the one before it.
    /// </summary>
    internal async Task<Result<LedgerEntry>> AppendAsync(SqliteConnection connection, SqliteTransaction transaction, NewLedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentException.ThrowIfNullOrWhiteSpace(entry.Operator);
        if (entry.ChannelRef is not null)
        {
            var holder = await connection.ExecuteScalarAsync<long?>(
                "SELECT seq FROM ledger WHERE channel = @channel AND channel_ref = @reference;",
                new { channel = entry.Channel, reference = entry.ChannelRef },
                transaction);
            if (holder is { } seq)
            {
                return Result<LedgerEntry>.Failure("duplicate-channel-ref",
                    $"{entry.Channel} reference {entry.ChannelRef} is already recorded as ledger entry {seq}", $"{PaymentChannel.Zh(entry.Channel)}单号 {entry.ChannelRef} 已记在第 {seq} 条账目");
            }
        }

        // The last receipt is found by walking back from the head: receipts only grow with the sequence.
        var head = await connection.QuerySingleOrDefaultAsync<(long Seq, string Hash, string AtUtc, long? MaxReceipt)>(
            """
            SELECT seq, hash, at_utc,
                   (SELECT receipt_no FROM ledger WHERE receipt_no IS NOT NULL ORDER BY seq DESC LIMIT 1)
            FROM ledger ORDER BY seq DESC LIMIT 1;
            """,
            transaction: transaction);
        var now = TruncateToMilliseconds(_timeProvider.GetUtcNow());
        var previousAt = head.AtUtc is null ? DateTimeOffset.MinValue : Instants.FromText(head.AtUtc);
        var written = new LedgerEntry(
            head.Seq + 1, now > previousAt ? now : previousAt, entry.Kind, Blank(entry.Plate), entry.StayId, entry.AmountFen,
            Blank(entry.Channel), Blank(entry.ChannelRef), entry.Kind.IssuesReceipt() ? (head.MaxReceipt ?? 0) + 1 : null,
            entry.Operator.Trim(), Blank(entry.TariffId), Blank(entry.TariffHash), entry.ReversesSeq, Blank(entry.Reason),
            Blank(entry.Detail), head.Hash ?? LedgerHash.Genesis(EstateId), "");
        written = written with { Hash = LedgerHash.Compute(written) };
        await connection.ExecuteAsync(
            """
            INSERT INTO ledger (seq, at_utc, kind, plate, stay_id, amount_fen, channel, channel_ref, receipt_no, operator,
                                tariff_id, tariff_hash, reverses_seq, reason, detail, prev_hash, hash)
            VALUES (@Seq, @At, @Kind, @Plate, @StayId, @AmountFen, @Channel, @ChannelRef, @ReceiptNo, @Operator,
                    @TariffId, @TariffHash, @ReversesSeq, @Reason, @Detail, @PrevHash, @Hash);
            """,
            new
            {
                written.Seq, At = LedgerHash.Time(written.AtUtc), Kind = written.Kind.ToName(), written.Plate, written.StayId,
                written.AmountFen, written.Channel, written.ChannelRef, written.ReceiptNo, written.Operator, written.TariffId,
                written.TariffHash, written.ReversesSeq, written.Reason, written.Detail, written.PrevHash, written.Hash,
            },
            transaction);
        return written;
    }

    /// <summary>The entry with sequence <paramref name="seq"/>, or null.</summary>
    public async Task<LedgerEntry?> FindAsync(long seq, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return ReadEntries(connection, null, "WHERE seq = @seq", new SqliteParameter("@seq", seq)).FirstOrDefault();
    }

    /// <summary>The last entry, or null for an empty ledger.</summary>
    public async Task<LedgerEntry?> HeadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return ReadEntries(connection, null, "WHERE seq = (SELECT max(seq) FROM ledger)").FirstOrDefault();
    }

    /// <summary>Every entry in sequence order, streamed from the file (a million entries need no list of a million).</summary>
    public IEnumerable<LedgerEntry> ReadAll(long fromSeq = 1, long toSeq = long.MaxValue)
    {
        using var connection = _database.OpenConnection();
        foreach (var entry in ReadEntries(connection, null, "WHERE seq BETWEEN @from AND @to", new SqliteParameter("@from", fromSeq), new SqliteParameter("@to", toSeq)))
        {
            yield return entry;
        }
    }

    /// <summary>
    /// The first sequence written at or after <paramref name="instant"/> (one past the head when none is): a binary
    /// search over the sequence, since ledger time never runs backwards.
    /// </summary>
    internal static async Task<long> FirstSeqAtOrAfterAsync(SqliteConnection connection, SqliteTransaction? transaction, DateTimeOffset instant)
    {
        var at = LedgerHash.Time(instant);
        long low = 1, high = (await connection.ExecuteScalarAsync<long?>("SELECT max(seq) FROM ledger;", transaction: transaction) ?? 0) + 1;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            var time = await connection.ExecuteScalarAsync<string>("SELECT at_utc FROM ledger WHERE seq = @middle;", new { middle }, transaction);
            if (string.CompareOrdinal(time, at) >= 0)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }

    internal static IEnumerable<LedgerEntry> ReadEntries(SqliteConnection connection, SqliteTransaction? transaction, string where, params SqliteParameter[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            SELECT seq, at_utc, kind, plate, stay_id, amount_fen, channel, channel_ref, receipt_no, operator,
                   tariff_id, tariff_hash, reverses_seq, reason, detail, prev_hash, hash
            FROM ledger {where} ORDER BY seq;
            """;
        command.Parameters.AddRange(parameters);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new LedgerEntry(
                reader.GetInt64(0),
                Instants.FromText(reader.GetString(1)),
                LedgerKinds.TryParse(reader.GetString(2), out var kind) ? kind : throw new InvalidDataException($"ledger entry {reader.GetInt64(0)} has unknown kind '{reader.GetString(2)}'"),
                Text(reader, 3), Long(reader, 4), reader.GetInt64(5), Text(reader, 6), Text(reader, 7), Long(reader, 8),
                reader.GetString(9), Text(reader, 10), Text(reader, 11), Long(reader, 12), Text(reader, 13), Text(reader, 14),
                reader.GetString(15), reader.GetString(16));
        }
    }

    private static string? Text(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static long? Long(SqliteDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetInt64(i);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset t) =>
        new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
}
