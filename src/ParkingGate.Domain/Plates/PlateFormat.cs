namespace ParkingGate.Domain.Plates;

/// <summary>Which of the plate layouts a normalised plate follows.</summary>
public enum PlateFormat
{
    /// <summary>Province, letter and five characters, e.g. <c>湘A12345</c> (blue or yellow plates).</summary>
    Standard,

    /// <summary>Province, letter and six characters, e.g. <c>湘AD12345</c> (green new-energy plates).</summary>
    NewEnergy,

    /// <summary>Province, letter, four characters and a suffix such as 学, 警 or 港, e.g. <c>粤Z1234港</c>.</summary>
    Special,

    /// <summary>Anything else that looks like a plate (foreign, military, embassy): kept as opaque text.</summary>
    NonStandard,
}
