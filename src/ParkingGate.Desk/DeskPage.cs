using Microsoft.AspNetCore.Mvc.RazorPages;

namespace ParkingGate.Desk;

/// <summary>What every page model shares: the desk's context, the user's name, and messages in the chosen language.</summary>
public abstract class DeskPage(DeskContext desk) : PageModel
{
    /// <summary>The estate, the stores and the gate.</summary>
    public DeskContext Desk { get; } = desk;

    /// <summary>A message shown at the top of the page after an action (green).</summary>
    [Microsoft.AspNetCore.Mvc.TempData]
    public string? Done { get; set; }

    /// <summary>A problem shown at the top of the page (red); nothing was changed.</summary>
    public string? Problem { get; set; }

    /// <summary>The signed-in user's name, as the audit log and the ledger record it.</summary>
    public string UserName => User.Identity?.Name ?? "?";

    /// <summary>True when the user chose English.</summary>
    public bool English => Request.Cookies[Words.Cookie] == "en";

    /// <summary>
    /// After an action: on success, <paramref name="done"/>'s message and a redirect to <paramref name="next"/> (where it is
    /// shown); on a refusal, the problem in the chosen language and null, so the page is shown again with what was typed.
    /// </summary>
    protected Microsoft.AspNetCore.Mvc.IActionResult? Settled<T>(ParkingGate.Domain.Result<T> result, Func<T, string> done, string next)
    {
        ArgumentNullException.ThrowIfNull(done);
        if (result.IsSuccess)
        {
            Done = done(result.Value);
            return Redirect(next);
        }

        Problem = result.Problem.In(English);
        return null;
    }

    /// <summary>The text in the chosen language.</summary>
    public string T(string zh, string en) => English ? en : zh;

    /// <summary>One span a camera spent offline, in one line: when, and what its records gave back.</summary>
    public string OfflineLine(ParkingGate.Storage.Cameras.OfflineSpan span)
    {
        ArgumentNullException.ThrowIfNull(span);
        var (from, until) = (Desk.Local(span.FromUtc, "MM-dd HH:mm"), Desk.Local(span.UntilUtc, "MM-dd HH:mm"));
        var aside = span.SetAside > 0 ? T($"；{span.SetAside} 条记录时间可疑，待核对", $"; {span.SetAside} with a doubtful time, to check") : "";
        return T($"{span.Lane}（摄像机 {span.Camera}）断网期间 {from} 至 {until}：恢复 {span.Passages} 条通行记录，{span.NotOpened} 条未开闸的识别{aside}",
            $"{span.Lane} (camera {span.Camera}) offline from {from} to {until}: {span.Passages} passages recovered, {span.NotOpened} reads it did not open for{aside}");
    }
}
