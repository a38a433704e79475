using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;
using ParkingGate.Domain;
using ParkingGate.Domain.Registry;

namespace ParkingGate.Storage.Registry;

/// <summary>A visitor invitation (访客预约) and how much of its free time the visitor has used.</summary>
/// <param name="Id">Its number.</param>
/// <param name="Room">The inviting household.</param>
/// <param name="ContactName">The household's contact.</param>
/// <param name="Plate">The visitor's plate.</param>
/// <param name="From">The window's start.</param>
/// <param name="Until">The window's end.</param>
/// <param name="FreeMinutes">Free minutes granted.</param>
/// <param name="UsedMinutes">Free minutes the visitor's stays have used.</param>
/// <param name="Note">The visitor's name or the purpose.</param>
/// <param name="Approval">The approval of the rule it was granted under.</param>
/// <param name="CreatedUtc">When it was registered.</param>
/// <param name="CreatedBy">Who registered it.</param>
public sealed record Invitation(
    long Id, string Room, string ContactName, string Plate, DateTimeOffset From, DateTimeOffset Until, long FreeMinutes, long UsedMinutes,
    string? Note, string Approval, DateTimeOffset CreatedUtc, string CreatedBy)
{
    /// <summary>When it was cancelled; null while it stands.</summary>
    public DateTimeOffset? CancelledUtc { get; init; }

    /// <summary>Why it was cancelled.</summary>
    public string? CancelReason { get; init; }

    /// <summary>How many stays entered under it.</summary>
    public int Stays { get; init; }

    /// <summary>True while one of its stays is still open (the visitor is inside or at the exit).</summary>
    public bool Inside { get; init; }

    /// <summary>
    /// What it takes from the household's month at <paramref name="now"/>: its free minutes until its window has ended
    /// and its visitor has left, then only what was used; nothing once cancelled.
    /// </summary>
    public long HeldMinutes(DateTimeOffset now) =>
        CancelledUtc is not null ? UsedMinutes : Until <= now && !Inside ? UsedMinutes : Math.Max(FreeMinutes, UsedMinutes);
}

/// <summary>One household's invitations in a period (a month for the monthly report).</summary>
/// <param name="Room">The household.</param>
/// <param name="ContactName">Its contact.</param>
/// <param name="Invitations">Invitations whose window started in the period (cancelled ones left out).</param>
/// <param name="Visits">Stays that entered under them.</param>
/// <param name="GrantedMinutes">Free minutes granted.</param>
/// <param name="UsedMinutes">Free minutes used.</param>
public sealed record InvitationTotals(string Room, string ContactName, int Invitations, int Visits, long GrantedMinutes, long UsedMinutes);

/// <summary>
/// Visitor invitations: registered by a clerk for a household under the estate's approved rule, never deleted (a
/// cancellation is recorded with its reason), each change in one transaction with its audit entry.
/// </summary>
public sealed class InvitationStore(SqliteDatabase database, TimeProvider timeProvider) : RegistryTable(database, timeProvider)
{
    private const string Select = """
        SELECT i.id AS Id, h.room AS Room, h.contact_name AS ContactName, i.plate AS Plate, i.from_utc AS FromUtc, i.until_utc AS UntilUtc,
               i.free_minutes AS FreeMinutes, i.note AS Note, i.approval AS Approval, i.created_utc AS CreatedUtc, i.created_by AS CreatedBy,
               i.cancelled_utc AS CancelledUtc, i.cancel_reason AS CancelReason,
               (SELECT coalesce(sum(s.invited_minutes), 0) FROM stays s WHERE s.invitation_id = i.id AND s.voided_utc IS NULL) AS UsedMinutes,
               (SELECT count(*) FROM stays s WHERE s.invitation_id = i.id AND s.voided_utc IS NULL) AS Stays,
               EXISTS (SELECT 1 FROM stays s WHERE s.invitation_id = i.id AND s.status <> 'closed' AND s.voided_utc IS NULL) AS Inside
        FROM invitations i JOIN households h ON h.id = i.household_id
        """;

    /// <summary>
    /// Registers an invitation: refused, with nothing written, when the rule refuses its window or hours, the room has no
    /// household, the plate is a resident's, has a pass or is blocklisted, another invitation of the plate overlaps the
    /// window, or the household's month has not enough free hours left.
    /// </summary>
    public Task<Result<Invitation>> InviteAsync(InvitationDraft draft, InvitationRule rule, TimeZoneInfo zone, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(zone);
        RequireActor(actor);
        var now = Time.GetUtcNow();
        if (rule.Check(draft, now, zone) is { } refused)
        {
            return Task.FromResult(Result<Invitation>.Failure(refused));
        }

        return InTransactionAsync(
            async (connection, transaction) =>
            {
                var household = await HouseholdStore.FindHouseholdAsync(connection, transaction, draft.Room.ToString());
                if (household is null)
                {
                    return Result<Invitation>.Failure("unknown-room", $"room {draft.Room} has no registered household", $"房号 {draft.Room} 没有登记住户");
                }

                if (await PlateProblemAsync(connection, transaction, draft) is { } plateProblem)
                {
                    return Result<Invitation>.Failure(plateProblem);
                }

                var month = LocalDays.DayOf(draft.From, zone);
                var monthText = MonthText(month);
                var others = await QueryAsync(connection, transaction, "WHERE i.household_id = @household AND i.month = @month", new { household = household.Id, month = monthText });
                if (rule.CheckAllowance(draft, month, others.Sum(i => i.HeldMinutes(now))) is { } over)
                {
                    return Result<Invitation>.Failure(over);
                }

                var nowText = Instants.ToText(now);
                var note = string.IsNullOrWhiteSpace(draft.Note) ? null : draft.Note.Trim();
                var id = await connection.ExecuteScalarAsync<long>(
                    """
                    INSERT INTO invitations (household_id, plate, from_utc, until_utc, month, free_minutes, note, approval, created_utc, created_by)
                    VALUES (@household, @plate, @from, @until, @month, @minutes, @note, @approval, @now, @actor) RETURNING id;
                    """,
                    new
                    {
                        household = household.Id, plate = draft.Plate.Text, from = Instants.ToText(draft.From), until = Instants.ToText(draft.Until),
                        month = monthText, minutes = draft.FreeHours * 60L, note, approval = rule.Approval!.Trim(), now = nowText, actor,
                    },
                    transaction);
                var invitation = (await QueryAsync(connection, transaction, "WHERE i.id = @id", new { id }))[0];
                await AuditAsync(connection, transaction, nowText, actor, "invitation.add", "invitation", id, null, invitation);
                return invitation;
            },
            r => r.IsSuccess,
            cancellationToken);
    }

    /// <summary>Cancels an invitation whose visitor has not come, with a reason; its free hours go back to the household.</summary>
    public Task<Result<Invitation>> CancelAsync(long id, string reason, string actor, CancellationToken cancellationToken = default)
    {
        RequireActor(actor);
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Task.FromResult(Result<Invitation>.Failure("missing-reason", $"a reason is required to cancel invitation {id}", $"取消第 {id} 号预约必须填写原因"));
        }

        return InTransactionAsync(
            async (connection, transaction) =>
            {
                var found = await QueryAsync(connection, transaction, "WHERE i.id = @id", new { id });
                if (found.Count == 0)
                {
                    return Result<Invitation>.Failure("unknown-invitation", $"there is no invitation {id}", $"没有第 {id} 号预约");
                }

                var invitation = found[0];
                if (invitation.CancelledUtc is { } when)
                {
                    return Result<Invitation>.Failure("already-cancelled", $"invitation {id} was cancelled on {when:yyyy-MM-dd}", $"第 {id} 号预约已于 {when:yyyy-MM-dd} 取消");
                }

                if (invitation.Stays > 0)
                {
                    return Result<Invitation>.Failure("visitor-came",
                        $"the visitor {invitation.Plate} has already come under invitation {id}: it can no longer be cancelled",
                        $"访客 {invitation.Plate} 已按第 {id} 号预约入场，不能再取消");
                }

                var now = Now();
                await connection.ExecuteAsync(
                    "UPDATE invitations SET cancelled_utc = @now, cancelled_by = @actor, cancel_reason = @reason WHERE id = @id AND cancelled_utc IS NULL;",
                    new { now, actor, reason = reason.Trim(), id }, transaction);
                var cancelled = invitation with { CancelledUtc = Instants.FromText(now), CancelReason = reason.Trim() };
                await AuditAsync(connection, transaction, now, actor, "invitation.cancel", "invitation", id, invitation, new { cancelledUtc = now, reason = reason.Trim() });
                return cancelled;
            },
            r => r.IsSuccess,
            cancellationToken);
    }

    /// <summary>Invitations whose window has not ended at <paramref name="now"/> or whose visitor is still inside, soonest first.</summary>
    public async Task<IReadOnlyList<Invitation>> CurrentAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        var rows = await QueryAsync(connection, null,
            "WHERE i.cancelled_utc IS NULL AND (i.until_utc > @now OR EXISTS (SELECT 1 FROM stays s WHERE s.invitation_id = i.id AND s.status <> 'closed' AND s.voided_utc IS NULL))",
            new { now = Instants.ToText(now) });
        return rows;
    }

    /// <summary>The invitations of the month of <paramref name="month"/> (by the local day each window starts), cancelled ones included.</summary>
    public async Task<IReadOnlyList<Invitation>> ForMonthAsync(DateOnly month, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        return await QueryAsync(connection, null, "WHERE i.month = @month", new { month = MonthText(month) });
    }

    /// <summary>Minutes of <paramref name="room"/>'s allowance for the month of <paramref name="month"/> its invitations hold at <paramref name="now"/>.</summary>
    public async Task<long> HeldMinutesAsync(string room, DateOnly month, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        var rows = await QueryAsync(connection, null, "WHERE h.room = @room AND h.ended_utc IS NULL AND i.month = @month", new { room, month = MonthText(month) });
        return rows.Sum(i => i.HeldMinutes(now));
    }

    /// <summary>
    /// Invitations whose window started in [<paramref name="fromUtc"/>, <paramref name="untilUtc"/>) per household: how many
    /// (cancelled ones left out unless their visitor came), the visits under them, the free hours granted and used.
    /// </summary>
    public async Task<IReadOnlyList<InvitationTotals>> ByHouseholdAsync(DateTimeOffset fromUtc, DateTimeOffset untilUtc, CancellationToken cancellationToken = default)
    {
        await using var connection = await Database.OpenConnectionAsync(cancellationToken);
        return await ByHouseholdAsync(connection, fromUtc, untilUtc);
    }

    /// <summary>As <see cref="ByHouseholdAsync(DateTimeOffset, DateTimeOffset, CancellationToken)"/>, on an open connection (the period reports).</summary>
    internal static async Task<IReadOnlyList<InvitationTotals>> ByHouseholdAsync(SqliteConnection connection, DateTimeOffset fromUtc, DateTimeOffset untilUtc)
    {
        var rows = await QueryAsync(connection, null, "WHERE i.from_utc >= @from AND i.from_utc < @until", new { from = Instants.ToText(fromUtc), until = Instants.ToText(untilUtc) });
        return rows.Where(i => i.CancelledUtc is null || i.Stays > 0)
            .GroupBy(i => (i.Room, i.ContactName))
            .Select(g => new InvitationTotals(g.Key.Room, g.Key.ContactName, g.Count(), g.Sum(i => i.Stays), g.Sum(i => i.FreeMinutes), g.Sum(i => i.UsedMinutes)))
            .OrderBy(r => r.Room, RoomOrder.Instance)
            .ToList();
    }

    /// <summary>The month an invitation counts in, as stored: <c>2026-03</c>.</summary>
    public static string MonthText(DateOnly day) => day.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private static async Task<Problem?> PlateProblemAsync(SqliteConnection connection, SqliteTransaction transaction, InvitationDraft draft)
    {
        var plate = draft.Plate.Text;
        var room = await connection.ExecuteScalarAsync<string?>(
            "SELECT h.room FROM vehicles v JOIN households h ON h.id = v.household_id WHERE v.plate = @plate AND v.removed_utc IS NULL;",
            new { plate }, transaction);
        if (room is not null)
        {
            return new Problem("resident-plate", $"{plate} is a resident's car ({room}): it parks free and needs no invitation", $"{plate} 是 {room} 登记的住户车辆，免费停车，无需预约");
        }

        var reason = await connection.ExecuteScalarAsync<string?>("SELECT reason FROM blocklist WHERE plate = @plate AND removed_utc IS NULL;", new { plate }, transaction);
        if (reason is not null)
        {
            return new Problem("blocklisted", $"{plate} is on the blocklist ({reason})", $"{plate} 在黑名单上（{reason}），不能预约");
        }

        var pass = await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM passes WHERE plate = @plate AND cancelled_utc IS NULL AND starts_utc < @until AND ends_utc > @from;",
            new { plate, from = Instants.ToText(draft.From), until = Instants.ToText(draft.Until) }, transaction);
        if (pass > 0)
        {
            return new Problem("has-pass", $"{plate} has a monthly pass for that time: it needs no invitation", $"{plate} 在该时段有月卡，无需预约");
        }

        var overlapping = await connection.QueryFirstOrDefaultAsync<(long Id, string From, string Until)?>(
            "SELECT id, from_utc, until_utc FROM invitations WHERE plate = @plate AND cancelled_utc IS NULL AND from_utc < @until AND until_utc > @from ORDER BY from_utc LIMIT 1;",
            new { plate, from = Instants.ToText(draft.From), until = Instants.ToText(draft.Until) }, transaction);
        return overlapping is { } other
            ? new Problem("overlapping-invitation",
                $"{plate} already has invitation {other.Id} overlapping that window",
                $"{plate} 已有第 {other.Id} 号预约，与该时段重叠")
            : null;
    }

    private static async Task<List<Invitation>> QueryAsync(SqliteConnection connection, SqliteTransaction? transaction, string where, object parameters)
    {
        var rows = await connection.QueryAsync<InvitationRow>($"{Select} {where} ORDER BY i.from_utc, i.id;", parameters, transaction);
        return rows.Select(r => r.ToRecord()).ToList();
    }

    private sealed class InvitationRow
    {
        public long Id { get; init; }
        public string Room { get; init; } = "";
        public string ContactName { get; init; } = "";
        public string Plate { get; init; } = "";
        public string FromUtc { get; init; } = "";
        public string UntilUtc { get; init; } = "";
        public long FreeMinutes { get; init; }
        public string? Note { get; init; }
        public string Approval { get; init; } = "";
        public string CreatedUtc { get; init; } = "";
        public string CreatedBy { get; init; } = "";
        public string? CancelledUtc { get; init; }
        public string? CancelReason { get; init; }
        public long UsedMinutes { get; init; }
        public long Stays { get; init; }
        public bool Inside { get; init; }

        public Invitation ToRecord() => new(
            Id, Room, ContactName, Plate, Instants.FromText(FromUtc), Instants.FromText(UntilUtc), FreeMinutes, UsedMinutes, Note, Approval,
            Instants.FromText(CreatedUtc), CreatedBy)
        {
            CancelledUtc = Instants.FromNullableText(CancelledUtc), CancelReason = CancelReason, Stays = (int)Stays, Inside = Inside,
        };
    }
}
