using System.Diagnostics.CodeAnalysis;

namespace ParkingGate.Domain.Plates;

/// <summary>Names, parsing and inference for <see cref="VehicleClass"/>.</summary>
public static class VehicleClasses
{
    /// <summary>The names used in files and on the command line, in enum order.</summary>
    public static IReadOnlyList<string> Names { get; } = ["small", "large", "new-energy"];

    /// <summary>The file and command-line name of a class: <c>small</c>, <c>large</c> or <c>new-energy</c>.</summary>
    public static string ToName(this VehicleClass vehicleClass) => Names[(int)vehicleClass];

    /// <summary>Parses <c>small</c>, <c>large</c> or <c>new-energy</c> (case-insensitive).</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out VehicleClass? vehicleClass)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (string.Equals(Names[i], name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                vehicleClass = (VehicleClass)i;
                return true;
            }
        }

        vehicleClass = null;
        return false;
    }

    /// <summary>
    /// The class a plate implies: a new-energy layout or a green plate is new-energy; a yellow plate is large;
    /// the rest are small. The plate layout wins over a colour the camera may have misjudged.
    /// </summary>
    public static VehicleClass Infer(Plate plate, PlateColor color = PlateColor.Unknown)
    {
        ArgumentNullException.ThrowIfNull(plate);
        return plate.Format == PlateFormat.NewEnergy || color is PlateColor.Green or PlateColor.YellowGreen
            ? VehicleClass.NewEnergy
            : color == PlateColor.Yellow ? VehicleClass.Large : VehicleClass.Small;
    }
}
