namespace ParkingGate.Domain.Plates;

/// <summary>Plate background colour as cameras report it (the numbering plate cameras commonly use for the colour type).</summary>
public enum PlateColor
{
    /// <summary>Not reported or not recognised.</summary>
    Unknown = 0,

    /// <summary>Blue: small vehicles.</summary>
    Blue = 1,

    /// <summary>Yellow: large vehicles, coaches, learner cars.</summary>
    Yellow = 2,

    /// <summary>White: police, military, armed police.</summary>
    White = 3,

    /// <summary>Black: foreign-owned, Hong Kong and Macau vehicles, embassies.</summary>
    Black = 4,

    /// <summary>Green (gradient): small new-energy vehicles.</summary>
    Green = 5,

    /// <summary>Yellow-green: large new-energy vehicles.</summary>
    YellowGreen = 6,
}
