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
