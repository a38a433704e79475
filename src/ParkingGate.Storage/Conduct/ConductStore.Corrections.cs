using Dapper;
using ParkingGate.Domain;
using ParkingGate.Domain.Conduct;
using ParkingGate.Domain.Plates;

namespace ParkingGate.Storage.Conduct;

/// <summary>A correction of a violation: withdrawn, or some of its fields set right; always with a reason.</summary>
/// <param name="Seq">The violation's record.</param>
/// <param name="Reason">Why.</param>
public sealed record ViolationCorrection(long Seq, string Reason)
{
    /// <summary>True to withdraw the violation (it was not one, or it was recorded twice).</summary>
    public bool Withdraw { get; init; }

    /// <summary>The right plate (its household is matched again).</summary>
    public Plate? Plate { get; init; }

    /// <summary>The right kind's code.</summary>
    public string? Offence { get; init; }

    /// <summary>The right place.</summary>
    public string? Place { get; init; }

    /// <summary>The right time.</summary>
    public DateTimeOffset? OccurredUtc { get; init; }
}

public sealed partial class ConductStore
{
    /// <summary>
    /// Appends a correction pointing at a violation; the violation's own record is never changed. Refused, with
    /// nothing written, without a reason, for a record that is not a violation (or none), for a withdrawn one, or for
    /// a correction that changes nothing or names an unknown kind or a future time.
    /// </summary>
    public Task<Result<ConductRecord>> CorrectAsync(ViolationCorrection correction, ConductRules rules, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(correction);
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (string.IsNullOrWhiteSpace(correction.Reason))
        {
            return Task.FromResult(Result<ConductRecord>.Failure("missing-reason", $"a correction of record {correction.Seq} needs a reason", $"更正第 {correction.Seq} 条记录必须填写原因"));
        }

        if (!correction.Withdraw && correction is { Plate: null, Offence: null, Place: null, OccurredUtc: null })
        {
            return Task.FromResult(Result<ConductRecord>.Failure("nothing-to-correct", $"the correction of record {correction.Seq} changes nothing", $"第 {correction.Seq} 条记录的更正没有改任何内容"));
        }

        if (correction.Offence is { } offence && rules.Find(offence) is null)
        {
            return Task.FromResult(Result<ConductRecord>.Failure("unknown-offence", $"'{offence}' is not a kind of violation in the rules", $"“{offence}”不是规则中的违停类型"));
        }

        if (correction.OccurredUtc > _time.GetUtcNow() + FutureSlack)
        {
            return Task.FromResult(Result<ConductRecord>.Failure("in-future", "the corrected time is later than now", "更正后的时间晚于现在"));
        }

        return _database.WriteAsync(
            async (connection, transaction) =>
            {
                var records = await QueryAsync(connection, transaction, "seq = @seq OR refers_to = @seq", new { seq = correction.Seq });
                var found = ConductView.Violations(records);
                if (found.Count == 0 || found[0] is not { } violation)
                {
                    return Result<ConductRecord>.Failure("not-a-violation",
                        $"record {correction.Seq} is not a violation in the register: a correction must point at one",
                        $"第 {correction.Seq} 条不是违停记录：更正必须指向一条违停记录");
                }

                if (violation.Withdrawn)
                {
                    return Result<ConductRecord>.Failure("withdrawn", $"violation {correction.Seq} was withdrawn already", $"第 {correction.Seq} 条违停记录已撤销");
                }

                string? room = null;
                if (correction.Plate is { } plate)
                {
                    room = await connection.ExecuteScalarAsync<string?>(
                        "SELECT h.room FROM vehicles v JOIN households h ON h.id = v.household_id WHERE v.plate = @plate AND v.removed_utc IS NULL;",
                        new { plate = plate.Text }, transaction);
                }

                return await AppendAsync(connection, transaction, new NewConductRecord(ConductKind.Correction, actor)
                {
                    RefersTo = correction.Seq, Reason = correction.Reason, Detail = correction.Withdraw ? ConductView.Withdraw : null,
                    Plate = correction.Withdraw ? null : correction.Plate?.Text, Room = room, Offence = correction.Withdraw ? null : correction.Offence,
                    Place = correction.Withdraw ? null : correction.Place, OccurredUtc = correction.Withdraw ? null : correction.OccurredUtc,
                });
            },
            r => r.IsSuccess,
            cancellationToken);
    }

    /// <summary>
    /// The violations and corrections written since <paramref name="since"/>: every violation seen since then is among
    /// them (a violation is written after it is seen), with every correction of it.
    /// </summary>
    public async Task<IReadOnlyList<ConductRecord>> WrittenSinceAsync(DateTimeOffset since, CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return await QueryAsync(connection, null, "kind IN ('violation', 'correction') AND at_utc >= @since", new { since = Instants.ToText(since) });
    }

    /// <summary>Every violation with its corrections applied, in register order.</summary>
    public async Task<IReadOnlyList<Violation>> ViolationsAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        return ConductView.Violations(await QueryAsync(connection, null, "kind IN ('violation', 'correction')", null));
    }
}
