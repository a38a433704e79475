using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Desk.Pages.Households;

/// <summary>One household: contact details and quota, its vehicles added (with the confusable-plate warning) and removed with a reason.</summary>
[Authorize(Roles = DeskSetup.Roles.Registry)]
public sealed class EditHouseholdModel(DeskContext desk, HouseholdStore households, VehicleStore vehicles) : DeskPage(desk)
{
    /// <summary>The household.</summary>
    public Household? Household { get; private set; }

    /// <summary>Its vehicles.</summary>
    public IReadOnlyList<Vehicle> Vehicles { get; private set; } = [];

    /// <summary>Its parking spaces (its cars inside beyond them follow the estate's rule, gate.extraCars).</summary>
    public int Spaces { get; private set; } = 1;

    /// <summary>The plate typed in the add form (kept after a refusal).</summary>
    public string? NewPlate { get; private set; }

    /// <summary>Registered plates close to the new one.</summary>
    public List<(string New, string Registered)> Near { get; private set; } = [];

    /// <summary>Shows the household.</summary>
    public async Task<IActionResult> OnGetAsync(string? room, CancellationToken cancellationToken) =>
        await LoadAsync(room, cancellationToken) ? Page() : NotFoundPage(room);

    /// <summary>Saves contact details and quota.</summary>
    public async Task<IActionResult> OnPostUpdateAsync(string? room, string? name, string? phone, int? quota, int? spaces, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(room, cancellationToken))
        {
            return NotFoundPage(room);
        }

        var draft = HouseholdDraft.Create(room, name, phone, quota, Desk.Rules);
        var updated = draft.IsSuccess ? await households.UpdateHouseholdAsync(draft.Value, UserName, cancellationToken) : draft.Problem;
        if (!updated.IsSuccess)
        {
            Problem = updated.Problem.In(English);
            return Page();
        }

        if (spaces is { } wanted && wanted != Spaces && await households.SetSpacesAsync(draft.Value!.Room, wanted, UserName, cancellationToken) is { IsSuccess: false } refused)
        {
            Problem = refused.Problem.In(English);
            return Page();
        }

        Done = T("已保存", "saved");
        return Redirect($"/households/edit?room={Uri.EscapeDataString(room!)}");
    }

    /// <summary>Adds a plate within the quota.</summary>
    public async Task<IActionResult> OnPostAddVehicleAsync(string? room, string? plate, bool confirmNear, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(room, cancellationToken))
        {
            return NotFoundPage(room);
        }

        NewPlate = plate;
        var (plates, error) = PlateChecks.Parse([plate]);
        if (error is not null || plates.Count == 0)
        {
            Problem = T($"车牌有误：{error?.Zh ?? "空"}", $"invalid plate: {error?.Message ?? "empty"}");
            return Page();
        }

        Near = await PlateChecks.NearAsync(vehicles, plates, cancellationToken);
        if (Near.Count > 0 && !confirmNear)
        {
            Problem = T("新车牌与已登记车牌相近，请核对后勾选确认。", "The plate is close to a registered one: check it, then tick the box.");
            return Page();
        }

        var added = await vehicles.AddVehicleAsync(RoomNumber.TryParse(room, out var number, out _) ? number : throw new InvalidOperationException(), plates[0], VehicleClasses.Infer(plates[0]), UserName, cancellationToken);
        if (!added.IsSuccess)
        {
            Problem = added.Problem.In(English);
            return Page();
        }

        Desk.Gate.RegistryChanged();
        Done = T($"已添加 {added.Value.Plate}", $"added {added.Value.Plate}");
        return Redirect($"/households/edit?room={Uri.EscapeDataString(room!)}");
    }

    /// <summary>Ends a plate's registration, with the reason.</summary>
    public async Task<IActionResult> OnPostRemoveAsync(string? room, string? plate, string? reason, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(room, cancellationToken))
        {
            return NotFoundPage(room);
        }

        if (string.IsNullOrWhiteSpace(reason) || reason.Length > 100 || !Plate.TryParse(plate, out var parsed, out _) || Vehicles.All(v => v.Plate != parsed.Text))
        {
            Problem = T("注销车辆需要填写原因（100字以内）", "removing a vehicle needs a reason (up to 100 characters)");
            return Page();
        }

        var removed = await vehicles.RemoveVehicleAsync(parsed, reason.Trim(), UserName, cancellationToken);
        if (!removed.IsSuccess)
        {
            Problem = removed.Problem.In(English);
            return Page();
        }

        Desk.Gate.RegistryChanged();
        Done = T($"已注销 {parsed}", $"removed {parsed}");
        return Redirect($"/households/edit?room={Uri.EscapeDataString(room!)}");
    }

    private async Task<bool> LoadAsync(string? room, CancellationToken cancellationToken)
    {
        if (!RoomNumber.TryParse(room, out var number, out _))
        {
            return false;
        }

        Household = await households.FindHouseholdAsync(number, cancellationToken);
        Vehicles = Household is null ? [] : await vehicles.ListVehiclesAsync(number, cancellationToken);
        Spaces = Household is null ? 1 : await households.SpacesAsync(Household.Id, cancellationToken);
        return Household is not null;
    }

    private PageResult NotFoundPage(string? room)
    {
        Problem = T($"房号 {room} 没有登记住户", $"room {room} has no registered household");
        Response.StatusCode = 404;
        return Page();
    }
}
