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
[RequestSizeLimit((ConductStore.MaxPhotos + 1) * ConductStore.MaxPhotoBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = (ConductStore.MaxPhotos + 1) * ConductStore.MaxPhotoBytes)]
public sealed class IndexModel(DeskContext desk, ConductStore conduct, FormOnce once, ParkingGate.Storage.Audit.AuditLog audit) : DeskPage(desk)
{
    /// <summary>The rules; null when the config names none.</summary>
    public ConductRules? Rules => Desk.Conduct;

    /// <summary>The month shown, <c>yyyy-MM</c>.</summary>
    public string Month { get; private set; } = "";

    /// <summary>The month's violations, newest first, withdrawn ones included.</summary>
    public IReadOnlyList<Violation> Violations { get; private set; } = [];

    /// <summary>Proposals waiting for the committee, then those decided, newest first.</summary>
    public IReadOnlyList<ProposalState> Proposals { get; private set; } = [];

    /// <summary>Cars standing too long, with the notice posted on each and its outcome.</summary>
    public IReadOnlyList<LongParked> LongParked { get; private set; } = [];

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

    /// <summary>The month's violations, by kind and by building, as .xlsx or CSV (UTF-8 with BOM), named after the estate and the month.</summary>
    public async Task<IActionResult> OnGetExportAsync(string? month, string? format, CancellationToken cancellationToken)
    {
        await LoadAsync(month, cancellationToken);
        if (Rules is null)
        {
            return NotFound();
        }

        var violations = Violations.Reverse().ToList();
        using var stream = new MemoryStream();
        var csv = format == "csv";
        if (csv)
        {
            await ParkingGate.Reports.ConductExport.WriteCsvAsync(stream, violations, Rules, Desk.Zone);
        }
        else
        {
            await ParkingGate.Reports.ConductExport.WriteXlsxAsync(stream, violations, Rules, Desk.Zone, cancellationToken);
        }

        await audit.RecordAsync(UserName, "export", "conduct", null, new { month = Month, format = csv ? "csv" : "xlsx", rows = violations.Count }, cancellationToken);
        return File(stream.ToArray(), csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"{Desk.EstateId}-conduct-{Month}.{(csv ? "csv" : "xlsx")}");
    }

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
            if (Settled(corrected, c => T($"已撤销第 {seq} 条（第 {c.Seq} 条更正记录）", $"no. {seq} withdrawn (correction no. {c.Seq})"), $"/conduct?month={month}") is { } next)
            {
                return next;
            }
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
            if (decided is { IsSuccess: true, Value.Blocklist: not null })
            {
                Desk.Gate.RegistryChanged();
            }

            if (Settled(decided, d => d.Blocklist is { } entry
                    ? T($"已同意第 {proposal} 号提议：{entry.Plate} 列入黑名单至 {Desk.Local(entry.EndsUtc!.Value.AddDays(-1), "yyyy-MM-dd")}，到期自动解除",
                        $"proposal {proposal} accepted: {entry.Plate} is refused at entry through {Desk.Local(entry.EndsUtc!.Value.AddDays(-1), "yyyy-MM-dd")}, then lifted")
                    : T($"已否决第 {proposal} 号提议", $"proposal {proposal} declined"),
                $"/conduct?month={month}") is { } next)
            {
                return next;
            }
        }

        await LoadAsync(month, cancellationToken);
        return Page();
    }

    /// <summary>A notice posted on a long-parked car, with its photo; the deadline follows the rules.</summary>
    public async Task<IActionResult> OnPostNoticeAsync(string? plate, string? place, List<Microsoft.AspNetCore.Http.IFormFile>? photos, string? month, string? token, CancellationToken cancellationToken)
    {
        if (!Corrects || Rules is null)
        {
            Problem = T("只有登记员或管理员可以登记告知", "only a clerk or an administrator records a notice");
        }
        else if (!once.TryUse(token))
        {
            Problem = T("此表单已提交过", "this form was submitted already");
        }
        else if (!Domain.Plates.Plate.TryParse(plate, out var parsed, out var plateError))
        {
            Problem = T($"车牌有误：{plateError.Zh}", $"invalid plate: {plateError.Message}");
        }
        else
        {
            var files = await Uploads.PhotosAsync(photos ?? [], cancellationToken);

            var posted = await conduct.PostNoticeAsync(parsed, place, files, Rules, Desk.Zone, UserName, cancellationToken);
            if (Settled(posted, p => T($"已登记对 {parsed} 的告知：{p.Reason}", $"notice on {parsed} recorded: deadline {Desk.Local(p.OccurredUtc!.Value.AddDays(-1), "yyyy-MM-dd")}"), $"/conduct?month={month}") is { } next)
            {
                return next;
            }
        }

        await LoadAsync(month, cancellationToken);
        return Page();
    }

    /// <summary>What came of a notice.</summary>
    public async Task<IActionResult> OnPostOutcomeAsync(long notice, string? outcome, string? note, string? month, string? token, CancellationToken cancellationToken)
    {
        if (!Corrects)
        {
            Problem = T("只有登记员或管理员可以登记处理结果", "only a clerk or an administrator records an outcome");
        }
        else if (!once.TryUse(token))
        {
            Problem = T("此表单已提交过", "this form was submitted already");
        }
        else
        {
            var recorded = await conduct.NoticeOutcomeAsync(notice, outcome ?? "", note, UserName, cancellationToken);
            if (Settled(recorded, _ => T($"已登记第 {notice} 号告知的处理结果：{OutcomeName(outcome)}", $"outcome of notice {notice}: {OutcomeName(outcome)}"), $"/conduct?month={month}") is { } next)
            {
                return next;
            }
        }

        await LoadAsync(month, cancellationToken);
        return Page();
    }

    /// <summary>A notice's outcome in words.</summary>
    public string OutcomeName(string? outcome) => outcome switch
    {
        "moved" => T("已挪走", "moved"),
        "removed" => T("已拖移", "removed"),
        "still-there" => T("仍未挪走", "still there"),
        _ => outcome ?? "",
    };

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
        LongParked = Rules is null ? [] : await conduct.LongParkedAsync(Rules, cancellationToken);
    }
}
