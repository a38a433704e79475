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

        return Page();
    }
}
