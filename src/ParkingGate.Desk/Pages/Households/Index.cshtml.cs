using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Desk.Pages.Households;

/// <summary>Find households by room, name, phone or plate (a misread plate too); register a household with its plates in one go.</summary>
[Authorize(Roles = DeskSetup.Roles.Registry)]
public sealed class HouseholdsModel(DeskContext desk, HouseholdStore householdStore, VehicleStore vehicleStore) : DeskPage(desk)
{
    /// <summary>What was searched for; null before a search.</summary>
    public string? Query { get; private set; }

    /// <summary>The households found, with their plates.</summary>
    public List<(Household Household, IReadOnlyList<string> Plates)> Found { get; } = [];

    /// <summary>Says when a plate search also found plates one confusable character away.</summary>
    public string? FuzzyNote { get; private set; }

    /// <summary>The add form as typed (kept after a refusal).</summary>
    public AddForm Form { get; private set; } = new();

    /// <summary>New plates one confusable character from a registered one.</summary>
    public List<(string New, string Registered)> Near { get; private set; } = [];

    /// <summary>The add form's fields.</summary>
    public sealed class AddForm
    {
        /// <summary>Room as typed.</summary>
        public string? Room { get; set; }

        /// <summary>Contact name.</summary>
        public string? Name { get; set; }

        /// <summary>Phone.</summary>
        public string? Phone { get; set; }

        /// <summary>Quota.</summary>
        public int? Quota { get; set; }

        /// <summary>Plates as typed.</summary>
        public List<string?> Plates { get; set; } = [];
    }

    /// <summary>Searches.</summary>
    public async Task OnGetAsync(string? q, CancellationToken cancellationToken)
    {
        if (q is null)
        {
            return;
        }

        Query = q.Length > 40 ? q[..40] : q.Trim();
        var households = (await householdStore.ListHouseholdsAsync(Query, cancellationToken)).ToList();
        var vehicles = await vehicleStore.ListVehiclesAsync(null, cancellationToken);
        var normalized = PlateNormalizer.Normalize(Query);
        if (normalized.Length >= 6)
        {
            var match = new PlateMatcher(vehicles.Select(v => v.Plate), Desk.FuzzyBudget).Match(normalized);
            var fuzzy = match.Candidates.Where(c => c.Substitutions > 0).Select(c => c.Plate).ToList();
            foreach (var plate in fuzzy)
            {
                var room = vehicles.First(v => v.Plate == plate).Room;
                if (households.All(h => h.Room != room) && RoomNumber.TryParse(room, out var number, out _) && await householdStore.FindHouseholdAsync(number, cancellationToken) is { } household)
                {
                    households.Add(household);
                }
            }

            if (fuzzy.Count > 0)
            {
                FuzzyNote = T($"按易混字符还找到：{string.Join("、", fuzzy)}", $"also found by confusable characters: {string.Join(", ", fuzzy)}");
            }
        }

        foreach (var household in households)
        {
            Found.Add((household, vehicles.Where(v => v.Room == household.Room).Select(v => v.Plate).ToList()));
        }
    }

    /// <summary>Registers a household and its plates together, or nothing.</summary>
    public async Task<IActionResult> OnPostAddAsync(AddForm form, bool confirmNear, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(form);
        Form = form;
        var draft = HouseholdDraft.Create(form.Room, form.Name, form.Phone, form.Quota, Desk.Rules);
        if (!draft.IsSuccess)
        {
            Problem = draft.Problem.In(English);
            return Page();
        }

        var (plates, plateError) = PlateChecks.Parse(form.Plates);
        if (plateError is not null)
        {
            Problem = T($"车牌有误：{plateError.Zh}", $"invalid plate: {plateError.Message}");
            return Page();
        }

        Near = await PlateChecks.NearAsync(vehicleStore, plates, cancellationToken);
        if (Near.Count > 0 && !confirmNear)
        {
            Problem = T("有车牌与已登记车牌相近，请核对后勾选确认。", "A plate is close to a registered one: check it, then tick the box.");
            return Page();
        }

        var added = await householdStore.AddHouseholdWithVehiclesAsync(draft.Value, [.. plates.Select(p => (p, VehicleClasses.Infer(p)))], UserName, cancellationToken);
        if (!added.IsSuccess)
        {
            Problem = added.Problem.In(English);
            return Page();
        }

        Desk.Gate.RegistryChanged();
        Done = T($"已登记 {added.Value.Room} {added.Value.ContactName}，车辆 {plates.Count} 辆：{string.Join("、", plates)}",
            $"registered {added.Value.Room} {added.Value.ContactName} with {plates.Count} vehicle(s): {string.Join(", ", plates)}");
        return Redirect($"/households?q={Uri.EscapeDataString(added.Value.Room)}");
    }
}
