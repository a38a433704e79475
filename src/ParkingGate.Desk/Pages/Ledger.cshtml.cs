using Microsoft.AspNetCore.Authorization;
using ParkingGate.Domain.Ledger;
using ParkingGate.Storage.Audit;
using ParkingGate.Storage.Ledger;

namespace ParkingGate.Desk.Pages;

/// <summary>The ledger for the accountant and the committee: the latest entries, the head digest, and verification.</summary>
[Authorize(Roles = DeskSetup.Roles.Books)]
public sealed class LedgerModel(DeskContext desk, LedgerStore ledger, AuditLog audit) : DeskPage(desk)
{
    /// <summary>The newest entries first.</summary>
    public List<LedgerEntry> Entries { get; } = [];

    /// <summary>The head digest line.</summary>
    public string Digest { get; private set; } = "";

    /// <summary>The verification's result, after the button.</summary>
    public LedgerVerdict? Verdict { get; private set; }

    /// <summary>
    /// What a shift entry carries besides its amount of 0: the float it opened with, or the count, variance and witness
    /// it closed with; empty for other entries.
    /// </summary>
    public string FloatNote(LedgerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Kind is not (LedgerKind.ShiftOpen or LedgerKind.ShiftClose) || entry.Detail is null)
        {
            return "";
        }

        using var detail = System.Text.Json.JsonDocument.Parse(entry.Detail);
        var root = detail.RootElement;
        string Yuan(string name) => root.TryGetProperty(name, out var v) && v.TryGetInt64(out var fen) ? Domain.Money.Yuan(fen) : "?";
        return entry.Kind == LedgerKind.ShiftOpen
            ? T($"（备用金 {Yuan("floatFen")}）", $" (float {Yuan("floatFen")})")
            : T($"（清点 {Yuan("countedFen")}，差额 {Yuan("varianceFen")}，在场人 {root.GetProperty("witness").GetString()}）",
                $" (counted {Yuan("countedFen")}, variance {Yuan("varianceFen")}, witness {root.GetProperty("witness").GetString()})");
    }

    /// <summary>Shows the ledger.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var head = await ledger.HeadAsync(cancellationToken);
        if (head is not null)
        {
            Entries.AddRange(ledger.ReadAll(Math.Max(1, head.Seq - 199)).Reverse());
        }

        Digest = ledger.HeadDigest().ToString();
    }

    /// <summary>Verifies every entry's hash and the chain, then shows the ledger.</summary>
    public async Task OnPostVerifyAsync(CancellationToken cancellationToken)
    {
        Verdict = new LedgerVerifier(Desk.EstateId, []).VerifyAll(ledger.ReadAll(), cancellationToken);
        await audit.RecordAsync(UserName, "ledger.verify", "ledger", Verdict.HeadSeq, new { Verdict.Ok, Verdict.Entries, Verdict.Problem }, cancellationToken);
        await OnGetAsync(cancellationToken);
    }
}
