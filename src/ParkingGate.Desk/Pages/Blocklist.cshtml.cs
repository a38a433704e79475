using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParkingGate.Domain.Plates;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Desk.Pages;

/// <summary>Plates refused at entry: added and removed with a reason, both in the audit log.</summary>
[Authorize(Roles = DeskSetup.Roles.Registry)]
public sealed class BlocklistModel(DeskContext desk, BlocklistStore blocklist) : DeskPage(desk)
{
    /// <summary>The blocklist.</summary>
    public IReadOnlyList<BlocklistEntry> Entries { get; private set; } = [];

    /// <summary>Shows it.</summary>
    public async Task OnGetAsync(CancellationToken cancellationToken) => Entries = await blocklist.ListBlocklistAsync(cancellationToken);

    /// <summary>Adds a plate.</summary>
    public Task<IActionResult> OnPostAddAsync(string? plate, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(plate, reason, (p, r) => blocklist.AddToBlocklistAsync(p, r, UserName, cancellationToken), T("已加入黑名单", "added to the blocklist"), cancellationToken);

    /// <summary>Removes a plate.</summary>
    public Task<IActionResult> OnPostRemoveAsync(string? plate, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(plate, reason, (p, r) => blocklist.RemoveFromBlocklistAsync(p, r, UserName, cancellationToken), T("已移出黑名单", "removed from the blocklist"), cancellationToken);

    private async Task<IActionResult> ChangeAsync(string? plate, string? reason, Func<Plate, string, Task<ParkingGate.Domain.Result<BlocklistEntry>>> change, string done, CancellationToken cancellationToken)
    {
        if (!Plate.TryParse(plate, out var parsed, out var error))
        {
            Problem = T($"车牌有误：{error.Zh}", $"invalid plate: {error.Message}");
        }
        else if (string.IsNullOrWhiteSpace(reason) || reason.Length > 200)
        {
            Problem = T("必须填写原因（200字以内）", "a reason is required (up to 200 characters)");
        }
        else if (await change(parsed, reason.Trim()) is { IsSuccess: false } refused)
        {
            Problem = refused.Problem.In(English);
        }
        else
        {
            Desk.Gate.RegistryChanged();
            Done = $"{parsed} {done}";
            return Redirect("/blocklist");
        }

        await OnGetAsync(cancellationToken);
        return Page();
    }
}
