using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ParkingGate.Domain;
using ParkingGate.Domain.Conduct;
using ParkingGate.Storage.Conduct;

namespace ParkingGate.Desk.Pages.Conduct;

/// <summary>
/// Recording a parking violation (红黑榜) from a phone on the estate's Wi-Fi: plate, kind, place, time, photos. A
/// patroller sees this page and the reports they made today, nothing else of the register.
/// </summary>
[Authorize(Roles = DeskSetup.Roles.ConductReport)]
[RequestSizeLimit((ConductStore.MaxPhotos + 1) * ConductStore.MaxPhotoBytes)]
[RequestFormLimits(MultipartBodyLengthLimit = (ConductStore.MaxPhotos + 1) * ConductStore.MaxPhotoBytes)]
public sealed class ReportModel(DeskContext desk, ConductStore conduct, FormOnce once) : DeskPage(desk)
{
    private const string LocalInput = "yyyy-MM-dd'T'HH:mm";

    /// <summary>The rules; null when the config names none.</summary>
    public ConductRules? Rules => Desk.Conduct;

    /// <summary>The form as typed (after a refusal) or blank.</summary>
    public ViolationForm Form { get; private set; } = new();

    /// <summary>Photos already uploaded and held while the report waits (their SHA-256).</summary>
    public IReadOnlyList<string> Held { get; private set; } = [];

    /// <summary>Registered plates the typed one could be, with their rooms, to choose from.</summary>
    public IReadOnlyList<(string Plate, string Room)> Near { get; private set; } = [];

    /// <summary>The reports this user made today.</summary>
    public IReadOnlyList<Violation> Mine { get; private set; } = [];

    /// <summary>Shows a blank form: now, the first kind.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Form = new ViolationForm { At = Now(), Kind = Rules?.Offences[0].Code ?? "" };
        await LoadMineAsync(cancellationToken);
    }

    /// <summary>Records the violation; a refusal keeps what was typed and the photos uploaded.</summary>
    public async Task<IActionResult> OnPostAsync(ViolationForm form, List<IFormFile>? photos, string[]? held, string? token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        Form = form;
        var files = new List<ConductPhoto>();
        var heldNow = new List<string>();
        foreach (var hash in held ?? [])
        {
            if (conduct.HeldPhoto(hash) is { } bytes)
            {
                files.Add(new ConductPhoto(bytes));
                heldNow.Add(hash);
            }
        }

        var tooLarge = (photos ?? []).FirstOrDefault(p => p.Length > ConductStore.MaxPhotoBytes);
        files.AddRange(await Uploads.PhotosAsync((photos ?? []).Where(p => p.Length <= ConductStore.MaxPhotoBytes), cancellationToken));

        if (tooLarge is not null)
        {
            Problem = T($"照片“{tooLarge.FileName}”超过 {ConductStore.MaxPhotoBytes / 1024 / 1024} MB，请重拍或压缩", $"photo '{tooLarge.FileName}' is larger than {ConductStore.MaxPhotoBytes / 1024 / 1024} MB");
        }
        else if (Rules is null)
        {
            Problem = T("本小区未启用红黑榜：配置中没有规则文件（conduct.rules）", "the conduct register is off: the config names no rule file (conduct.rules)");
        }
        else if (!once.TryUse(token))
        {
            Problem = T("此表单已提交过，未重复登记", "this form was submitted already: nothing was recorded twice");
        }
        else if (!Domain.Plates.Plate.TryParse(form.Plate, out var plate, out var plateError))
        {
            Problem = T($"车牌有误：{plateError.Zh}", $"invalid plate: {plateError.Message}");
        }
        else if (!DateTime.TryParseExact(form.At, LocalInput, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            Problem = T("请填写违停时间", "enter when it was seen");
        }
        else
        {
            var draft = new ViolationDraft(plate, form.Kind ?? "", form.Place ?? "", LocalDays.ToInstant(local, Desk.Zone)) { ConfirmedPlate = form.Confirm };
            var recorded = await conduct.RecordViolationAsync(draft, files, Rules, UserName, cancellationToken);
            if (recorded.IsSuccess)
            {
                var v = recorded.Value.Violation;
                var proposed = recorded.Value.Proposals.Count > 0 ? T("；已达规则条件，提交黑名单提议，待村委决定", "; the rules' count is reached: a blocklist proposal waits for the committee") : "";
                Done = T($"已登记第 {v.Seq} 条：{v.Plate}{(v.Room is null ? "" : $"（{v.Room}）")} {Rules.Find(v.Offence)!.Name.Zh}，照片 {files.Count} 张{proposed}",
                    $"recorded no. {v.Seq}: {v.Plate}{(v.Room is null ? "" : $" ({v.Room})")} {Rules.Find(v.Offence)!.Name.En}, {files.Count} photo(s){proposed}");
                return Redirect("/conduct/report");
            }

            Problem = recorded.Problem.In(English);
            if (recorded.Problem.Kind == "near-plate")
            {
                Near = await conduct.NearRegisteredAsync(plate.Text, cancellationToken);
            }
        }

        var kept = new List<string>(heldNow);
        foreach (var file in files.Skip(heldNow.Count))
        {
            if (await conduct.HoldPhotoAsync(file.Bytes, cancellationToken) is { } hash)
            {
                kept.Add(hash);
            }
        }

        Held = kept;
        await LoadMineAsync(cancellationToken);
        return Page();
    }

    /// <summary>A kind's name in the chosen language.</summary>
    public string KindName(string code) => Rules?.Find(code) is { } kind ? (English ? kind.Name.En : kind.Name.Zh) : code;

    private string Now() => TimeZoneInfo.ConvertTime(Desk.Time.GetUtcNow(), Desk.Zone).ToString(LocalInput, CultureInfo.InvariantCulture);

    private async Task LoadMineAsync(CancellationToken cancellationToken)
    {
        var today = LocalDays.StartOf(LocalDays.DayOf(Desk.Time.GetUtcNow(), Desk.Zone), Desk.Zone);
        Mine = [.. ConductView.Violations(await conduct.WrittenSinceAsync(today, cancellationToken)).Where(v => v.Reporter == UserName).Reverse()];
    }
}

/// <summary>The violation form as typed; the time in the estate's local <c>yyyy-MM-ddTHH:mm</c>.</summary>
public sealed record ViolationForm
{
    /// <summary>The plate.</summary>
    public string? Plate { get; init; }

    /// <summary>The kind's code.</summary>
    public string? Kind { get; init; }

    /// <summary>Where.</summary>
    public string? Place { get; init; }

    /// <summary>When.</summary>
    public string? At { get; init; }

    /// <summary>For a plate near a registered one: the registered plate chosen, or the typed plate for none of them.</summary>
    public string? Confirm { get; init; }
}
