using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain;
using ParkingGate.Domain.Conduct;

namespace ParkingGate.Storage.Conduct;

/// <summary>A record to append to the conduct register; the store numbers, stamps and chains it.</summary>
/// <param name="Kind">What it records.</param>
/// <param name="Operator">Who writes it.</param>
public sealed record NewConductRecord(ConductKind Kind, string Operator)
{
    /// <summary>The plate concerned.</summary>
    public string? Plate { get; init; }

    /// <summary>The household concerned.</summary>
    public string? Room { get; init; }

    /// <summary>The violation's kind code.</summary>
    public string? Offence { get; init; }

    /// <summary>Where.</summary>
    public string? Place { get; init; }

    /// <summary>When it was seen, or a deadline.</summary>
    public DateTimeOffset? OccurredUtc { get; init; }

    /// <summary>SHA-256 of each photo, space-separated.</summary>
    public string? Photos { get; init; }

    /// <summary>The record it points at.</summary>
    public long? RefersTo { get; init; }

    /// <summary>Why, or the words of a commendation.</summary>
    public string? Reason { get; init; }

    /// <summary>Structured detail.</summary>
    public string? Detail { get; init; }
}

/// <summary>
/// The conduct register (红黑榜): append-only, chained and verifiable like the ledger. Records are only appended, inside
/// the caller's transaction where they go with another change (a blocklist entry and the decision that made it).
/// </summary>
public sealed partial class ConductStore
{
    private const string Columns = """
        seq AS Seq, at_utc AS AtUtc, kind AS Kind, plate AS Plate, room AS Room, offence AS Offence, place AS Place,
        occurred_utc AS OccurredUtc, photos AS Photos, operator AS Operator, refers_to AS RefersTo, reason AS Reason,
        detail AS Detail, prev_hash AS PrevHash, hash AS Hash
        """;

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;

    /// <summary>Creates the store; the register's genesis is bound to <paramref name="estateId"/>; photos are kept in <paramref name="photoFolder"/>.</summary>
    public ConductStore(SqliteDatabase database, TimeProvider time, string estateId, string photoFolder)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        ArgumentException.ThrowIfNullOrEmpty(estateId);
        ArgumentException.ThrowIfNullOrEmpty(photoFolder);
        EstateId = estateId;
        PhotoFolder = photoFolder;
    }

    /// <summary>The estate the register belongs to.</summary>
    public string EstateId { get; }

    /// <summary>The photo folder of the database at <paramref name="databasePath"/>: <c>conduct-photos</c> beside it.</summary>
    public static string PhotoFolderBeside(string databasePath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(databasePath)) ?? ".", "conduct-photos");

    /// <summary>Where photos are kept, one file per photo named by its SHA-256.</summary>
    public string PhotoFolder { get; }

    /// <summary>Appends one record in the caller's transaction; time never runs backwards in the register.</summary>
    internal async Task<ConductRecord> AppendAsync(SqliteConnection connection, SqliteTransaction transaction, NewConductRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentException.ThrowIfNullOrWhiteSpace(record.Operator);
        var head = await connection.QuerySingleOrDefaultAsync<(long Seq, string Hash, string AtUtc)>(
            "SELECT seq, hash, at_utc FROM conduct_register ORDER BY seq DESC LIMIT 1;", transaction: transaction);
        var now = Milliseconds(_time.GetUtcNow());
        var previousAt = head.AtUtc is null ? DateTimeOffset.MinValue : Instants.FromText(head.AtUtc);
        var written = new ConductRecord(
            head.Seq + 1, now > previousAt ? now : previousAt, record.Kind, Blank(record.Plate), Blank(record.Room), Blank(record.Offence),
            Blank(record.Place), record.OccurredUtc is { } occurred ? Milliseconds(occurred) : null, Blank(record.Photos), record.Operator.Trim(),
            record.RefersTo, Blank(record.Reason), Blank(record.Detail), head.Hash ?? ConductHash.Genesis(EstateId), "");
        written = written with { Hash = ConductHash.Compute(written) };
        await connection.ExecuteAsync(
            """
            INSERT INTO conduct_register (seq, at_utc, kind, plate, room, offence, place, occurred_utc, photos, operator, refers_to, reason, detail, prev_hash, hash)
            VALUES (@Seq, @At, @Kind, @Plate, @Room, @Offence, @Place, @Occurred, @Photos, @Operator, @RefersTo, @Reason, @Detail, @PrevHash, @Hash);
            """,
            new
            {
                written.Seq, At = Instants.ToText(written.AtUtc), Kind = written.Kind.ToName(), written.Plate, written.Room, written.Offence,
                written.Place, Occurred = written.OccurredUtc is { } o ? Instants.ToText(o) : null, written.Photos, written.Operator,
                written.RefersTo, written.Reason, written.Detail, written.PrevHash, written.Hash,
            },
            transaction);
        return written;
    }

    /// <summary>Every record in sequence order, read lazily (for verification and the notice's counts).</summary>
    public IEnumerable<ConductRecord> ReadAll()
    {
        using var connection = _database.OpenConnection();
        foreach (var row in connection.Query<ConductRow>($"SELECT {Columns} FROM conduct_register ORDER BY seq;", buffered: false))
        {
            yield return row.ToRecord();
        }
    }

    /// <summary>The records matching <paramref name="where"/> (a SQL condition on the register's columns), in sequence order.</summary>
    internal static async Task<List<ConductRecord>> QueryAsync(SqliteConnection connection, SqliteTransaction? transaction, string where, object? parameters)
    {
        var rows = await connection.QueryAsync<ConductRow>($"SELECT {Columns} FROM conduct_register WHERE {where} ORDER BY seq;", parameters, transaction);
        return [.. rows.Select(r => r.ToRecord())];
    }

    /// <summary>The record with <paramref name="seq"/>, or null.</summary>
    public async Task<ConductRecord?> FindAsync(long seq, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return (await QueryAsync(connection, null, "seq = @seq", new { seq })).FirstOrDefault();
    }

    /// <summary>Checks the whole register; with a notice's digest line, also that the register holds the record it names.</summary>
    public ConductVerdict Verify(string? digest = null)
    {
        var verifier = new ConductVerifier(EstateId);
        foreach (var record in ReadAll())
        {
            verifier.Add(record);
        }

        return verifier.Finish(digest, EstateId);
    }

    private static DateTimeOffset Milliseconds(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private sealed class ConductRow
    {
        public long Seq { get; init; }
        public string AtUtc { get; init; } = "";
        public string Kind { get; init; } = "";
        public string? Plate { get; init; }
        public string? Room { get; init; }
        public string? Offence { get; init; }
        public string? Place { get; init; }
        public string? OccurredUtc { get; init; }
        public string? Photos { get; init; }
        public string Operator { get; init; } = "";
        public long? RefersTo { get; init; }
        public string? Reason { get; init; }
        public string? Detail { get; init; }
        public string PrevHash { get; init; } = "";
        public string Hash { get; init; } = "";

        public ConductRecord ToRecord() => new(
            Seq, Instants.FromText(AtUtc), ConductKinds.Parse(Kind) ?? throw new StorageException($"conduct record {Seq} has an unknown kind '{Kind}'"),
            Plate, Room, Offence, Place, Instants.FromNullableText(OccurredUtc), Photos, Operator, RefersTo, Reason, Detail, PrevHash, Hash);
    }
}
