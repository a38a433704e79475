using ParkingGate.Gate.Settlement;

namespace ParkingGate.Desk;

/// <summary>What the desk may ask of the running gate.</summary>
public interface IGateControl : IExitBarrier
{
    /// <summary>The lanes, in config order: id and whether it is an exit.</summary>
    IReadOnlyList<(string Id, bool IsExit)> Lanes { get; }

    /// <summary>When each device was last heard (cameras' reads and keep-alives, relay boards' probes).</summary>
    IReadOnlyDictionary<string, DateTimeOffset> LastSeen { get; }

    /// <summary>Serial ports and their last problem (null while working).</summary>
    IReadOnlyDictionary<string, string?> SerialPortStates { get; }

    /// <summary>The cameras that confirmed they open by their own list only while their link to the gate is down.</summary>
    IReadOnlyCollection<string> CamerasOfflineOnly { get; }

    /// <summary>Lanes whose barrier has not confirmed the hold state (held open or let go) it was last sent.</summary>
    IReadOnlyCollection<string> HoldUnconfirmed { get; }

    /// <summary>A hold was started or ended on the desk: apply it to the barriers now.</summary>
    void HoldsChanged();

    /// <summary>What is wrong that nobody at the gate would notice (a silent camera, an overdue backup…), oldest first.</summary>
    IReadOnlyList<ParkingGate.Gate.Alert> Alerts { get; }

    /// <summary>Tells the lanes the registry changed (a plate added, removed, blocked or given a pass), so the next read sees it.</summary>
    void RegistryChanged();
}
