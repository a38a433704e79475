using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParkingGate.Storage.Users;

namespace ParkingGate.Desk.Pages;

/// <summary>Users for the admin: add one with a role and a first password, lift a lockout.</summary>
[Authorize(Roles = DeskSetup.Roles.Admin)]
public sealed class UsersModel(DeskContext desk) : DeskPage(desk)
{
    /// <summary>Every user.</summary>
    public IReadOnlyList<DeskUser> All { get; private set; } = [];

    /// <summary>Lists them.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken) => All = await Desk.Users.ListAsync(cancellationToken);

    /// <summary>Adds a user.</summary>
    public async Task<IActionResult> OnPostAddAsync(string? name, string? role, string? password, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(password) || password.Length < Passwords.MinLength || password.Length > 128)
        {
            Problem = T($"密码至少 {Passwords.MinLength} 个字符", $"a password has at least {Passwords.MinLength} characters");
        }
        else if (await Desk.Users.AddAsync(name ?? "", role ?? "", Passwords.Hash(password), UserName, cancellationToken) is { IsSuccess: false } refused)
        {
            Problem = refused.Problem.Message;
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
        if (name is not null && await Desk.Users.FindAsync(name, cancellationToken) is { } user)
        {
            await Desk.Users.UnlockAsync(user, UserName, cancellationToken);
            Done = T($"已解锁 {user.Name}", $"{user.Name} unlocked");
        }

        return Redirect("/users");
    }
}
