using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace ParkingGate.Desk.Pages;

/// <summary>Sign-out (a form post, so no link can sign anybody out).</summary>
public sealed class LogoutModel(DeskContext desk) : DeskPage(desk)
{
    /// <summary>Signs out.</summary>
    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Redirect("/login");
    }
}
