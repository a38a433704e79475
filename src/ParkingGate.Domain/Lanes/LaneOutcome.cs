namespace ParkingGate.Domain.Lanes;

/// <summary>What a lane did with a read.</summary>
public enum LaneOutcome
{
    /// <summary>The gate opened and the relay confirmed it.</summary>
    Opened,

    /// <summary>The gate was told to open but the relay did not confirm: the booth is told, nothing is retried.</summary>
    OpenUncertain,

    /// <summary>Entry refused (blocklist, lot full).</summary>
    Refused,

    /// <summary>A person at the booth must decide (unreadable, ambiguous, unsure, no entry record, review).</summary>
    Held,

    /// <summary>The car is at the exit and owes a fee.</summary>
    AwaitingPayment,

    /// <summary>Not acted on: a duplicate message, a repeat of the same plate, or a stale read.</summary>
    Ignored,
}

/// <summary>Who the car is, as far as the lane could tell.</summary>
public enum Visitor
{
    /// <summary>Not known yet.</summary>
    Unknown,

    /// <summary>A resident vehicle.</summary>
    Resident,

    /// <summary>A plate with a valid pass.</summary>
    PassHolder,

    /// <summary>Anyone else.</summary>
    Visitor,

    /// <summary>On the blocklist.</summary>
    Blocked,

    /// <summary>A special vehicle (police, armed police, emergency, or a kind the estate lists): passes free, recorded.</summary>
    Special,
}
