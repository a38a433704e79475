using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParkingGate.Domain;
using ParkingGate.Domain.Registry;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Desk.Pages;

/// <summary>
/// Visitor invitations (访客预约): a household's visitor gets free hours in a window, from the household's monthly
/// allowance under the rule the meeting approved; current and coming invitations, each cancellable until its visitor comes.
/// </summary>
[Authorize(Roles = DeskSetup.Roles.Invitations)]
public sealed class InvitationsModel(DeskContext desk, InvitationStore invitations, FormOnce once) : DeskPage(desk)
{
    private const string LocalInput = "yyyy-MM-dd'T'HH:mm";

    /// <summary>The rule in force.</summary>
    public InvitationRule Rule => Desk.Rules.Invitations;

    /// <summary>The form's values: as typed after a refusal, else sensible defaults.</summary>
    public InvitationForm Form { get; private set; } = new();

    /// <summary>Invitations whose window has not ended, or whose visitor is still inside.</summary>
    public IReadOnlyList<Invitation> Current { get; private set; } = [];

    /// <summary>The room whose allowance is shown, and the hours it has left this month; null when none is asked.</summary>
    public (string Room, long LeftMinutes)? Allowance { get; private set; }

    /// <summary>An instant as the form's local input text.</summary>
    public string Input(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Desk.Zone).ToString(LocalInput, CultureInfo.InvariantCulture);

    /// <summary>Where an invitation stands, in words.</summary>
    public string State(Invitation invitation)
    {
        ArgumentNullException.ThrowIfNull(invitation);
        if (invitation.Inside)
        {
            return T("在场", "inside");
        }

        if (invitation.Stays > 0)
        {
            return T($"已来访 {invitation.Stays} 次", $"came {invitation.Stays} time(s)");
        }

        return invitation.From > Desk.Time.GetUtcNow() ? T("未开始", "not started") : T("待来访", "expected");
    }

    /// <summary>Shows the form (for <paramref name="room"/>'s allowance when given) and the current invitations.</summary>
    public async Task OnGetAsync(string? room, CancellationToken cancellationToken)
    {
        Form = InvitationForm.Defaults(Desk.Time.GetUtcNow(), Desk.Zone, Rule) with { Room = room?.Trim() ?? "" };
        await LoadAsync(room, cancellationToken);
    }

    /// <summary>Registers an invitation; a refusal keeps what was typed and names what was wrong.</summary>
    public async Task<IActionResult> OnPostInviteAsync(InvitationForm form, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        Form = form;
        if (!once.TryUse(token))
        {
            Problem = T("此表单已提交过，未重复登记；请查看下方名单", "this form was submitted already: nothing was registered twice");
        }
        else if (!RoomNumber.TryParse(form.Room, out var room, out var roomError))
        {
            Problem = roomError.In(English);
        }
        else if (Desk.Rules.Layout.Check(room) is { } notHere)
        {
            Problem = notHere.In(English);
        }
        else if (!Domain.Plates.Plate.TryParse(form.Plate, out var plate, out var plateError))
        {
            Problem = T($"访客车牌有误：{plateError.Zh}", $"invalid visitor plate: {plateError.Message}");
        }
        else if (Local(form.From) is not { } from)
        {
            Problem = T("请填写预约开始时间", "enter when the invitation starts");
        }
        else if (Local(form.Until) is not { } until)
        {
            Problem = T("请填写预约结束时间", "enter when the invitation ends");
        }
        else
        {
            var draft = new InvitationDraft(room, plate, from, until, form.Hours, form.Note);
            var invited = await invitations.InviteAsync(draft, Rule, Desk.Zone, UserName, cancellationToken);
            if (invited.IsSuccess)
            {
                var i = invited.Value;
                Done = T($"已登记：{i.Plate} 由 {i.Room} 邀请，{Desk.Local(i.From, "MM-dd HH:mm")}–{Desk.Local(i.Until, "MM-dd HH:mm")} 内免费 {InvitationRule.Hours(i.FreeMinutes)} 小时（第 {i.Id} 号）",
                    $"registered: {i.Plate} invited by {i.Room}, {InvitationRule.Hours(i.FreeMinutes)} free hour(s) within {Desk.Local(i.From, "MM-dd HH:mm")}–{Desk.Local(i.Until, "MM-dd HH:mm")} (no. {i.Id})");
                return Redirect($"/invitations?room={Uri.EscapeDataString(i.Room)}");
            }

            Problem = invited.Problem.In(English);
        }

        await LoadAsync(form.Room, cancellationToken);
        return Page();
    }

    /// <summary>Cancels an invitation whose visitor has not come, with a reason.</summary>
    public async Task<IActionResult> OnPostCancelAsync(long id, string? reason, string? token, CancellationToken cancellationToken)
    {
        if (!once.TryUse(token))
        {
            Problem = T("此表单已提交过；请查看下方名单", "this form was submitted already");
        }
        else
        {
            var cancelled = await invitations.CancelAsync(id, reason ?? "", UserName, cancellationToken);
            if (cancelled.IsSuccess)
            {
                Done = T($"已取消第 {id} 号预约（{cancelled.Value.Plate}），免费时长退回 {cancelled.Value.Room}", $"invitation {id} ({cancelled.Value.Plate}) cancelled; its hours go back to {cancelled.Value.Room}");
                return Redirect($"/invitations?room={Uri.EscapeDataString(cancelled.Value.Room)}");
            }

            Problem = cancelled.Problem.In(English);
        }

        Form = InvitationForm.Defaults(Desk.Time.GetUtcNow(), Desk.Zone, Rule);
        await LoadAsync(null, cancellationToken);
        return Page();
    }

    private DateTimeOffset? Local(string? text) =>
        DateTime.TryParseExact(text, LocalInput, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local) ? LocalDays.ToInstant(local, Desk.Zone) : null;

    private async Task LoadAsync(string? room, CancellationToken cancellationToken)
    {
        var now = Desk.Time.GetUtcNow();
        Current = await invitations.CurrentAsync(now, cancellationToken);
        if (Rule.Enabled && RoomNumber.TryParse(room, out var parsed, out _))
        {
            var month = LocalDays.DayOf(Local(Form.From) ?? now, Desk.Zone);
            var held = await invitations.HeldMinutesAsync(parsed.ToString(), month, now, cancellationToken);
            Allowance = (parsed.ToString(), Math.Max(0, Rule.MinutesPerMonth - held));
        }
    }
}

/// <summary>The invitation form as typed: the times in the estate's local <c>yyyy-MM-ddTHH:mm</c>.</summary>
public sealed record InvitationForm
{
    /// <summary>The inviting household's room.</summary>
    public string Room { get; init; } = "";

    /// <summary>The visitor's plate.</summary>
    public string Plate { get; init; } = "";

    /// <summary>The window's start.</summary>
    public string From { get; init; } = "";

    /// <summary>The window's end.</summary>
    public string Until { get; init; } = "";

    /// <summary>Free hours.</summary>
    public int Hours { get; init; }

    /// <summary>The visitor's name or the purpose.</summary>
    public string? Note { get; init; }

    /// <summary>A blank form: from now until the end of the day (of tomorrow, late in the evening), three free hours or the month's allowance if less.</summary>
    public static InvitationForm Defaults(DateTimeOffset now, TimeZoneInfo zone, InvitationRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var from = new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified);
        var until = local.Date.AddHours(23).AddMinutes(59);
        if (until - from < TimeSpan.FromHours(3))
        {
            until = until.AddDays(1);
        }

        return new InvitationForm
        {
            From = from.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
            Until = until.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture),
            Hours = Math.Max(1, Math.Min(3, rule.FreeHoursPerMonth)),
        };
    }
}
