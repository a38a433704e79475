using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParkingGate.Domain;
using ParkingGate.Gate.Settlement;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Desk.Pages;

/// <summary>
/// The booth: each exit waiting for payment with its fee, the lines that explain it, and the entry and exit
/// pictures side by side; cash confirmed writes the ledger entry, then the gate opens; a free exit needs a reason.
/// </summary>
[Authorize(Roles = DeskSetup.Roles.Booth)]
public sealed partial class BoothModel(DeskContext desk, StaySettlement settlement, ShiftBook shifts, StayStore stays, LaneEventStore laneEvents) : DeskPage(desk)
{
    /// <summary>One exit waiting.</summary>
    public sealed record WaitingExit(Stay Stay, IReadOnlyList<string> Lines, IReadOnlyList<string> Reviews, string? EntryPicture, string? ExitPicture);

    /// <summary>The exits waiting, oldest first.</summary>
    public List<WaitingExit> Waiting { get; } = [];

    /// <summary>The shift open now, if any.</summary>
    public ShiftState? Shift { get; private set; }

    /// <summary>True when the signed-in user may take cash: the open shift is theirs.</summary>
    public bool MayTakeCash => Shift is { } shift && string.Equals(shift.OpenedBy, UserName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads the lanes held for a person (ambiguous, unsure, near a blocked plate), newest first.</summary>
    public IReadOnlyList<LaneEventRecord> Held { get; private set; } = [];

    /// <summary>The plate typed for a held read that came back with a problem.</summary>
    public (long EventId, string? Plate) TypedHeld { get; private set; }

    /// <summary>The plates a held read could be: the read itself and the plates its reason names.</summary>
    public static IReadOnlyList<string> Candidates(LaneEventRecord held)
    {
        ArgumentNullException.ThrowIfNull(held);
        var named = PlateInText().Matches(held.Reason.Zh).Select(m => m.Value);
        return [.. new[] { held.PlateRead ?? "" }.Concat(named).Where(p => Domain.Plates.Plate.TryParse(p, out _, out _)).Distinct()];
    }

    /// <summary>
    /// A held read settled with the plate the cashier chose (a candidate, or typed): the lane decides again on it and
    /// the gate opens through the same path as any read; a second cashier settling the same read is refused.
    /// </summary>
    public async Task<IActionResult> OnPostHeldAsync(long eventId, string? plate, CancellationToken cancellationToken)
    {
        var settled = await settlement.SettleHeldAsync(eventId, plate, UserName, cancellationToken);
        if (!settled.IsSuccess)
        {
            TypedHeld = (eventId, plate);
            await LoadAsync(cancellationToken);
            Problem = T($"未处理：{settled.Problem.Zh}", $"not settled: {settled.Problem.Message}");
            return Page();
        }

        var decision = settled.Value;
        Done = T($"{decision.Plate}：{Outcome(decision.Outcome)}（{decision.Reason.Zh}）", $"{decision.Plate}: {Outcome(decision.Outcome)} ({decision.Reason.En})");
        return Redirect("/booth");
    }

    private string Outcome(ParkingGate.Domain.Lanes.LaneOutcome outcome) => outcome switch
    {
        ParkingGate.Domain.Lanes.LaneOutcome.Opened => T("已开闸", "opened"),
        ParkingGate.Domain.Lanes.LaneOutcome.OpenUncertain => T("开闸未确认，请查看道闸", "opening not confirmed: check the barrier"),
        ParkingGate.Domain.Lanes.LaneOutcome.Refused => T("拒绝入场", "refused"),
        ParkingGate.Domain.Lanes.LaneOutcome.AwaitingPayment => T("待缴费，见下方", "awaiting payment, below"),
        ParkingGate.Domain.Lanes.LaneOutcome.Held => T("仍需人工处理", "still held"),
        _ => T("未处理", "not acted on"),
    };

    [System.Text.RegularExpressions.GeneratedRegex("[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][A-Z0-9]{4,6}")]
    private static partial System.Text.RegularExpressions.Regex PlateInText();

    /// <summary>What was typed into a stay's "another amount" form that came back with a problem.</summary>
    public (long StayId, string? Amount, string? Reason) Typed { get; private set; }

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

    /// <summary>Shows the waiting exits.</summary>
    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    /// <summary>Cash received: the fee goes into the ledger, then the exit opens.</summary>
    public async Task<IActionResult> OnPostCashAsync(long stayId, long amountFen, CancellationToken cancellationToken) =>
        await CashTakenAsync(await settlement.PayCashAsync(stayId, amountFen, UserName, cancellationToken), null, cancellationToken);

    /// <summary>
    /// Cash of an amount the cashier decided (no entry record, a corrected fee): the reason is required and kept in the
    /// ledger; what was typed stays on the page when something is wrong.
    /// </summary>
    public async Task<IActionResult> OnPostCashOtherAsync(long stayId, string? amount, string? reason, CancellationToken cancellationToken)
    {
        Typed = (stayId, amount, reason);
        if (!Money.TryParseYuan(amount, out var fen) || fen <= 0)
        {
            await LoadAsync(cancellationToken);
            Problem = T($"金额“{amount}”无效：请填写大于 0 的金额（元）；不收费请用“免费放行”", $"'{amount}' is not an amount above 0 (yuan); to let the car out without paying use a free exit");
            return Page();
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 2 || reason.Length > 200)
        {
            await LoadAsync(cancellationToken);
            Problem = T("按其他金额收费必须填写原因（2–200字），未收款", "another amount needs a reason (2–200 characters): nothing was taken");
            return Page();
        }

        return await CashTakenAsync(await settlement.PayCashAsync(stayId, fen, reason.Trim(), UserName, cancellationToken), reason.Trim(), cancellationToken);
    }

    /// <summary>What the page says after cash: the receipt, or "already taken" for a repeat, or why nothing was taken.</summary>
    private async Task<IActionResult> CashTakenAsync(ParkingGate.Domain.Result<Settled> paid, string? reason, CancellationToken cancellationToken)
    {
        if (!paid.IsSuccess)
        {
            await LoadAsync(cancellationToken);
            Problem = T($"未收款：{paid.Problem.Zh}", $"not taken: {paid.Problem.Message}");
            return Page();
        }

        var (entry, stay) = (paid.Value.Entry, paid.Value.Stay!);
        var why = reason is null ? "" : T($"（{reason}）", $" ({reason})");
        Done = paid.Value.Opening == ExitOpening.AlreadyRecorded
            ? T($"已收过：{stay.Plate} 现金 {Money.Yuan(entry.AmountFen)} 元，票据号 {entry.ReceiptNo}，没有重复收款", $"already taken: {stay.Plate} cash {Money.Yuan(entry.AmountFen)} yuan, receipt {entry.ReceiptNo}; nothing was taken twice")
            : T($"已收 {stay.Plate} 现金 {Money.Yuan(entry.AmountFen)} 元{why}，票据号 {entry.ReceiptNo}；{Opened(paid.Value.Opening)}",
                $"cash {Money.Yuan(entry.AmountFen)} yuan from {stay.Plate}{why}, receipt {entry.ReceiptNo}; {Opened(paid.Value.Opening)}");
        return Redirect("/booth");
    }

    /// <summary>A free exit, only with a reason (recorded in the ledger), then the exit opens.</summary>
    public async Task<IActionResult> OnPostFreeAsync(long stayId, string? reason, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 2 || reason.Length > 200)
        {
            await LoadAsync(cancellationToken);
            Problem = T("免费放行必须填写原因（2–200字），未放行", "a free exit needs a reason (2–200 characters): nothing was done");
            return Page();
        }

        var granted = await settlement.FreeExitAsync(stayId, reason.Trim(), UserName, cancellationToken);
        if (!granted.IsSuccess)
        {
            await LoadAsync(cancellationToken);
            Problem = granted.Problem.In(English);
            return Page();
        }

        var stay = granted.Value.Stay!;
        Done = T($"{stay.Plate} 免费放行（{reason.Trim()}）；{Opened(granted.Value.Opening)}", $"{stay.Plate} leaves free ({reason.Trim()}); {Opened(granted.Value.Opening)}");
        return Redirect("/booth");
    }

    private string Opened(ExitOpening opening) => opening switch
    {
        ExitOpening.Opened => T("已开闸", "the gate opened"),
        ExitOpening.NotConfirmed => T("开闸未确认，请查看道闸", "the barrier did not confirm: please check it"),
        _ => T("未指定出口，请人工开闸", "no exit lane: open by hand"),
    };

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Shift = await shifts.CurrentShiftAsync(cancellationToken);
        await settlement.ExpireHeldAsync(TimeSpan.FromMinutes(Desk.HeldMinutes), cancellationToken);
        Held = await laneEvents.HeldAsync(Desk.Time.GetUtcNow().AddMinutes(-Desk.HeldMinutes), 50, cancellationToken);
        foreach (var stay in (await stays.ListAsync(StayStatus.AwaitingPayment, 100, cancellationToken)).OrderBy(s => s.ExitUtc))
        {
            var (lines, reviews) = Explain(stay.QuoteJson);
            var events = await laneEvents.ForStayAsync(stay.Id, cancellationToken);
            var entry = events.FirstOrDefault(e => e.Lane == stay.EntryLane && e.Picture is not null)?.Picture;
            var exit = events.LastOrDefault(e => e.Lane == stay.ExitLane && e.Picture is not null)?.Picture;
            Waiting.Add(new WaitingExit(stay, lines, reviews, entry, exit));
        }
    }

    /// <summary>The quote's explanation lines and review reasons, in the chosen language.</summary>
    private (List<string> Lines, List<string> Reviews) Explain(string? quoteJson)
    {
        var lines = new List<string>();
        var reviews = new List<string>();
        if (quoteJson is null)
        {
            return (lines, reviews);
        }

        using var quote = JsonDocument.Parse(quoteJson);
        if (quote.RootElement.TryGetProperty("Lines", out var all))
        {
            lines.AddRange(all.EnumerateArray().Select(Text));
        }

        if (quote.RootElement.TryGetProperty("Reviews", out var flagged))
        {
            reviews.AddRange(flagged.EnumerateArray().Select(r => Text(r.GetProperty("Reason"))));
        }

        return (lines, reviews);
    }

    private string Text(JsonElement localized) => (English ? localized.GetProperty("En") : localized.GetProperty("Zh")).GetString() ?? "";
}
