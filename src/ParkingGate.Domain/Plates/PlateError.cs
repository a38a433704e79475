namespace ParkingGate.Domain.Plates;

/// <summary>Why a text is not a plate.</summary>
public enum PlateErrorKind
{
    /// <summary>Nothing left after normalisation.</summary>
    Empty,

    /// <summary>A character no plate uses.</summary>
    InvalidCharacter,

    /// <summary>Too short or too long to be any plate.</summary>
    WrongLength,

    /// <summary>Starts with a province character but does not follow a mainland layout.</summary>
    NotMainlandLayout,
}

/// <summary>The reason a text was refused as a plate, with a message that names the bad part.</summary>
/// <param name="Kind">What kind of problem it is.</param>
/// <param name="Input">The text as it was given.</param>
/// <param name="Message">A plain-words explanation naming what was wrong.</param>
/// <param name="Zh">The same in Chinese, as the desk shows it.</param>
public sealed record PlateError(PlateErrorKind Kind, string Input, string Message, string Zh)
{
    /// <summary>The message in the language asked for.</summary>
    public string In(bool english) => english ? Message : Zh;
}
