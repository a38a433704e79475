using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;
using ParkingGate.Storage.Audit;

namespace ParkingGate.Storage.Ledger;

public sealed partial class LedgerStore
{
    /// <summary>Closes a local calendar day with a digest of its entries. A day is closed once, after it ends.</summary>
    public Task<Result<(LedgerEntry Entry, Digest Digest)>> CloseDayAsync(DateOnly day, TimeZoneInfo zone, string actor, CancellationToken cancellationToken = default) =>
        ClosePeriodAsync($"day:{day:yyyy-MM-dd}", day, day.AddDays(1), zone, actor, cancellationToken);

    /// <summary>Closes a local calendar month with a digest of its entries, once, after it ends.</summary>
    public Task<Result<(LedgerEntry Entry, Digest Digest)>> CloseMonthAsync(int year, int month, TimeZoneInfo zone, string actor, CancellationToken cancellationToken = default)
    {
        var first = new DateOnly(year, month, 1);
        return ClosePeriodAsync($"month:{first:yyyy-MM}", first, first.AddMonths(1), zone, actor, cancellationToken);
    }

    /// <summary>The digest of the whole ledger as it stands: period <c>head</c>, not written to the ledger.</summary>
    public Digest HeadDigest()
    {
        var builder = new DigestBuilder(EstateId, "head", 0, LedgerHash.Genesis(EstateId));
        foreach (var entry in ReadAll())
        {
            builder.Add(entry);
        }

        return builder.Build();
    }

    private Task<Result<(LedgerEntry Entry, Digest Digest)>> ClosePeriodAsync(string period, DateOnly first, DateOnly end, TimeZoneInfo zone, string actor, CancellationToken cancellationToken) =>
        InTransactionAsync(async (connection, transaction) =>
        {
            var from = LocalDays.StartOf(first, zone);
            var until = LocalDays.StartOf(end, zone);
            if (_timeProvider.GetUtcNow() < until)
            {
                return Result<(LedgerEntry, Digest)>.Failure("period-open", $"{period} has not ended yet; close it after {until.ToOffset(zone.GetUtcOffset(until)):yyyy-MM-dd HH:mm}", $"{period} 还没有结束，请在 {until.ToOffset(zone.GetUtcOffset(until)):yyyy-MM-dd HH:mm} 之后结账");
            }

            var closedBy = await connection.ExecuteScalarAsync<long?>(
                "SELECT seq FROM ledger WHERE kind = 'digest' AND reason = @period;", new { period }, transaction);
            if (closedBy is { } seq)
            {
                return Result<(LedgerEntry, Digest)>.Failure("already-closed", $"{period} was already closed by ledger entry {seq}", $"{period} 已由第 {seq} 条账目结账");
            }

            var firstSeq = await FirstSeqAtOrAfterAsync(connection, transaction, from);
            var endSeq = await FirstSeqAtOrAfterAsync(connection, transaction, until);
            var written = await WriteDigestAsync(connection, transaction, period, firstSeq, endSeq - 1, actor);
            if (written.IsSuccess)
            {
                await AuditLog.AppendAsync(connection, transaction, Instants.ToText(written.Value.Entry.AtUtc), actor, "ledger.close", "ledger", written.Value.Entry.Seq, null,
                    new { period, entries = written.Value.Digest.Count });
            }

            return written;
        }, cancellationToken);

    /// <summary>
    /// The digest of a month: the one written when it was closed, or, while it is not closed, the same line computed
    /// without writing anything (marked by the <c>closed</c> flag).
    /// </summary>
    public async Task<(Digest Digest, bool Closed)> MonthDigestAsync(int year, int month, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        var first = new DateOnly(year, month, 1);
        var period = $"month:{first:yyyy-MM}";
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var firstSeq = await FirstSeqAtOrAfterAsync(connection, null, LocalDays.StartOf(first, zone));
        var endSeq = await FirstSeqAtOrAfterAsync(connection, null, LocalDays.StartOf(first.AddMonths(1), zone));
        var closed = await connection.ExecuteScalarAsync<long?>("SELECT seq FROM ledger WHERE kind = 'digest' AND reason = @period;", new { period });
        return (await BuildDigestAsync(connection, null, period, firstSeq, endSeq - 1), closed is not null);
    }

    /// <summary>Builds the digest of entries <paramref name="first"/>…<paramref name="last"/> and appends it as a digest entry.</summary>
    internal async Task<Result<(LedgerEntry Entry, Digest Digest)>> WriteDigestAsync(
        SqliteConnection connection, SqliteTransaction transaction, string period, long first, long last, string actor)
    {
        var digest = await BuildDigestAsync(connection, transaction, period, first, last);
        var written = await AppendAsync(connection, transaction, new NewLedgerEntry(LedgerKind.Digest, 0, actor)
        {
            Reason = period, Detail = digest.ToString(),
        });
        return written.IsSuccess ? (written.Value, digest) : Result<(LedgerEntry, Digest)>.Failure(written.Problem);
    }

    private async Task<Digest> BuildDigestAsync(SqliteConnection connection, SqliteTransaction? transaction, string period, long first, long last)
    {
        var beforeHash = first <= 1
            ? LedgerHash.Genesis(EstateId)
            : await connection.ExecuteScalarAsync<string>("SELECT hash FROM ledger WHERE seq = @seq;", new { seq = first - 1 }, transaction) ?? "";
        var builder = new DigestBuilder(EstateId, period, first - 1, beforeHash);
        foreach (var entry in ReadEntries(connection, transaction, "WHERE seq BETWEEN @first AND @last",
                     new SqliteParameter("@first", first), new SqliteParameter("@last", last)))
        {
            builder.Add(entry);
        }

        return builder.Build();
    }
}
