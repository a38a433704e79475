using ParkingGate.Domain.Ledger;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Gate.Settlement;

/// <summary>What became of the barrier once a stay was settled.</summary>
public enum ExitOpening
{
    /// <summary>The barrier confirmed it opened.</summary>
    Opened,

    /// <summary>The barrier was told to open but did not confirm: someone must look.</summary>
    NotConfirmed,

    /// <summary>The stay has no exit lane (paid while still inside, or a lane gone from the config): open by hand.</summary>
    NoExitLane,

    /// <summary>No gate runs in this process (the command line): the ledger is written, the barrier was not asked.</summary>
    NotAsked,

    /// <summary>The payment had been recorded before (a terminal repeating itself, a form sent twice): nothing new was written or opened.</summary>
    AlreadyRecorded,
}

/// <summary>A settled stay: the ledger entry that ends it, the stay as it now stands, and the barrier's answer.</summary>
/// <param name="Entry">The ledger entry (fee, free exit or manual opening).</param>
/// <param name="Stay">The stay, or null for an opening by hand with no stay.</param>
/// <param name="Opening">What the barrier did.</param>
public sealed record Settled(LedgerEntry Entry, Stay? Stay, ExitOpening Opening);
