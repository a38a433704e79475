using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Storage.Ledger;

namespace ParkingGate.Storage.Stays;

/// <summary>
/// Stays, and the exit flow that ends each one in exactly one ledger entry: a fee, a free exit with its reason,
/// or a manual opening. Money is committed to the ledger in the same transaction that closes the stay.
/// </summary>
public sealed partial class StayStore : Lanes.IStayBook
{
    private readonly SqliteDatabase _database;
    private readonly TimeProvider _timeProvider;
    private readonly LedgerStore _ledger;

    /// <summary>Creates the store; money entries go to <paramref name="ledger"/> in the same file.</summary>
    public StayStore(SqliteDatabase database, TimeProvider timeProvider, LedgerStore ledger)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        _ledger = ledger ?? throw new ArgumentNullException(nameof(ledger));
    }

    /// <summary>Opens a stay, under the plate's visitor invitation when one's window holds the entry; refused when the plate already has one open.</summary>
    public Task<Result<Stay>> EnterAsync(StayEntry entry, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return InTransactionAsync(async (connection, transaction) =>
        {
            if (await FindOpenAsync(connection, transaction, entry.Plate.Text) is { Status: StayStatus.AwaitingPayment, DueFen: > 0, ExitUtc: { } leftAt } unpaid
                && leftAt <= entry.At)
            {
                // It was priced at the exit and left without paying (a barrier lifted by hand, a lane down): back again,
                // that fee becomes owed by the plate, and this visit is a stay of its own.
                var owing = await CloseAsync(connection, transaction, unpaid, LedgerKind.ManualOpening, StayClosing.Manual, 0, null, null,
                    $"未缴费离场，再次入场时记为欠费 left unpaid; owed from the next entry", actor);
                if (!owing.IsSuccess)
                {
                    return owing.Problem;
                }

                await connection.ExecuteAsync("UPDATE stays SET owed_fen = @owed WHERE id = @id;", new { owed = unpaid.DueFen, id = unpaid.Id }, transaction);
            }

            if (await FindOpenAsync(connection, transaction, entry.Plate.Text) is { } open)
            {
                return Result<Stay>.Failure("already-inside",
                    $"{entry.Plate} is already inside (stay {open.Id}, entered {open.EntryUtc:yyyy-MM-dd HH:mm} UTC)", $"{entry.Plate} 已在场内（第 {open.Id} 次停车，{open.EntryUtc:yyyy-MM-dd HH:mm} UTC 入场）");
            }

            var id = await connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO stays (plate, vehicle_class, entry_lane, entry_utc, entry_read, entry_fuzzy, status, recorded_by, updated_utc, charged_as_visitor, invitation_id)
                VALUES (@plate, @class, @lane, @at, @read, @fuzzy, 'inside', @actor, @now, @asVisitor,
                        (SELECT id FROM invitations WHERE plate = @plate AND cancelled_utc IS NULL AND from_utc <= @at AND until_utc > @at ORDER BY from_utc LIMIT 1))
                RETURNING id;
                """,
                new
                {
                    plate = entry.Plate.Text, @class = entry.Class.ToName(), lane = entry.Lane, at = Instants.ToText(entry.At),
                    read = entry.ReadId, fuzzy = entry.Fuzzy, actor, now = Now(), asVisitor = entry.ChargedAsVisitor,
                },
                transaction);
            return (await FindAsync(connection, transaction, id))!;
        }, cancellationToken);
    }

    /// <summary>The stay with <paramref name="id"/>, or null.</summary>
    public async Task<Stay?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await FindAsync(connection, null, id);
    }

    /// <summary>The open (inside or awaiting payment) stay of <paramref name="plate"/>, or null.</summary>
    public async Task<Stay?> FindOpenAsync(string plate, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await FindOpenAsync(connection, null, plate);
    }

    /// <summary>The plates of every open stay (cars inside or at the exit), for counting spaces and matching exits.</summary>
    public async Task<IReadOnlyList<string>> OpenPlatesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<string>("SELECT plate FROM stays WHERE status <> 'closed';")).ToList();
    }

    /// <summary>Stays in a status (all when null), newest first.</summary>
    public async Task<IReadOnlyList<Stay>> ListAsync(StayStatus? status = null, int limit = 200, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<StayRow>(
            $"SELECT {StayRow.Columns} FROM stays WHERE @status IS NULL OR status = @status ORDER BY id DESC LIMIT @limit;",
            new { status = status is null ? null : StoredNames.StayStatus[status.Value], limit });
        return rows.Select(r => r.ToRecord()).ToList();
    }

    private string Now() => Instants.ToText(_timeProvider.GetUtcNow());

    private static async Task<Stay?> FindAsync(SqliteConnection connection, SqliteTransaction? transaction, long id) =>
        (await connection.QuerySingleOrDefaultAsync<StayRow>($"SELECT {StayRow.Columns} FROM stays WHERE id = @id;", new { id }, transaction))?.ToRecord();

    private static async Task<Stay?> FindOpenAsync(SqliteConnection connection, SqliteTransaction? transaction, string plate) =>
        (await connection.QuerySingleOrDefaultAsync<StayRow>(
            $"SELECT {StayRow.Columns} FROM stays WHERE plate = @plate AND status <> 'closed';", new { plate }, transaction))?.ToRecord();

    private Task<Result<T>> InTransactionAsync<T>(Func<SqliteConnection, SqliteTransaction, Task<Result<T>>> work, CancellationToken cancellationToken) =>
        _database.WriteAsync(work, r => r.IsSuccess, cancellationToken);
}
