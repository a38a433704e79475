using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParkingGate.Storage.Users;

namespace ParkingGate.Desk.Pages;

/// <summary>Users for the admin: add one with a role and a first password, lift a lockout.</summary>
[Authorize(Roles = DeskSetup.Roles.Admin)]
public sealed class UsersModel(DeskContext desk, UserStore users) : DeskPage(desk)
{
    /// <summary>Every user.</summary>
    public IReadOnlyList<DeskUser> All { get; private set; } = [];

    /// <summary>True while <paramref name="user"/> is locked out after failed sign-ins.</summary>
    public bool IsLocked(DeskUser user) => users.IsLocked(user);

    /// <summary>Lists them.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken) => All = await users.ListAsync(cancellationToken);

    /// <summary>Adds a user.</summary>
    public async Task<IActionResult> OnPostAddAsync(string? name, string? role, string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(password) || password.Length < Passwords.MinLength || password.Length > 128)
        {
            Problem = T($"密码至少 {Passwords.MinLength} 个字符", $"a password has at least {Passwords.MinLength} characters");
        }
        else if (await users.AddAsync(name ?? "", role ?? "", Passwords.Hash(password), UserName, cancellationToken) is { IsSuccess: false } refused)
        {
            Problem = refused.Problem.In(English);
        }
        else
        {
            Done = T($"已新增用户 {name}", $"user {name} added");
            return Redirect("/users");
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }

    /// <summary>Lifts a lockout.</summary>
    public async Task<IActionResult> OnPostUnlockAsync(string? name, CancellationToken cancellationToken)
    {
        if (name is not null && await users.FindAsync(name, cancellationToken) is { } user)
        {
            await users.UnlockAsync(user, UserName, cancellationToken);
            Done = T($"已解锁 {user.Name}", $"{user.Name} unlocked");
        }

        return Redirect("/users");
    }
}
