using System.Globalization;
using Dapper;
using ParkingGate.Domain;
using ParkingGate.Domain.Conduct;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Storage.Conduct;

/// <summary>A proposal and where it stands.</summary>
/// <param name="Proposal">The proposal's record.</param>
/// <param name="Decision">The committee's decision on it, or null while it waits.</param>
public sealed record ProposalState(ConductRecord Proposal, ConductRecord? Decision)
{
    /// <summary>How many days the proposed block lasts, from the proposal's detail.</summary>
    public int BlockDays => ConductStore.DetailValue(Proposal.Detail, "blockDays") is { } days && int.TryParse(days, CultureInfo.InvariantCulture, out var n) ? n : 0;

    /// <summary>True once decided and accepted.</summary>
    public bool Accepted => Decision?.Detail?.StartsWith("accept", StringComparison.Ordinal) == true;
}

/// <summary>A decision taken, and the blocklist entry it made (accepted) or null (declined).</summary>
/// <param name="Decision">The decision's record.</param>
/// <param name="Blocklist">The entry, with its end.</param>
public sealed record Decided(ConductRecord Decision, BlocklistEntry? Blocklist);

public sealed partial class ConductStore
{
    /// <summary>The only role that decides proposals.</summary>
    public const string DecidingRole = "committee";

    /// <summary>Every proposal with its decision, oldest first.</summary>
    public async Task<IReadOnlyList<ProposalState>> ProposalsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var records = await QueryAsync(connection, null, "kind IN ('proposal', 'decision')", null);
        return [.. records.Where(r => r.Kind == ConductKind.Proposal)
            .Select(p => new ProposalState(p, records.LastOrDefault(d => d.Kind == ConductKind.Decision && d.RefersTo == p.Seq)))];
    }

    /// <summary>
    /// The committee's decision on a proposal, with its reason: accepted, the plate goes on the blocklist through the
    /// local day the proposal's days from today reach (lifted automatically then), the entry naming the decision; or
    /// declined. Refused, with nothing written, for a role other than the committee, without a reason, for a record
    /// that is not a proposal, for one decided already, or (accepting) for a plate on the blocklist already.
    /// </summary>
    public Task<Result<Decided>> DecideAsync(long proposalSeq, bool accept, string reason, string actor, string role, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentNullException.ThrowIfNull(zone);
        if (role != DecidingRole)
        {
            return Task.FromResult(Result<Decided>.Failure("not-committee",
                $"only the committee decides proposals; {actor} is {role}", $"只有村委会（committee 角色）可以决定提议；{actor} 的角色是 {role}"));
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return Task.FromResult(Result<Decided>.Failure("missing-reason", "a decision needs its reason", "决定必须写明理由"));
        }

        return _database.WriteAsync(
            async (connection, transaction) =>
            {
                var records = await QueryAsync(connection, transaction, "seq = @seq OR (kind = 'decision' AND refers_to = @seq)", new { seq = proposalSeq });
                if (records.FirstOrDefault(r => r.Seq == proposalSeq) is not { Kind: ConductKind.Proposal, Plate: { } plate } proposal)
                {
                    return Result<Decided>.Failure("not-a-proposal", $"record {proposalSeq} is not a proposal", $"第 {proposalSeq} 条不是提议");
                }

                if (records.FirstOrDefault(r => r.Kind == ConductKind.Decision) is { } earlier)
                {
                    return Result<Decided>.Failure("decided-already",
                        $"proposal {proposalSeq} was decided by record {earlier.Seq} ({earlier.Operator}, {earlier.AtUtc:yyyy-MM-dd})",
                        $"第 {proposalSeq} 号提议已由第 {earlier.Seq} 条决定（{earlier.Operator}，{earlier.AtUtc.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd}）");
                }

                var now = _time.GetUtcNow();
                if (!accept)
                {
                    var declined = await AppendAsync(connection, transaction, new NewConductRecord(ConductKind.Decision, actor)
                    {
                        Plate = plate, Room = proposal.Room, Offence = proposal.Offence, RefersTo = proposalSeq, Reason = reason, Detail = "decline",
                    });
                    return new Decided(declined, null);
                }

                var blocked = await connection.ExecuteScalarAsync<string?>("SELECT reason FROM blocklist WHERE plate = @plate AND removed_utc IS NULL;", new { plate }, transaction);
                if (blocked is not null)
                {
                    return Result<Decided>.Failure("already-blocked", $"{plate} is on the blocklist already ({blocked})", $"{plate} 已在黑名单上（{blocked}）");
                }

                var days = new ProposalState(proposal, null).BlockDays;
                var lastDay = LocalDays.DayOf(now, zone).AddDays(days);
                var ends = LocalDays.StartOf(lastDay.AddDays(1), zone);
                var nextSeq = await connection.ExecuteScalarAsync<long>("SELECT coalesce(max(seq), 0) + 1 FROM conduct_register;", transaction: transaction);
                var entry = await BlocklistStore.InsertAsync(connection, transaction, plate,
                    $"红黑榜决定第 {nextSeq} 号：{proposal.Reason}（至 {lastDay:yyyy-MM-dd}）", ends, nextSeq, Instants.ToText(now), actor);
                var decision = await AppendAsync(connection, transaction, new NewConductRecord(ConductKind.Decision, actor)
                {
                    Plate = plate, Room = proposal.Room, Offence = proposal.Offence, RefersTo = proposalSeq, Reason = reason,
                    Detail = string.Create(CultureInfo.InvariantCulture, $"accept until={lastDay:yyyy-MM-dd} blocklist={entry.Id}"),
                });
                return new Decided(decision, entry);
            },
            r => r.IsSuccess,
            cancellationToken);
    }

    /// <summary>The value of <c>key=value</c> in a record's detail, or null.</summary>
    internal static string? DetailValue(string? detail, string key) =>
        (detail ?? "").Split(' ').Select(f => f.Split('=', 2)).FirstOrDefault(f => f.Length == 2 && f[0] == key)?[1];
}
