using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParkingGate.Domain;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Users;

namespace ParkingGate.Desk.Pages;

/// <summary>
/// Shift open and close: the cash counted against the ledger, a variance only with a reason, and a second
/// signatory who proves who they are with their own password; the printed sheet carries the digest.
/// </summary>
[Authorize(Roles = DeskSetup.Roles.Booth)]
public sealed class ShiftModel(DeskContext desk, ShiftBook shifts, UserStore users) : DeskPage(desk)
{
    /// <summary>The open shift, if any.</summary>
    public ShiftState? Current { get; private set; }

    /// <summary>The sheet of the shift just closed.</summary>
    public ShiftClose? Sheet { get; private set; }

    /// <summary>The cash counted, as typed (kept when the form comes back with a problem).</summary>
    public string? Counted { get; private set; }

    /// <summary>The reason for a variance, as typed.</summary>
    public string? Reason { get; private set; }

    /// <summary>The second signatory's name, as typed.</summary>
    public string? Witness { get; private set; }

    /// <summary>The signatory's password, kept only after it was checked and something else was wrong.</summary>
    public string? KeptPassword { get; private set; }

    /// <summary>Shows the shift.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken) => Current = await shifts.CurrentShiftAsync(cancellationToken);

    /// <summary>Opens a shift with its float.</summary>
    public async Task<IActionResult> OnPostOpenAsync(string? floatYuan, CancellationToken cancellationToken)
    {
        if (!Money.TryParseYuan(floatYuan, out var fen) || fen < 0)
        {
            Problem = T($"备用金 '{floatYuan}' 不是有效金额", $"float '{floatYuan}' is not an amount");
        }
        else if (await shifts.OpenShiftAsync(fen, UserName, cancellationToken) is { IsSuccess: false } refused)
        {
            Problem = refused.Problem.In(English);
        }
        else
        {
            Done = T("已开班", "shift opened");
            return Redirect("/shift");
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }

    /// <summary>Closes the shift: counted cash, the reason for a variance, the second signatory's password.</summary>
    public async Task<IActionResult> OnPostCloseAsync(string? counted, string? reason, string? witness, string? witnessPassword, CancellationToken cancellationToken)
    {
        await OnGetAsync(cancellationToken);
        (Counted, Reason, Witness) = (counted, reason, witness);
        if (!Money.TryParseYuan(counted, out var fen) || fen < 0)
        {
            Problem = T($"清点现金 '{counted}' 不是有效金额", $"counted cash '{counted}' is not an amount");
            return Page();
        }

        var second = string.IsNullOrWhiteSpace(witness) ? null : await users.FindAsync(witness, cancellationToken);
        if (second is null || second.Disabled || string.Equals(second.Name, UserName, StringComparison.OrdinalIgnoreCase)
            || users.IsLocked(second) || string.IsNullOrEmpty(witnessPassword) || !Passwords.Verify(second.PasswordHash, witnessPassword))
        {
            if (second is not null && !string.Equals(second.Name, UserName, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrEmpty(witnessPassword))
            {
                await users.RecordFailureAsync(second, cancellationToken);
            }

            Problem = T("复核人必须是另一位用户，并输入其本人密码", "the second signatory must be another user, with their own password");
            return Page();
        }

        var closed = await shifts.CloseShiftAsync(fen, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), second.Name, UserName, cancellationToken);
        if (!closed.IsSuccess)
        {
            KeptPassword = witnessPassword; // the signatory was checked: a missing reason should not make them type it again
            Problem = closed.Problem.In(English);
            return Page();
        }

        Sheet = closed.Value;
        Current = null;
        return Page();
    }
}
