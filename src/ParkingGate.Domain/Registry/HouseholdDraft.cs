namespace ParkingGate.Domain.Registry;

/// <summary>A household as a clerk enters it, checked and tidied, ready to be registered.</summary>
/// <param name="Room">Where the household lives.</param>
/// <param name="ContactName">The contact person.</param>
/// <param name="Phone">The contact phone number, spaces removed.</param>
/// <param name="VehicleQuota">How many vehicles the household may register.</param>
public sealed record HouseholdDraft(RoomNumber Room, string ContactName, string Phone, int VehicleQuota)
{
    /// <summary>Checks every field and names the first one that is wrong.</summary>
    /// <param name="room">Room as typed, e.g. <c>3-2-501</c>.</param>
    /// <param name="contactName">Contact person.</param>
    /// <param name="phone">Phone number.</param>
    /// <param name="vehicleQuota">Vehicle quota; null takes the estate's default.</param>
    /// <param name="rules">The estate's layout and quota limits.</param>
    public static Result<HouseholdDraft> Create(string? room, string? contactName, string? phone, int? vehicleQuota, RegistryRules rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (!RoomNumber.TryParse(room, out var parsedRoom, out var roomError))
        {
            return roomError;
        }

        if (rules.Layout.Check(parsedRoom) is { } notInEstate)
        {
            return notInEstate;
        }

        var name = ContactRules.CheckName(contactName);
        if (!name.IsSuccess)
        {
            return name.Problem;
        }

        var tidyPhone = ContactRules.CheckPhone(phone);
        if (!tidyPhone.IsSuccess)
        {
            return tidyPhone.Problem;
        }

        var quota = vehicleQuota ?? rules.DefaultVehicleQuota;
        if (quota < 0 || quota > rules.MaxVehicleQuota)
        {
            return Result<HouseholdDraft>.Failure("invalid-quota",
                $"vehicle quota {quota} for room {parsedRoom} must be between 0 and {rules.MaxVehicleQuota}", $"房号 {parsedRoom} 的车辆数 {quota} 应在 0 到 {rules.MaxVehicleQuota} 之间");
        }

        return new HouseholdDraft(parsedRoom, name.Value, tidyPhone.Value, quota);
    }
}
