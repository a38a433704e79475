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

    /// <summary>The text in the chosen language.</summary>
    public string T(string zh, string en) => English ? en : zh;
}
