using ParkingGate.Domain.Registry;

namespace ParkingGate.Host.Configuration;

/// <summary>Turns the config into the domain's own rule objects.</summary>
public static class OptionsExtensions
{
    /// <summary>The registration rules the config describes.</summary>
    public static RegistryRules ToRegistryRules(this ParkingGateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RegistryRules(
            new EstateLayout(options.Estate.Buildings.Select(b => (b.Number, b.Units))),
            options.Registry.DefaultVehicleQuota,
            options.Registry.MaxVehicleQuota);
    }
}
