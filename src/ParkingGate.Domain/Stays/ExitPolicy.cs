using ParkingGate.Domain.Tariffs;

namespace ParkingGate.Domain.Stays;

/// <summary>What a car at the exit does once its fee is known.</summary>
public enum ExitVerdictKind
{
    /// <summary>Nothing is owed: the stay closes with a free-exit entry and the gate opens.</summary>
    LeavesFree,

    /// <summary>A fee is owed: the stay waits for the booth or the terminal.</summary>
    Pays,

    /// <summary>The fee needs a person's look (no entry record, a fuzzy entry…): the stay waits at the booth.</summary>
    Review,
}

/// <summary>The exit policy's answer: what happens, what is due, and the reason a free exit is written with.</summary>
/// <param name="Kind">What happens.</param>
/// <param name="DueFen">What the car owes (0 when it leaves free).</param>
/// <param name="LedgerReason">The free-exit entry's reason, as the ledger keeps it; null unless it leaves free.</param>
public sealed record ExitVerdict(ExitVerdictKind Kind, long DueFen, string? LedgerReason)
{
    /// <summary>Why it leaves free, in each language for the board and the desk; null unless it leaves free.</summary>
    public LocalizedText? Why { get; init; }
}

/// <summary>
/// Who leaves free, who pays and what goes to the booth, decided in one place: a resident vehicle leaves free; a quote
/// of nothing due that needs no review leaves free with the tariff's reason; a quote flagged for review waits for a
/// person; anything else pays what the quote says.
/// </summary>
public static class ExitPolicy
{
    /// <summary>Decides the exit of a stay priced by <paramref name="quote"/>.</summary>
    /// <param name="quote">The fee and its explanation.</param>
    /// <param name="residentRoom">The room of the household the plate is registered to, or null for any other car.</param>
    public static ExitVerdict Decide(Quote quote, string? residentRoom)
    {
        ArgumentNullException.ThrowIfNull(quote);
        if (residentRoom is not null)
        {
            return Free($"住户车辆 resident vehicle of {residentRoom}", new($"住户车辆 {residentRoom}", $"resident vehicle of {residentRoom}"));
        }

        if (quote.AmountFen == 0 && !quote.NeedsReview)
        {
            return quote.PaidFen > 0
                ? Free("已付费，在离场宽限内出场 paid and left within the exit grace", new("已付费，在离场宽限内出场", "paid and left within the exit grace"))
                : Free($"按收费规则应收0元 no fee due under tariff {quote.TariffId} v{quote.TariffVersion}",
                    new("按收费规则应收0元", $"no fee due under tariff {quote.TariffId} v{quote.TariffVersion}"));
        }

        return new ExitVerdict(quote.NeedsReview ? ExitVerdictKind.Review : ExitVerdictKind.Pays, quote.AmountFen, null);
    }

    /// <summary>A free exit: the ledger's reason as it has always been written, and the same for people in each language.</summary>
    private static ExitVerdict Free(string ledgerReason, LocalizedText why) => new(ExitVerdictKind.LeavesFree, 0, ledgerReason) { Why = why };

    /// <summary>
    /// A car at the exit with no stay open (its entry was missed, or it was inside before the gate was installed): a
    /// resident vehicle leaves free with nothing written, as residents never pay; for any other car this is null and
    /// the car is priced as a stay with no entry record, which the tariff's no-entry rule and the booth settle.
    /// </summary>
    /// <param name="residentRoom">The room of the household the plate is registered to, or null.</param>
    public static ExitVerdict? WithoutStay(string? residentRoom) =>
        residentRoom is null ? null : new ExitVerdict(ExitVerdictKind.LeavesFree, 0, LedgerReason: null);

    /// <summary>The reason a fee paid while the car is still inside is written with.</summary>
    public static string PaidBeforeLeaving(int graceMinutes) => $"离场前缴费，{graceMinutes}分钟内离场 paid before leaving";
}
