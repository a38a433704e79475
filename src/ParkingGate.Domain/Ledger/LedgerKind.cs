namespace ParkingGate.Domain.Ledger;

/// <summary>What a ledger entry records. Stored as its kebab-case name (<see cref="LedgerKinds.ToName"/>).</summary>
public enum LedgerKind
{
    /// <summary>A visitor paid for a stay (positive).</summary>
    VisitorFee,

    /// <summary>A monthly pass was sold or renewed (positive).</summary>
    PassSale,

    /// <summary>Money returned to a customer (negative), pointing at the entry it refunds.</summary>
    Refund,

    /// <summary>Cancels an earlier entry that was a mistake: the exact negative of its amount, pointing at it.</summary>
    Reversal,

    /// <summary>Cash handed from the booth to the estate's account (negative cash).</summary>
    CashDeposit,

    /// <summary>An exit that paid nothing, with the reason (free period, pass, resident, granted at the booth).</summary>
    FreeExit,

    /// <summary>The gate opened by hand, with operator and reason.</summary>
    ManualOpening,

    /// <summary>A booth shift began, with its cash float.</summary>
    ShiftOpen,

    /// <summary>A booth shift ended: cash counted, expected, variance, reason, second signatory.</summary>
    ShiftClose,

    /// <summary>A digest line of the ledger up to the entry before it (shift, day or month close).</summary>
    Digest,

    /// <summary>A lane's barrier held open (常开) from now, with operator and reason; every car passes until its end.</summary>
    HoldStart,

    /// <summary>A lane's hold-open ended, with operator and reason, pointing at its start.</summary>
    HoldEnd,
}

/// <summary>Names of <see cref="LedgerKind"/> as stored and exported.</summary>
public static class LedgerKinds
{
    private static readonly string[] Names =
    [
        "visitor-fee", "pass-sale", "refund", "reversal", "cash-deposit", "free-exit", "manual-opening", "shift-open", "shift-close", "digest",
        "hold-start", "hold-end",
    ];

    /// <summary>The stored name, e.g. <c>visitor-fee</c>.</summary>
    public static string ToName(this LedgerKind kind) => Names[(int)kind];

    /// <summary>Reads a stored name.</summary>
    public static bool TryParse(string? name, out LedgerKind kind)
    {
        var index = Array.IndexOf(Names, name);
        kind = index < 0 ? default : (LedgerKind)index;
        return index >= 0;
    }

    /// <summary>True for kinds that take or return a customer's money and so carry a receipt number.</summary>
    public static bool IssuesReceipt(this LedgerKind kind) =>
        kind is LedgerKind.VisitorFee or LedgerKind.PassSale or LedgerKind.Refund or LedgerKind.Reversal;
}
