using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Gate.Settlement;
using ParkingGate.Storage.Lanes;

namespace ParkingGate.Desk.Pages;

/// <summary>The lanes as they are: devices online, the latest decisions, and opening by hand with a recorded reason.</summary>
[Authorize(Roles = DeskSetup.Roles.Booth)]
public sealed class LanesModel(DeskContext desk, StaySettlement settlement, LaneEventStore laneEvents, FormOnce once, ParkingGate.Storage.Cameras.CameraListStore lists, ParkingGate.Storage.Cameras.OfflineSpanStore offline, LaneHoldStore holds) : DeskPage(desk)
{
    /// <summary>The lanes held open now, by lane.</summary>
    public IReadOnlyDictionary<string, LaneHold> Holds { get; private set; } = new Dictionary<string, LaneHold>();

    /// <summary>What the hold form held when it was refused, so nothing typed is lost.</summary>
    public (string? Lane, string? Reason) HoldForm { get; private set; }

    /// <summary>Holds a lane's barrier up (常开) with a reason, in the ledger; the gate applies it at once.</summary>
    public Task<IActionResult> OnPostHoldAsync(string? lane, string? reason, string? token, CancellationToken cancellationToken) =>
        ChangeHoldAsync(lane, reason, token, start: true, cancellationToken);

    /// <summary>Ends a lane's hold with a reason, in the ledger.</summary>
    public Task<IActionResult> OnPostReleaseAsync(string? lane, string? reason, string? token, CancellationToken cancellationToken) =>
        ChangeHoldAsync(lane, reason, token, start: false, cancellationToken);

    private async Task<IActionResult> ChangeHoldAsync(string? lane, string? reason, string? token, bool start, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        HoldForm = (lane, reason);
        if (!once.TryUse(token))
        {
            Problem = T("此表单已提交过，未重复操作", "this form was submitted already: nothing was done twice");
            return Page();
        }

        if (lane is null || Desk.Gate.Lanes.All(l => l.Id != lane))
        {
            Problem = T("请选择车道", "choose a lane");
            return Page();
        }

        var changed = start
            ? await holds.StartAsync(lane, reason ?? "", UserName, cancellationToken)
            : await holds.EndAsync(lane, reason ?? "", UserName, cancellationToken);
        if (!changed.IsSuccess)
        {
            Problem = T($"{(start ? "未常开" : "未结束常开")}：{changed.Problem.Zh}", $"{(start ? "not held open" : "hold not ended")}: {changed.Problem.Message}");
            return Page();
        }

        Desk.Gate.HoldsChanged();
        Done = start
            ? T($"车道 {lane} 道闸常开，已记入账本（{UserName}：{changed.Value.Reason}）。期间每辆车仍有记录，出口的临时车免费放行。", $"lane {lane} held open, in the ledger ({UserName}: {changed.Value.Reason}). Every car is still recorded; visitors leave free.")
            : T($"车道 {lane} 结束常开，已记入账本，恢复正常识别放行。", $"lane {lane} no longer held open, in the ledger; back to normal.");
        return Redirect("/lanes");
    }

    /// <summary>How far back the page lists the spans cameras spent offline.</summary>
    public static readonly TimeSpan OfflineShownFor = TimeSpan.FromDays(7);

    /// <summary>The spans cameras spent offline, of the last <see cref="OfflineShownFor"/>, newest first.</summary>
    public IReadOnlyList<ParkingGate.Storage.Cameras.OfflineSpan> Offline { get; private set; } = [];

    /// <summary>Devices and when each was last heard.</summary>
    public IReadOnlyList<KeyValuePair<string, DateTimeOffset>> Devices { get; private set; } = [];

    /// <summary>Serial ports and their problem, if any.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Ports { get; private set; } = [];

    /// <summary>The latest decisions.</summary>
    public IReadOnlyList<LaneEventRecord> Events { get; private set; } = [];

    /// <summary>Each camera's own list of plates (for opening while the gate is down): pending, failing, last whole.</summary>
    public IReadOnlyList<ParkingGate.Storage.Cameras.CameraListStatus> Lists { get; private set; } = [];

    /// <summary>The admin queues a camera's whole list again (a camera replaced or reset to its factory settings).</summary>
    public async Task<IActionResult> OnPostResyncAsync(string? camera, CancellationToken cancellationToken)
    {
        if (!User.IsInRole("admin"))
        {
            return Forbid();
        }

        await LoadAsync(cancellationToken);
        if (camera is null || Lists.All(l => l.Camera != camera))
        {
            Problem = T($"没有摄像机“{camera}”的白名单", $"there is no list of camera '{camera}'");
            return Page();
        }

        await lists.RequestFullSyncAsync(camera, cancellationToken);
        Desk.Gate.RegistryChanged();
        Done = T($"{camera} 的白名单将全部重新下发", $"{camera}'s whole list is sent again");
        return Redirect("/lanes");
    }

    /// <summary>What the last nightly check of a camera's list found, in the chosen language.</summary>
    public string CheckText(ParkingGate.Storage.Cameras.CameraListStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var when = Desk.Local(status.LastCheckUtc, "MM-dd HH:mm");
        var parts = (status.LastCheckResult ?? "").Split(' ');
        return parts switch
        {
            [""] => T("尚未核对", "not yet"),
            ["ok", var n] => T($"{when} 一致（{n} 条）", $"{when} equal ({n})"),
            ["mended", var n, var extra, var missing] => T($"{when} 已修正：删 {extra.TrimStart('-')}，补 {missing.TrimStart('+')}（摄像机上原有 {n} 条）", $"{when} mended: {extra} {missing} (it held {n})"),
            _ => T($"{when} 未能读取：摄像机没有应答", $"{when} could not be read: the camera did not answer"),
        };
    }

    /// <summary>An outcome in the chosen language.</summary>
    public string OutcomeText(LaneOutcome outcome) => outcome switch
    {
        LaneOutcome.Opened => T("开闸", "opened"),
        LaneOutcome.OpenUncertain => T("未确认开闸", "opening not confirmed"),
        LaneOutcome.Refused => T("拒绝", "refused"),
        LaneOutcome.Held => T("待人工处理", "held for the booth"),
        LaneOutcome.AwaitingPayment => T("待缴费", "awaiting payment"),
        _ => T("忽略", "ignored"),
    };

    /// <summary>Shows the lanes.</summary>
    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>Opens a lane by hand; a reason is required and recorded in the ledger with the operator.</summary>
    public async Task<IActionResult> OnPostOpenAsync(string? lane, string? plate, string? reason, string? token, CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (!once.TryUse(token))
        {
            Problem = T("此表单已提交过，未重复开闸", "this form was submitted already: the gate was not opened twice");
            return Page();
        }

        if (lane is null || Desk.Gate.Lanes.All(l => l.Id != lane))
        {
            Problem = T("请选择车道", "choose a lane");
            return Page();
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 2 || reason.Length > 200)
        {
            Problem = T("人工开闸必须填写原因（2–200字），未开闸", "opening by hand needs a reason (2–200 characters): the gate was not opened");
            return Page();
        }

        string? plateText = null;
        if (!string.IsNullOrWhiteSpace(plate))
        {
            if (!Plate.TryParse(plate, out var parsed, out var error))
            {
                Problem = T($"车牌有误：{error.Zh}，未开闸", $"invalid plate: {error.Message}: the gate was not opened");
                return Page();
            }

            plateText = parsed.Text;
        }

        var opened = await settlement.OpenByHandAsync(lane, reason.Trim(), plateText, UserName, cancellationToken);
        if (!opened.IsSuccess)
        {
            Problem = T($"未开闸：{opened.Problem.Zh}", $"not opened: {opened.Problem.Message}");
            return Page();
        }

        Done = opened.Value.Opening == ExitOpening.Opened
            ? T($"{lane} 已开闸，已记入账本", $"{lane} opened; recorded in the ledger")
            : T($"{lane} 开闸指令未得到确认，请到现场查看（已记入账本）", $"{lane}: the barrier did not confirm; please check it (recorded in the ledger)");
        return Redirect("/lanes");
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Devices = [.. Desk.Gate.LastSeen.OrderBy(d => d.Key, StringComparer.Ordinal)];
        Ports = [.. Desk.Gate.SerialPortStates.OrderBy(p => p.Key, StringComparer.Ordinal)];
        Events = await laneEvents.LatestAsync(null, 40, cancellationToken);
        Lists = await lists.StatusAsync(cancellationToken);
        Offline = await offline.RecentAsync(Desk.Time.GetUtcNow() - OfflineShownFor, cancellationToken);
        Holds = (await holds.OpenAsync(cancellationToken)).ToDictionary(h => h.Lane, StringComparer.Ordinal);
    }
}
