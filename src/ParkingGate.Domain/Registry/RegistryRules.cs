namespace ParkingGate.Domain.Registry;

/// <summary>The estate's own registration rules, from its config.</summary>
/// <param name="Layout">Which buildings and units exist.</param>
/// <param name="DefaultVehicleQuota">Vehicles a household may register when no quota is given.</param>
/// <param name="MaxVehicleQuota">The largest quota a clerk may grant.</param>
public sealed record RegistryRules(EstateLayout Layout, int DefaultVehicleQuota, int MaxVehicleQuota)
{
    /// <summary>The visitor invitation rule (访客预约); off unless the config sets it.</summary>
    public InvitationRule Invitations { get; init; } = InvitationRule.Off;
}
