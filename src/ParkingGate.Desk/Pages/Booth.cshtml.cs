using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParkingGate.Domain;
using ParkingGate.Domain.Lanes;
using ParkingGate.Gate.Settlement;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Desk.Pages;

/// <summary>
/// The booth on one screen: a queue of every car waiting (exits to pay, reads held for a person), newest first, and
/// beside it the selected car's pictures, explanation and the one action it needs, focused. Cash goes into the
/// cashier's own shift and then the gate opens; anything but the quoted fee, and every free exit, needs a reason.
/// </summary>
[Authorize(Roles = DeskSetup.Roles.Booth)]
public sealed partial class BoothModel(DeskContext desk, StaySettlement settlement, ShiftBook shifts, StayStore stays, LaneEventStore laneEvents, ParkingGate.Storage.Cameras.OfflineSpanStore offline) : DeskPage(desk)
{
    /// <summary>Spans cameras spent offline whose records came back in the last 12 hours: the cashier is told once a shift.</summary>
    public IReadOnlyList<ParkingGate.Storage.Cameras.OfflineSpan> Offline { get; private set; } = [];

    /// <summary>The filter of the "which car inside is it" list for an exit with no entry record.</summary>
    public sealed record InsideFilter(string? Part, string? From, string? Until);

    /// <summary>The shift open now, if any.</summary>
    public ShiftState? Shift { get; private set; }

    /// <summary>True when the signed-in user may take cash: the open shift is theirs.</summary>
    public bool MayTakeCash => Shift is { } shift && string.Equals(shift.OpenedBy, UserName, StringComparison.OrdinalIgnoreCase);

    /// <summary>What was typed into the selected car's forms when it came back with a problem.</summary>
    public Dictionary<string, string?> Typed { get; } = [];

    /// <summary>The filter typed for the cars inside.</summary>
    public InsideFilter Filter { get; private set; } = new(null, null, null);

    /// <summary>The plates a held read could be: the read itself and the plates its reason names.</summary>
    public static IReadOnlyList<string> Candidates(LaneEventRecord held)
    {
        ArgumentNullException.ThrowIfNull(held);
        var named = PlateInText().Matches(held.Reason.Zh).Select(m => m.Value);
        return [.. new[] { held.PlateRead ?? "" }.Concat(named).Where(p => Domain.Plates.Plate.TryParse(p, out _, out _)).Distinct()];
    }

    [System.Text.RegularExpressions.GeneratedRegex("[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-Z0-9]{4,6}")]
    private static partial System.Text.RegularExpressions.Regex PlateInText();

    /// <summary>How long a stay lasted, as the booth says it; empty without an entry record.</summary>
    public string Duration(Stay stay)
    {
        ArgumentNullException.ThrowIfNull(stay);
        if (stay.EntryUtc is not { } entered)
        {
            return "";
        }

        var span = (stay.ExitUtc ?? Desk.Time.GetUtcNow()) - entered;
        return T($"{(int)span.TotalHours}小时{span.Minutes}分", $"{(int)span.TotalHours} h {span.Minutes} min");
    }

    /// <summary>Shows the queue and the selected car (<paramref name="sel"/>; the newest when none).</summary>
    public Task OnGetAsync(string? sel, string? part, string? from, string? until, CancellationToken cancellationToken)
    {
        Filter = new InsideFilter(part, from, until);
        return LoadAsync(sel, cancellationToken);
    }

    /// <summary>The queue's fingerprint, for the page's script to reload when a car arrives or leaves.</summary>
    public async Task<IActionResult> OnGetVersionAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(null, cancellationToken);
        return Content(Version, "text/plain");
    }

    /// <summary>Cash received: the fee (with what the plate owes, when that is the amount) goes into the ledger, then the exit opens.</summary>
    public async Task<IActionResult> OnPostCashAsync(long stayId, long amountFen, CancellationToken cancellationToken) =>
        await CashTakenAsync(stayId, amountFen, await settlement.PayCashAsync(stayId, amountFen, UserName, cancellationToken), null, cancellationToken);

    /// <summary>
    /// Cash of an amount the cashier decided (no entry record, a corrected fee): the reason is required and kept in the
    /// ledger; what was typed stays on the page when something is wrong.
    /// </summary>
    public async Task<IActionResult> OnPostCashOtherAsync(long stayId, string? amount, string? reason, CancellationToken cancellationToken)
    {
        (Typed["amount"], Typed["reason"]) = (amount, reason);
        if (!Money.TryParseYuan(amount, out var fen) || fen <= 0)
        {
            return await RefusedAsync($"s{stayId}", T($"金额“{amount}”无效：请填写大于 0 的金额（元）；不收费请用“免费放行”", $"'{amount}' is not an amount above 0 (yuan); to let the car out without paying use a free exit"), cancellationToken);
        }

        if (ReasonProblem(reason) is { } missing)
        {
            return await RefusedAsync($"s{stayId}", T($"按其他金额收费{missing}，未收款", $"another amount needs a reason (2–200 characters): nothing was taken"), cancellationToken);
        }

        return await CashTakenAsync(stayId, fen, await settlement.PayCashAsync(stayId, fen, reason!.Trim(), UserName, cancellationToken), reason.Trim(), cancellationToken);
    }

    /// <summary>A free exit, only with a reason (recorded in the ledger), then the exit opens.</summary>
    public async Task<IActionResult> OnPostFreeAsync(long stayId, string? reason, CancellationToken cancellationToken)
    {
        Typed["free"] = reason;
        if (ReasonProblem(reason) is { } missing)
        {
            return await RefusedAsync($"s{stayId}", T($"免费放行{missing}，未放行", "a free exit needs a reason (2–200 characters): nothing was done"), cancellationToken);
        }

        var granted = await settlement.FreeExitAsync(stayId, reason!.Trim(), UserName, cancellationToken);
        if (!granted.IsSuccess)
        {
            return await RefusedAsync($"s{stayId}", granted.Problem.In(English), cancellationToken);
        }

        var stay = granted.Value.Stay!;
        Done = T($"{stay.Plate} 免费放行（{reason.Trim()}）；{Opened(granted.Value.Opening)}", $"{stay.Plate} leaves free ({reason.Trim()}); {Opened(granted.Value.Opening)}");
        return Redirect("/booth");
    }

    /// <summary>The driver cannot pay now: the car leaves owing (欠费), with a reason; the next visit collects it.</summary>
    public async Task<IActionResult> OnPostOwingAsync(long stayId, string? reason, CancellationToken cancellationToken)
    {
        Typed["owing"] = reason;
        if (ReasonProblem(reason) is { } missing)
        {
            return await RefusedAsync($"s{stayId}", T($"欠费放行{missing}，未放行", "letting a car out owing needs a reason (2–200 characters): nothing was done"), cancellationToken);
        }

        var owing = await settlement.LeaveOwingAsync(stayId, reason!.Trim(), UserName, cancellationToken);
        if (!owing.IsSuccess)
        {
            return await RefusedAsync($"s{stayId}", owing.Problem.In(English), cancellationToken);
        }

        var stay = owing.Value.Stay!;
        Done = T($"{stay.Plate} 欠费 {Money.Yuan(stay.OwedFen ?? 0)} 元放行（{reason.Trim()}），下次到场时追缴；{Opened(owing.Value.Opening)}",
            $"{stay.Plate} left owing {Money.Yuan(stay.OwedFen ?? 0)} yuan ({reason.Trim()}), collected at its next visit; {Opened(owing.Value.Opening)}");
        return Redirect("/booth");
    }

    /// <summary>An exit with no entry record takes the entry time the driver states, and is priced on it.</summary>
    public async Task<IActionResult> OnPostStatedAsync(long stayId, string? entered, CancellationToken cancellationToken)
    {
        Typed["entered"] = entered;
        if (LocalToday(entered) is not { } at)
        {
            return await RefusedAsync($"s{stayId}", T($"入场时间“{entered}”看不懂：请写成 08:30（今天）或 11-28 08:30", $"'{entered}' is not a time: write 08:30 (today) or 11-28 08:30"), cancellationToken);
        }

        return await PricedAsync(stayId, await settlement.StateEntryAsync(stayId, at, UserName, cancellationToken), cancellationToken);
    }

    /// <summary>An exit with no entry record is the car of a stay inside (its plate misread at the entry).</summary>
    public async Task<IActionResult> OnPostMatchAsync(long stayId, long insideId, CancellationToken cancellationToken) =>
        await PricedAsync(stayId, await settlement.MatchEntryAsync(stayId, insideId, UserName, cancellationToken), cancellationToken);

    /// <summary>
    /// A held read settled with the plate the cashier chose (a candidate, or typed): the lane decides again on it and
    /// the gate opens through the same path as any read; a second cashier settling the same read is refused.
    /// </summary>
    public async Task<IActionResult> OnPostHeldAsync(long eventId, string? plate, CancellationToken cancellationToken)
    {
        var settled = await settlement.SettleHeldAsync(eventId, plate, UserName, cancellationToken);
        if (!settled.IsSuccess)
        {
            Typed["plate"] = plate;
            return await RefusedAsync($"h{eventId}", T($"未处理：{settled.Problem.Zh}", $"not settled: {settled.Problem.Message}"), cancellationToken);
        }

        var decision = settled.Value;
        Done = T($"{decision.Plate}：{Outcome(decision.Outcome)}（{decision.Reason.Zh}）", $"{decision.Plate}: {Outcome(decision.Outcome)} ({decision.Reason.En})");
        return Redirect(decision.Outcome == LaneOutcome.AwaitingPayment && decision.StayId is { } stayId ? $"/booth?sel=s{stayId}" : "/booth");
    }

    /// <summary>
    /// A car without a readable plate let in under a temporary id (无牌0001 …), from its held read (with its picture)
    /// or, when no camera fired, at the entry lane chosen.
    /// </summary>
    public async Task<IActionResult> OnPostUnplatedAsync(long? eventId, string? lane, CancellationToken cancellationToken)
    {
        var entered = await settlement.EnterUnplatedAsync(lane ?? "", eventId, UserName, cancellationToken);
        if (!entered.IsSuccess)
        {
            return await RefusedAsync(eventId is { } id ? $"h{id}" : null, T($"未放行：{entered.Problem.Zh}", $"not let in: {entered.Problem.Message}"), cancellationToken);
        }

        var decision = entered.Value;
        Done = T($"无牌车按临时编号 {decision.Plate} 入场：{Outcome(decision.Outcome)}；出场时在收费亭按照片找到它", $"car without a plate let in as {decision.Plate}: {Outcome(decision.Outcome)}; at the exit the booth finds it by its picture");
        return Redirect("/booth");
    }

    private async Task<IActionResult> PricedAsync(long stayId, Result<ExitOutcome> priced, CancellationToken cancellationToken)
    {
        if (!priced.IsSuccess)
        {
            return await RefusedAsync($"s{stayId}", priced.Problem.In(English), cancellationToken);
        }

        var stay = priced.Value.Stay;
        Done = priced.Value.ClosedBy is not null
            ? T($"{stay.Plate} 按入场 {Desk.Local(stay.EntryUtc)} 计费：无需缴费，已放行", $"{stay.Plate} priced from entry {Desk.Local(stay.EntryUtc)}: nothing due, let out")
            : T($"{stay.Plate} 按入场 {Desk.Local(stay.EntryUtc)} 计费：应收 {Money.Yuan(stay.DueFen ?? 0)} 元", $"{stay.Plate} priced from entry {Desk.Local(stay.EntryUtc)}: {Money.Yuan(stay.DueFen ?? 0)} yuan due");
        return Redirect($"/booth?sel=s{stayId}");
    }

    /// <summary>What the page says after cash: the receipt, or "already taken" for a repeat, or why nothing was taken.</summary>
    private async Task<IActionResult> CashTakenAsync(long stayId, long amountFen, Result<Settled> paid, string? reason, CancellationToken cancellationToken)
    {
        if (!paid.IsSuccess)
        {
            return await RefusedAsync($"s{stayId}", T($"未收款：{paid.Problem.Zh}", $"not taken: {paid.Problem.Message}"), cancellationToken);
        }

        var (entry, stay) = (paid.Value.Entry, paid.Value.Stay!);
        var why = reason is null ? "" : T($"（{reason}）", $" ({reason})");
        Done = paid.Value.Opening == ExitOpening.AlreadyRecorded
            ? T($"已收过：{stay.Plate} 现金，票据号 {entry.ReceiptNo}，没有重复收款", $"already taken: {stay.Plate} cash, receipt {entry.ReceiptNo}; nothing was taken twice")
            : T($"已收 {stay.Plate} 现金 {Money.Yuan(amountFen)} 元{why}{Receipt(entry)}；{Opened(paid.Value.Opening)}",
                $"cash {Money.Yuan(amountFen)} yuan from {stay.Plate}{why}{Receipt(entry)}; {Opened(paid.Value.Opening)}");
        return Redirect("/booth");
    }

    private string Receipt(Domain.Ledger.LedgerEntry entry) => entry.ReceiptNo is { } no ? T($"，票据号 {no}", $", receipt {no}") : T("，欠费已收", ", arrears taken");

    /// <summary>The page again with the problem, the car still selected and what was typed still in its forms.</summary>
    private async Task<IActionResult> RefusedAsync(string? select, string problem, CancellationToken cancellationToken)
    {
        await LoadAsync(select, cancellationToken);
        Problem = problem;
        return Page();
    }

    private string? ReasonProblem(string? reason) =>
        string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 2 || reason.Length > 200 ? T("必须填写原因（2–200字）", "needs a reason") : null;

    private string Outcome(LaneOutcome outcome) => outcome switch
    {
        LaneOutcome.Opened => T("已开闸", "opened"),
        LaneOutcome.OpenUncertain => T("开闸未确认，请查看道闸", "opening not confirmed: check the barrier"),
        LaneOutcome.Refused => T("拒绝入场", "refused"),
        LaneOutcome.AwaitingPayment => T("待缴费", "awaiting payment"),
        LaneOutcome.Held => T("仍需人工处理", "still held"),
        _ => T("未处理", "not acted on"),
    };

    private string Opened(ExitOpening opening) => opening switch
    {
        ExitOpening.Opened => T("已开闸", "the gate opened"),
        ExitOpening.NotConfirmed => T("开闸未确认，请查看道闸", "the barrier did not confirm: please check it"),
        _ => T("未指定出口，请人工开闸", "no exit lane: open by hand"),
    };
}
