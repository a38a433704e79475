namespace ParkingGate.Devices;

/// <summary>What the relay said about an opening.</summary>
public enum RelayResult
{
    /// <summary>The relay (or camera output) confirmed the pulse.</summary>
    Confirmed,

    /// <summary>No confirmation in time: the opening is uncertain.</summary>
    NoReply,
}
