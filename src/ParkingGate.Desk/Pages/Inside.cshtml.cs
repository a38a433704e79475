using Microsoft.AspNetCore.Authorization;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Desk.Pages;

/// <summary>Cars inside now, longest first, long stays highlighted. Every role at the office or the booth may look (not a patroller).</summary>
[Authorize(Roles = DeskSetup.Roles.Staff)]
public sealed class InsideModel(DeskContext desk, StayStore stays) : DeskPage(desk)
{
    /// <summary>Open stays.</summary>
    public List<Stay> Inside { get; } = [];

    /// <summary>Lists them.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Inside.AddRange((await stays.ListAsync(StayStatus.Inside, 2000, cancellationToken))
            .Concat(await stays.ListAsync(StayStatus.AwaitingPayment, 500, cancellationToken))
            .OrderBy(s => s.EntryUtc));
    }
}
