using System.Globalization;
using ParkingGate.Domain.Plates;

namespace ParkingGate.Domain.Registry;

/// <summary>
/// The rule the residents' meeting approved for visitor invitations (访客预约): each household may invite visitors for
/// so many free hours a calendar month. Off (no free hours) unless the config gives the hours and the approval.
/// </summary>
/// <param name="FreeHoursPerMonth">Free visitor hours per household per calendar month; 0 turns invitations off.</param>
/// <param name="Approval">The meeting or resolution that approved it, e.g. <c>户主代表大会决议（2026-02-15）</c>.</param>
/// <param name="LongestDays">The longest window one invitation may cover, in days.</param>
/// <param name="DaysAhead">How many days ahead an invitation may start.</param>
public sealed record InvitationRule(int FreeHoursPerMonth, string? Approval, int LongestDays = 3, int DaysAhead = 30)
{
    /// <summary>No invitations.</summary>
    public static InvitationRule Off { get; } = new(0, null);

    /// <summary>True when the estate grants free visitor hours.</summary>
    public bool Enabled => FreeHoursPerMonth > 0 && !string.IsNullOrWhiteSpace(Approval);

    /// <summary>The month's allowance in minutes.</summary>
    public long MinutesPerMonth => FreeHoursPerMonth * 60L;

    /// <summary>
    /// Checks an invitation against the rule at <paramref name="now"/>: its window (not ended, not starting more than
    /// <see cref="DaysAhead"/> days ahead, at most <see cref="LongestDays"/> long) and its free hours (at least one, no
    /// more than the window). The household's allowance is checked where its other invitations are known.
    /// </summary>
    public Problem? Check(InvitationDraft draft, DateTimeOffset now, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(zone);
        if (!Enabled)
        {
            return new Problem("invitations-off",
                "visitor invitations are off: the config has no registry.invitations with the free hours and the meeting's approval",
                "未启用访客预约：配置中没有业主大会批准的每户每月免费时长（registry.invitations）");
        }

        string Local(DateTimeOffset t) => TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        if (draft.Until <= draft.From)
        {
            return new Problem("bad-window",
                $"the invitation ends ({Local(draft.Until)}) before it starts ({Local(draft.From)})",
                $"预约结束时间 {Local(draft.Until)} 不晚于开始时间 {Local(draft.From)}");
        }

        if (draft.Until <= now)
        {
            return new Problem("window-past",
                $"the window {Local(draft.From)}–{Local(draft.Until)} has already ended",
                $"预约时段 {Local(draft.From)}–{Local(draft.Until)} 已经过去");
        }

        if (draft.From > now.AddDays(DaysAhead))
        {
            return new Problem("too-far-ahead",
                $"the invitation starts {Local(draft.From)}, more than {DaysAhead} days ahead",
                $"预约开始时间 {Local(draft.From)} 超过 {DaysAhead} 天以后，不能提前这么久预约");
        }

        if (draft.Until - draft.From > TimeSpan.FromDays(LongestDays))
        {
            return new Problem("window-too-long",
                $"the window {Local(draft.From)}–{Local(draft.Until)} is longer than {LongestDays} days",
                $"预约时段 {Local(draft.From)}–{Local(draft.Until)} 超过 {LongestDays} 天");
        }

        if (draft.FreeHours < 1 || draft.FreeHours > FreeHoursPerMonth)
        {
            return new Problem("bad-free-hours",
                $"free hours must be 1–{FreeHoursPerMonth} (the month's allowance), not {draft.FreeHours}",
                $"免费小时数须为 1–{FreeHoursPerMonth}（每户每月额度），不是 {draft.FreeHours}");
        }

        if (TimeSpan.FromHours(draft.FreeHours) > draft.Until - draft.From)
        {
            return new Problem("free-hours-over-window",
                $"{draft.FreeHours} free hours do not fit in the window {Local(draft.From)}–{Local(draft.Until)}",
                $"免费 {draft.FreeHours} 小时超过了预约时段 {Local(draft.From)}–{Local(draft.Until)} 的长度");
        }

        return null;
    }

    /// <summary>
    /// The household's allowance for the month of <paramref name="month"/> with <paramref name="heldMinutes"/> already
    /// taken by its other invitations: null when <paramref name="draft"/> fits, else the problem, naming what is left.
    /// </summary>
    public Problem? CheckAllowance(InvitationDraft draft, DateOnly month, long heldMinutes)
    {
        ArgumentNullException.ThrowIfNull(draft);
        var left = Math.Max(0, MinutesPerMonth - heldMinutes);
        if (draft.FreeHours * 60L <= left)
        {
            return null;
        }

        return new Problem("over-allowance",
            $"{draft.Room} has {Hours(left)} h of its {FreeHoursPerMonth} free visitor hours left in {month:yyyy-MM}, not the {draft.FreeHours} asked for",
            $"{draft.Room} {month.Year}年{month.Month}月的免费访客时长共 {FreeHoursPerMonth} 小时，已用或已预约 {Hours(heldMinutes)} 小时，剩余 {Hours(left)} 小时，不够本次的 {draft.FreeHours} 小时");
    }

    /// <summary>Minutes as hours for a message or a report: <c>2</c>, <c>1.5</c>.</summary>
    public static string Hours(long minutes) => (minutes / 60m).ToString("0.#", CultureInfo.InvariantCulture);
}

/// <summary>An invitation as a clerk enters it: for a household's visitor, a window and the free hours in it.</summary>
/// <param name="Room">The inviting household.</param>
/// <param name="Plate">The visitor's plate.</param>
/// <param name="From">The window's start.</param>
/// <param name="Until">The window's end: the invitation applies to a stay entering before it, and its free time ends with it.</param>
/// <param name="FreeHours">Free hours granted from the household's month.</param>
/// <param name="Note">The visitor's name or the purpose, if given.</param>
public sealed record InvitationDraft(RoomNumber Room, Plate Plate, DateTimeOffset From, DateTimeOffset Until, int FreeHours, string? Note);
