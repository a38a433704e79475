namespace ParkingGate.Domain.Plates;

/// <summary>How a read plate relates to the registered plates.</summary>
public enum MatchKind
{
    /// <summary>No registered plate is within the edit budget.</summary>
    None,

    /// <summary>The read is a registered plate.</summary>
    Exact,

    /// <summary>Exactly one registered plate is closest, within the edit budget.</summary>
    Fuzzy,

    /// <summary>Two or more registered plates are equally close: a person decides.</summary>
    Ambiguous,
}
