using ParkingGate.Gate.Lanes;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Gate.Settlement;

/// <summary>What settling a stay asks of the running gate: open an exit once the ledger holds why.</summary>
public interface IExitBarrier
{
    /// <summary>True when <paramref name="lane"/> is one of the gate's lanes.</summary>
    bool HasLane(string lane);

    /// <summary>True when <paramref name="lane"/> is one of the gate's entry lanes.</summary>
    bool IsEntryLane(string lane);

    /// <summary>Opens the exit for a stay whose closing entry was just committed to the ledger.</summary>
    Task<LaneDecision> OpenAfterPaymentAsync(string lane, Stay stay, CancellationToken cancellationToken);

    /// <summary>Pulses a lane's barrier for an opening by hand whose ledger entry was just committed.</summary>
    Task<LaneDecision> PulseByHandAsync(string lane, string? plate, string reason, string user, CancellationToken cancellationToken);

    /// <summary>Decides a held read again on the plate a person chose for it, as the lane decides a read.</summary>
    Task<LaneDecision> DecideByHandAsync(string lane, string plate, string? picture, string user, CancellationToken cancellationToken);
}
