namespace ParkingGate.Domain.Plates;

/// <summary>The class a tariff prices a vehicle by.</summary>
public enum VehicleClass
{
    /// <summary>Small passenger car (blue plate).</summary>
    Small,

    /// <summary>Large vehicle (yellow plate).</summary>
    Large,

    /// <summary>New-energy vehicle (green plate, six characters after the letter).</summary>
    NewEnergy,
}
