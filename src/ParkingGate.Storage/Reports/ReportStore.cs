using Dapper;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Reports;
using ParkingGate.Storage.Ledger;

namespace ParkingGate.Storage.Reports;

/// <summary>A car inside longer than the report's limit ("zombie car").</summary>
/// <param name="Plate">The plate.</param>
/// <param name="Room">The household it is registered to, if any.</param>
/// <param name="SinceUtc">When it entered.</param>
/// <param name="StayId">The stay.</param>
public sealed record LongStay(string Plate, string? Room, DateTimeOffset SinceUtc, long StayId);

/// <summary>A visitor who left without a ledger entry that accounts for it: a paid fee, a free exit or a manual opening.</summary>
/// <param name="AtUtc">When the exit was decided.</param>
/// <param name="Lane">The exit lane.</param>
/// <param name="Plate">The plate.</param>
/// <param name="StayId">The stay, if one was found.</param>
/// <param name="Outcome">What the lane did.</param>
public sealed record ExitAnomaly(DateTimeOffset AtUtc, string Lane, string? Plate, long? StayId, LaneOutcome Outcome);

/// <summary>One money entry with its stay, as the export's detail sheet lists it.</summary>
/// <param name="Entry">The ledger entry.</param>
/// <param name="EntryUtc">The stay's entry, for a visitor fee.</param>
/// <param name="ExitUtc">The stay's exit.</param>
/// <param name="FeeFen">What the tariff asked for the whole stay (应收), for a visitor fee.</param>
public sealed record DetailRow(LedgerEntry Entry, DateTimeOffset? EntryUtc, DateTimeOffset? ExitUtc, long? FeeFen);

/// <summary>A period's report: the money from the ledger, the visits from the stays, what needs looking at.</summary>
/// <param name="FromUtc">Start (inclusive).</param>
/// <param name="UntilUtc">End (exclusive).</param>
/// <param name="FirstSeq">First ledger entry of the period.</param>
/// <param name="LastSeq">Last ledger entry of the period (below <paramref name="FirstSeq"/> when there is none).</param>
/// <param name="Income">The money.</param>
/// <param name="Visits">Stays that ended in the period.</param>
/// <param name="AverageStay">Their average length.</param>
/// <param name="Anomalies">Visitor exits without a ledger entry.</param>
/// <param name="LongStays">Cars inside longer than the limit, as of the end of the period.</param>
public sealed record PeriodReport(
    DateTimeOffset FromUtc, DateTimeOffset UntilUtc, long FirstSeq, long LastSeq, IncomeSummary Income, int Visits, TimeSpan AverageStay,
    IReadOnlyList<ExitAnomaly> Anomalies, IReadOnlyList<LongStay> LongStays)
{
    /// <summary>Special passages (police, emergency…) of the period by kind, entries and exits together, most first.</summary>
    public IReadOnlyList<(string Kind, int Passages)> SpecialPassages { get; init; } = [];

    /// <summary>Visitor invitations (访客预约) whose window started in the period, per household: free hours granted and used.</summary>
    public IReadOnlyList<Registry.InvitationTotals> Invitations { get; init; } = [];
}

/// <summary>Reports over the ledger, the stays and the lane events; reads only.</summary>
public sealed class ReportStore(SqliteDatabase database, LedgerStore ledger, TimeProvider time)
{
    /// <summary>The report of [<paramref name="fromUtc"/>, <paramref name="untilUtc"/>).</summary>
    /// <param name="fromUtc">Start (inclusive).</param>
    /// <param name="untilUtc">End (exclusive).</param>
    /// <param name="exitLanes">The exit lanes, whose visitor exits must each have a ledger entry.</param>
    /// <param name="longStayDays">Cars inside longer than this, up to now (or to the period's end when that is earlier), are listed.</param>
    /// <param name="cancellationToken">Stops the report.</param>
    public async Task<PeriodReport> ReportAsync(DateTimeOffset fromUtc, DateTimeOffset untilUtc, IReadOnlyList<string> exitLanes, int longStayDays, CancellationToken cancellationToken = default)
    {
        var (first, last) = await SeqRangeAsync(fromUtc, untilUtc, cancellationToken);
        var income = IncomeSummary.Of(last >= first ? ledger.ReadAll(first, last) : []);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var (from, until) = (Instants.ToText(fromUtc), Instants.ToText(untilUtc));
        var visits = await connection.QuerySingleAsync<(long Count, double? AverageSeconds)>(
            """
            SELECT count(*), avg((julianday(exit_utc) - julianday(entry_utc)) * 86400.0)
            FROM stays WHERE status = 'closed' AND exit_utc >= @from AND exit_utc < @until AND entry_utc IS NOT NULL AND voided_utc IS NULL;
            """,
            new { from, until });
        var anomalies = await connection.QueryAsync<(string At, string Lane, string? Plate, long? StayId, string Outcome)>(
            """
            SELECT e.at_utc, e.lane, e.plate, e.stay_id, e.outcome
            FROM lane_events e
            WHERE e.at_utc >= @from AND e.at_utc < @until AND e.lane IN @exitLanes
              AND e.who = 'visitor' AND e.outcome IN ('opened', 'open-uncertain')
              AND NOT EXISTS (SELECT 1 FROM ledger l WHERE e.stay_id IS NOT NULL AND l.stay_id = e.stay_id AND l.kind IN ('visitor-fee', 'free-exit'))
            ORDER BY e.id;
            """,
            new { from, until, exitLanes });
        var now = time.GetUtcNow();
        var cutoff = Instants.ToText((now < untilUtc ? now : untilUtc).AddDays(-longStayDays));
        var longStays = await connection.QueryAsync<(string Plate, string? Room, string Since, long Id)>(
            """
            SELECT s.plate, h.room, s.entry_utc, s.id
            FROM stays s
            LEFT JOIN vehicles v ON v.plate = s.plate AND v.removed_utc IS NULL
            LEFT JOIN households h ON h.id = v.household_id
            WHERE s.status <> 'closed' AND s.entry_utc < @cutoff
            ORDER BY s.entry_utc;
            """,
            new { cutoff });
        var specials = await connection.QueryAsync<(string Kind, int Passages)>(
            """
            SELECT special, count(*) AS n FROM lane_events
            WHERE at_utc >= @from AND at_utc < @until AND who = 'special' AND outcome IN ('opened', 'open-uncertain') AND special IS NOT NULL
            GROUP BY special ORDER BY n DESC, special;
            """,
            new { from, until });
        return new PeriodReport(
            fromUtc, untilUtc, first, last, income, (int)visits.Count, TimeSpan.FromSeconds(visits.AverageSeconds ?? 0),
            [.. anomalies.Select(a => new ExitAnomaly(Instants.FromText(a.At), a.Lane, a.Plate, a.StayId, StoredNames.Outcome.Parse(a.Outcome)))],
            [.. longStays.Select(l => new LongStay(l.Plate, l.Room, Instants.FromText(l.Since), l.Id))])
        {
            SpecialPassages = [.. specials],
            Invitations = await Registry.InvitationStore.ByHouseholdAsync(connection, fromUtc, untilUtc),
        };
    }

    /// <summary>Every money entry of the period with its stay's times and fee, in ledger order.</summary>
    public async IAsyncEnumerable<DetailRow> DetailAsync(DateTimeOffset fromUtc, DateTimeOffset untilUtc, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (first, last) = await SeqRangeAsync(fromUtc, untilUtc, cancellationToken);
        if (last < first)
        {
            yield break;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var stays = (await connection.QueryAsync<(long Id, string? Entry, string? Exit, long? Fee)>(
                """
                SELECT s.id, s.entry_utc, s.exit_utc, s.fee_fen FROM stays s
                WHERE s.id IN (SELECT stay_id FROM ledger WHERE seq BETWEEN @first AND @last AND stay_id IS NOT NULL);
                """,
                new { first, last }))
            .ToDictionary(s => s.Id);
        foreach (var entry in ledger.ReadAll(first, last))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!IncomeSummary.Categories.Contains(entry.Kind))
            {
                continue;
            }

            var stay = entry.StayId is { } id && stays.TryGetValue(id, out var s) ? s : default;
            yield return new DetailRow(entry, stay.Entry is null ? null : Instants.FromText(stay.Entry), stay.Exit is null ? null : Instants.FromText(stay.Exit),
                entry.Kind == LedgerKind.VisitorFee ? stay.Fee : null);
        }
    }

    /// <summary>The ledger entries written in [<paramref name="fromUtc"/>, <paramref name="untilUtc"/>), found by sequence (ledger time only grows).</summary>
    public async Task<(long First, long Last)> SeqRangeAsync(DateTimeOffset fromUtc, DateTimeOffset untilUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var first = await LedgerStore.FirstSeqAtOrAfterAsync(connection, null, fromUtc);
        var end = await LedgerStore.FirstSeqAtOrAfterAsync(connection, null, untilUtc);
        return (first, end - 1);
    }
}
