using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParkingGate.Domain;
using ParkingGate.Domain.Ledger;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Desk.Pages;

/// <summary>Sell or renew a pass: the pass and its ledger entry are written together; the receipt prints from the entry.</summary>
[Authorize(Roles = DeskSetup.Roles.Passes)]
public sealed class PassesModel(DeskContext desk, PassStore passes, LedgerStore ledger, FormOnce once) : DeskPage(desk)
{
    /// <summary>The plate shown.</summary>
    public string? Plate { get; private set; }

    /// <summary>Passes covering the plate now.</summary>
    public IReadOnlyList<Pass> Covering { get; private set; } = [];

    /// <summary>The receipt of the sale just made.</summary>
    public LedgerEntry? Receipt { get; private set; }

    /// <summary>
    /// A pass sale's item as a receipt says it ("月卡 2026-12-08 起 1 个月，宽限 3 天"), from the ledger entry's detail
    /// (<c>pass=… from=… months=… grace=…</c>); the detail itself when it is not in that form.
    /// </summary>
    public string PassItem(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var fields = (entry.Detail ?? "").Split(' ').Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);
        return fields.TryGetValue("from", out var from) && fields.TryGetValue("months", out var months) && fields.TryGetValue("grace", out var grace)
            ? T($"月卡 {from} 起 {months} 个月，宽限 {grace} 天", $"parking pass from {from}, {months} month(s), {grace} days of grace")
            : T($"月卡 {entry.Detail}", $"parking pass {entry.Detail}");
    }

    /// <summary>How far ahead the list of passes ending soon looks.</summary>
    public const int EndingWithinDays = 14;

    /// <summary>Passes ending within <see cref="EndingWithinDays"/> days (or in their grace days), not yet renewed.</summary>
    public IReadOnlyList<EndingPass> Ending { get; private set; } = [];

    /// <summary>Whole days left before <paramref name="pass"/> ends (negative once it has ended), by the estate's calendar.</summary>
    public int DaysLeft(EndingPass pass) =>
        LocalDays.DayOf(pass.EndsUtc, Desk.Zone).DayNumber - LocalDays.DayOf(Desk.Time.GetUtcNow(), Desk.Zone).DayNumber;

    /// <summary>Shows the form, and a receipt after a sale.</summary>
    public async Task OnGetAsync(long? receipt, string? plate, CancellationToken cancellationToken)
    {
        if (receipt is { } seq && await ledger.FindAsync(seq, cancellationToken) is { Kind: LedgerKind.PassSale } entry)
        {
            Receipt = entry;
            plate = entry.Plate;
        }

        if (Domain.Plates.Plate.TryParse(plate, out var parsed, out _))
        {
            Plate = parsed.Text;
            Covering = await passes.PassesCoveringAsync(parsed.Text, Desk.Time.GetUtcNow(), cancellationToken);
        }

        await LoadEndingAsync(cancellationToken);
    }

    private async Task LoadEndingAsync(CancellationToken cancellationToken) =>
        Ending = await passes.EndingAsync(Desk.Time.GetUtcNow(), EndingWithinDays, Desk.Zone, cancellationToken);

    /// <summary>Renews a pass ending soon in one step: the same months and price, right after it, paid as chosen.</summary>
    public async Task<IActionResult> OnPostRenewAsync(long pass, string? channel, string? reference, string? token, CancellationToken cancellationToken)
    {
        var ending = (await passes.EndingAsync(Desk.Time.GetUtcNow(), EndingWithinDays, Desk.Zone, cancellationToken)).FirstOrDefault(p => p.PassId == pass);
        if (!once.TryUse(token))
        {
            Problem = T("此表单已提交过，未重复收款；请查看下方记录", "this form was submitted already: nothing was sold twice");
        }
        else if (ending is null)
        {
            Problem = T("这张月卡已续费或已不在到期名单中，请刷新页面", "this pass was renewed already or is no longer ending soon: reload the page");
        }
        else if ((channel ?? "cash") != "cash" && string.IsNullOrWhiteSpace(reference))
        {
            Problem = T($"{ending.Plate}：非现金续费请填写支付流水号", $"{ending.Plate}: a payment other than cash needs its reference");
        }
        else
        {
            RoomNumber? room = ending.Room is not null && RoomNumber.TryParse(ending.Room, out var parsedRoom, out _) ? parsedRoom : null;
            var sale = new PassSale(Domain.Plates.Plate.Parse(ending.Plate), ending.Months, null, ending.GraceDays, ending.AmountFen, channel ?? "cash",
                string.IsNullOrWhiteSpace(reference) ? null : reference.Trim(), room);
            var sold = await passes.SellPassAsync(sale, Desk.Zone, UserName, cancellationToken);
            if (sold.IsSuccess)
            {
                Desk.Gate.RegistryChanged();
                return Redirect($"/passes?receipt={sold.Value.Entry.Seq}");
            }

            Problem = T($"{ending.Plate}：{sold.Problem.Zh}", $"{ending.Plate}: {sold.Problem.Message}");
        }

        await LoadEndingAsync(cancellationToken);
        return Page();
    }

    /// <summary>Sells the pass.</summary>
    public async Task<IActionResult> OnPostSellAsync(string? plate, int months, DateOnly? from, string? amount, string? channel, string? reference, string? room, string? token, CancellationToken cancellationToken)
    {
        Plate = plate;
        RoomNumber? household = null;
        if (!once.TryUse(token))
        {
            Problem = T("此表单已提交过，未重复收款；请查看下方记录", "this form was submitted already: nothing was sold twice");
        }
        else if (!Domain.Plates.Plate.TryParse(plate, out var parsed, out var plateError))
        {
            Problem = T($"车牌有误：{plateError.Zh}", $"invalid plate: {plateError.Message}");
        }
        else if (months is < 1 or > 12)
        {
            Problem = T("月数须为 1–12", "months must be 1–12");
        }
        else if (!Money.TryParseYuan(amount, out var fen) || fen <= 0)
        {
            Problem = T($"金额 '{amount}' 无效", $"amount '{amount}' is not valid");
        }
        else if (!string.IsNullOrWhiteSpace(room) && !RoomNumber.TryParse(room, out household, out var roomError))
        {
            Problem = roomError.In(English);
        }
        else
        {
            var sale = new PassSale(parsed, months, from, 3, fen, channel ?? "cash", string.IsNullOrWhiteSpace(reference) ? null : reference.Trim(), household);
            var sold = await passes.SellPassAsync(sale, Desk.Zone, UserName, cancellationToken);
            if (sold.IsSuccess)
            {
                Desk.Gate.RegistryChanged();
                Done = T($"已售出 {parsed} 月卡，至 {Desk.Local(sold.Value.Pass.EndsUtc, "yyyy-MM-dd")}", $"pass for {parsed} sold, until {Desk.Local(sold.Value.Pass.EndsUtc, "yyyy-MM-dd")}");
                return Redirect($"/passes?receipt={sold.Value.Entry.Seq}");
            }

            Problem = sold.Problem.In(English);
        }

        await LoadEndingAsync(cancellationToken);
        return Page();
    }
}
