using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using ParkingGate.Storage.Users;

namespace ParkingGate.Desk.Pages;

/// <summary>Sign-in: a wrong name and a wrong password get the same answer; five wrong passwords lock the account.</summary>
public sealed class LoginModel(DeskContext desk, UserStore users) : DeskPage(desk)
{
    /// <summary>The name typed, kept after a failure.</summary>
    public string? Name { get; private set; }

    /// <summary>Where to go after signing in (local paths only).</summary>
    public string? ReturnUrl { get; private set; }

    /// <summary>Shows the form.</summary>
    public void OnGet(string? returnUrl) => ReturnUrl = returnUrl;

    /// <summary>Checks the password and signs in.</summary>
    public async Task<IActionResult> OnPostAsync(string? name, string? password, string? returnUrl, CancellationToken cancellationToken)
    {
        Name = name;
        ReturnUrl = returnUrl;
        var user = string.IsNullOrWhiteSpace(name) || name.Length > 32 ? null : await users.FindAsync(name, cancellationToken);
        if (user is null || user.Disabled || string.IsNullOrEmpty(password) || password.Length > 128)
        {
            Problem = T("用户名或密码不正确", "wrong user name or password");
            return Page();
        }

        if (users.IsLocked(user))
        {
            Problem = T($"账户已锁定，请于 {Desk.Local(user.LockedUntilUtc, "HH:mm")} 后再试，或请管理员处理", $"the account is locked until {Desk.Local(user.LockedUntilUtc, "HH:mm")}; try later or ask an admin");
            return Page();
        }

        if (!Passwords.Verify(user.PasswordHash, password))
        {
            var now = await users.RecordFailureAsync(user, cancellationToken);
            Problem = users.IsLocked(now)
                ? T($"密码错误次数过多，账户已锁定至 {Desk.Local(now.LockedUntilUtc, "HH:mm")}", $"too many wrong passwords: the account is locked until {Desk.Local(now.LockedUntilUtc, "HH:mm")}")
                : T("用户名或密码不正确", "wrong user name or password");
            return Page();
        }

        await users.RecordSuccessAsync(user, cancellationToken);
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.Name), new Claim(ClaimTypes.Role, user.Role)], CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl! : "/");
    }
}
