using System.Globalization;
using ParkingGate.Domain;
using ParkingGate.Domain.Conduct;

namespace ParkingGate.Storage.Conduct;

/// <summary>A month's notice: as signed off (printable), or the draft the committee reviews before signing.</summary>
/// <param name="Notice">The notice.</param>
/// <param name="SignOff">The sign-off record; null for a draft.</param>
public sealed record MonthNotice(ConductNotice Notice, ConductRecord? SignOff);

public sealed partial class ConductStore
{
    /// <summary>
    /// Commends a household or a person for the red list of the month starting at <paramref name="month"/>, with what
    /// for. Only the committee commends; refused, with nothing written, for another role or without who and what.
    /// </summary>
    public Task<Result<ConductRecord>> CommendAsync(string who, string? room, string words, DateTimeOffset month, string actor, string role, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (role != DecidingRole)
        {
            return Task.FromResult(Result<ConductRecord>.Failure("not-committee", $"only the committee commends; {actor} is {role}", $"只有村委会可以登记红榜；{actor} 的角色是 {role}"));
        }

        if (string.IsNullOrWhiteSpace(who) || who.Trim().Length > 40 || string.IsNullOrWhiteSpace(words) || words.Trim().Length > 100)
        {
            return Task.FromResult(Result<ConductRecord>.Failure("bad-commendation",
                "a commendation names who (at most 40 characters) and what for (at most 100)", "红榜须写明表扬对象（不超过 40 字）和事迹（不超过 100 字）"));
        }

        return _database.WriteAsync(
            async (connection, transaction) => Result<ConductRecord>.Success(await AppendAsync(connection, transaction, new NewConductRecord(ConductKind.Commendation, actor)
            {
                Room = room, Detail = who.Trim(), Reason = words.Trim(), OccurredUtc = month,
            })),
            r => r.IsSuccess,
            cancellationToken);
    }

    /// <summary>The month's notice: the latest signed-off one, else a draft of the register as it stands.</summary>
    public async Task<MonthNotice> NoticeAsync(DateOnly month, ConductRules rules, TimeZoneInfo zone, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        await using var connection = await _database.OpenConnectionAsync(cancellationToken);
        var records = await QueryAsync(connection, null, "1 = 1", null);
        var first = new DateOnly(month.Year, month.Month, 1);
        var signOff = records.LastOrDefault(r => r.Kind == ConductKind.SignOff && DetailValue(r.Detail, "month") == first.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        var atSeq = signOff is null ? (records.Count == 0 ? 0 : records[^1].Seq) : signOff.Seq - 1;
        return new MonthNotice(ConductNotice.Build(EstateId, first, atSeq, records, rules, zone), signOff);
    }

    /// <summary>
    /// The committee signs a month's notice off for printing: the notice of the register as it stands is fixed by a
    /// sign-off record naming the month, its count and its digest line. Refused, with nothing written, for another
    /// role or for a month not yet over. A later sign-off of the same month (after a correction) replaces it.
    /// </summary>
    public async Task<Result<MonthNotice>> SignOffAsync(DateOnly month, ConductRules rules, TimeZoneInfo zone, string actor, string role, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var first = new DateOnly(month.Year, month.Month, 1);
        if (role != DecidingRole)
        {
            return Result<MonthNotice>.Failure("not-committee", $"only the committee signs a notice off; {actor} is {role}", $"只有村委会可以签发红黑榜；{actor} 的角色是 {role}");
        }

        if (LocalDays.StartOf(first.AddMonths(1), zone) > _time.GetUtcNow())
        {
            return Result<MonthNotice>.Failure("month-not-over", $"{first:yyyy-MM} is not over yet: its notice is signed off after its last day", $"{first:yyyy-MM} 还没有结束，月底之后才能签发");
        }

        return await _database.WriteAsync(
            async (connection, transaction) =>
            {
                var records = await QueryAsync(connection, transaction, "1 = 1", null);
                var notice = ConductNotice.Build(EstateId, first, records.Count == 0 ? 0 : records[^1].Seq, records, rules, zone);
                var signOff = await AppendAsync(connection, transaction, new NewConductRecord(ConductKind.SignOff, actor) { Detail = notice.SignOffDetail() });
                return Result<MonthNotice>.Success(new MonthNotice(notice, signOff));
            },
            r => r.IsSuccess,
            cancellationToken);
    }
}
