namespace ParkingGate.Protocols.Cameras;

/// <summary>What the gate asks of the barrier through the camera.</summary>
public enum BarrierAction
{
    /// <summary>Lift it once.</summary>
    Open,

    /// <summary>Keep it up (常开).</summary>
    Hold,

    /// <summary>Let a held barrier go.</summary>
    Release,
}
