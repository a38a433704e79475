using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParkingGate.Domain;
using ParkingGate.Domain.Conduct;
using ParkingGate.Domain.Registry;
using ParkingGate.Storage.Conduct;

namespace ParkingGate.Desk.Pages.Conduct;

/// <summary>
/// The monthly notice (红黑榜) for the notice board: a draft the committee reviews, commends on and signs off; only a
/// signed-off notice prints (A4, in Chinese, plates and rooms masked as the rules say, with the register's digest line).
/// </summary>
[Authorize(Roles = DeskSetup.Roles.ConductRegister)]
public sealed class NoticeModel(DeskContext desk, ConductStore conduct, FormOnce once) : DeskPage(desk)
{
    /// <summary>The rules; null when the config names none.</summary>
    public ConductRules? Rules => Desk.Conduct;

    /// <summary>The month shown.</summary>
    public DateOnly Month { get; private set; }

    /// <summary>The notice, signed off or draft.</summary>
    public MonthNotice? Notice { get; private set; }

    /// <summary>True for the committee, who commends and signs off.</summary>
    public bool Committee => User.IsInRole(ConductStore.DecidingRole);

    /// <summary>The digest line's QR code, as a data URL.</summary>
    public static string Qr(string line) => "data:image/png;base64," + Convert.ToBase64String(ParkingGate.Reports.DisclosureSheet.Qr(line));

    /// <summary>A kind's name in Chinese (the notice is Chinese).</summary>
    public string KindName(string code) => Rules?.Find(code)?.Name.Zh ?? code;

    /// <summary>Shows the month (last month by default).</summary>
    public Task OnGetAsync(string? month, CancellationToken cancellationToken) => LoadAsync(month, cancellationToken);

    /// <summary>The committee commends a household or a person for the red list.</summary>
    public async Task<IActionResult> OnPostCommendAsync(string? who, string? room, string? words, string? month, string? token, CancellationToken cancellationToken)
    {
        if (!once.TryUse(token))
        {
            Problem = T("此表单已提交过", "this form was submitted already");
        }
        else if (!string.IsNullOrWhiteSpace(room) && !RoomNumber.TryParse(room, out _, out var roomError))
        {
            Problem = roomError.In(English);
        }
        else
        {
            await LoadAsync(month, cancellationToken);
            var commended = await conduct.CommendAsync(who ?? "", string.IsNullOrWhiteSpace(room) ? null : room.Trim(), words ?? "", LocalDays.StartOf(Month, Desk.Zone), UserName, Role, cancellationToken);
            if (Settled(commended, c => T($"已登记红榜：{c.Detail}", $"commended: {c.Detail}"), $"/conduct/notice?month={month}") is { } next)
            {
                return next;
            }
        }

        await LoadAsync(month, cancellationToken);
        return Page();
    }

    /// <summary>The committee signs the month's notice off; it may be printed then.</summary>
    public async Task<IActionResult> OnPostSignAsync(string? month, string? token, CancellationToken cancellationToken)
    {
        await LoadAsync(month, cancellationToken);
        if (Rules is null || !once.TryUse(token))
        {
            Problem = T("此表单已提交过", "this form was submitted already");
            return Page();
        }

        var signed = await conduct.SignOffAsync(Month, Rules, Desk.Zone, UserName, Role, cancellationToken);
        return Settled(signed, _ => T($"已签发 {Month:yyyy年M月} 红黑榜，可以打印", $"the notice of {Month:yyyy-MM} is signed off and may be printed"), $"/conduct/notice?month={Month:yyyy-MM}") ?? Page();
    }

    private string Role => User.FindFirst(ClaimTypes.Role)?.Value ?? "";

    private async Task LoadAsync(string? month, CancellationToken cancellationToken)
    {
        var today = LocalDays.DayOf(Desk.Time.GetUtcNow(), Desk.Zone);
        Month = DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asked)
            ? asked
            : new DateOnly(today.Year, today.Month, 1).AddMonths(-1);
        if (Rules is not null)
        {
            Notice = await conduct.NoticeAsync(Month, Rules, Desk.Zone, cancellationToken);
        }
    }
}
