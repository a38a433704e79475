using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParkingGate.Domain;
using ParkingGate.Domain.Conduct;
using ParkingGate.Storage.Conduct;

namespace ParkingGate.Desk.Pages.Conduct;

/// <summary>
/// The conduct register (红黑榜) for the office and the committee: a month's violations with their photos and
/// corrections, the rules' proposals and the committee's decisions, and the register's digest line.
/// </summary>
[Authorize(Roles = DeskSetup.Roles.ConductRegister)]
public sealed class IndexModel(DeskContext desk, ConductStore conduct, FormOnce once) : DeskPage(desk)
{
    /// <summary>The rules; null when the config names none.</summary>
    public ConductRules? Rules => Desk.Conduct;

    /// <summary>The month shown, <c>yyyy-MM</c>.</summary>
    public string Month { get; private set; } = "";

    /// <summary>The month's violations, newest first, withdrawn ones included.</summary>
    public IReadOnlyList<Violation> Violations { get; private set; } = [];

    /// <summary>Proposals waiting for the committee, then those decided, newest first.</summary>
    public IReadOnlyList<ProposalState> Proposals { get; private set; } = [];

    /// <summary>The register checked now.</summary>
    public ConductVerdict? Verdict { get; private set; }

    /// <summary>True when the user may decide proposals.</summary>
    public bool Decides => User.IsInRole(ConductStore.DecidingRole);

    /// <summary>True when the user may withdraw a violation.</summary>
    public bool Corrects => User.IsInRole("clerk") || User.IsInRole("admin");

    /// <summary>A kind's name in the chosen language.</summary>
    public string KindName(string? code) => code is not null && Rules?.Find(code) is { } kind ? (English ? kind.Name.En : kind.Name.Zh) : code ?? "";

    /// <summary>Shows a month (this one by default).</summary>
    public Task OnGetAsync(string? month, CancellationToken cancellationToken) => LoadAsync(month, cancellationToken);

    /// <summary>A kept photo, for the people who may see the register.</summary>
    public async Task<IActionResult> OnGetPhotoAsync(string? sha, CancellationToken cancellationToken) =>
        await conduct.PhotoFileAsync(sha, cancellationToken) is { } file ? PhysicalFile(file.Path, file.MediaType) : NotFound();

    /// <summary>Withdraws a violation by a correction record, with the reason.</summary>
    public async Task<IActionResult> OnPostWithdrawAsync(long seq, string? reason, string? month, string? token, CancellationToken cancellationToken)
    {
        if (!Corrects)
        {
            Problem = T("只有登记员或管理员可以撤销违停记录", "only a clerk or an administrator withdraws a violation");
        }
        else if (Rules is null || !once.TryUse(token))
        {
            Problem = T("此表单已提交过；请查看下方记录", "this form was submitted already");
        }
        else
        {
            var corrected = await conduct.CorrectAsync(new ViolationCorrection(seq, reason ?? "") { Withdraw = true }, Rules, UserName, cancellationToken);
            if (corrected.IsSuccess)
            {
                Done = T($"已撤销第 {seq} 条（第 {corrected.Value.Seq} 条更正记录）", $"no. {seq} withdrawn (correction no. {corrected.Value.Seq})");
                return Redirect($"/conduct?month={month}");
            }

            Problem = corrected.Problem.In(English);
        }

        await LoadAsync(month, cancellationToken);
        return Page();
    }

    /// <summary>The committee's decision on a proposal, with its reason.</summary>
    public async Task<IActionResult> OnPostDecideAsync(long proposal, string? decision, string? reason, string? month, string? token, CancellationToken cancellationToken)
    {
        if (!once.TryUse(token))
        {
            Problem = T("此表单已提交过；请查看下方记录", "this form was submitted already");
        }
        else
        {
            var role = User.FindFirst(ClaimTypes.Role)?.Value ?? "";
            var decided = await conduct.DecideAsync(proposal, decision == "accept", reason ?? "", UserName, role, Desk.Zone, cancellationToken);
            if (decided.IsSuccess)
            {
                if (decided.Value.Blocklist is { } entry)
                {
                    Desk.Gate.RegistryChanged();
                    Done = T($"已同意第 {proposal} 号提议：{entry.Plate} 列入黑名单至 {Desk.Local(entry.EndsUtc!.Value.AddDays(-1), "yyyy-MM-dd")}，到期自动解除",
                        $"proposal {proposal} accepted: {entry.Plate} is refused at entry through {Desk.Local(entry.EndsUtc!.Value.AddDays(-1), "yyyy-MM-dd")}, then lifted");
                }
                else
                {
                    Done = T($"已否决第 {proposal} 号提议", $"proposal {proposal} declined");
                }

                return Redirect($"/conduct?month={month}");
            }

            Problem = decided.Problem.In(English);
        }

        await LoadAsync(month, cancellationToken);
        return Page();
    }

    private async Task LoadAsync(string? month, CancellationToken cancellationToken)
    {
        var now = Desk.Time.GetUtcNow();
        var first = DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var asked)
            ? asked
            : new DateOnly(LocalDays.DayOf(now, Desk.Zone).Year, LocalDays.DayOf(now, Desk.Zone).Month, 1);
        Month = first.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var (from, until) = (LocalDays.StartOf(first, Desk.Zone), LocalDays.StartOf(first.AddMonths(1), Desk.Zone));
        Violations = [.. (await conduct.ViolationsAsync(cancellationToken)).Where(v => v.OccurredUtc >= from && v.OccurredUtc < until).Reverse()];
        Proposals = [.. (await conduct.ProposalsAsync(cancellationToken)).OrderBy(p => p.Decision is null ? 0 : 1).ThenByDescending(p => p.Proposal.Seq)];
        Verdict = conduct.Verify();
    }
}
