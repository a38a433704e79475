namespace ParkingGate.Domain.Tariffs;

/// <summary>Why a quote goes to a person at the booth instead of being demanded.</summary>
/// <param name="Kind"><c>above-ceiling</c>, <c>fuzzy-entry</c> or <c>no-entry-record</c>.</param>
/// <param name="Reason">What to tell the booth.</param>
public sealed record Review(string Kind, LocalizedText Reason);

/// <summary>A priced stay with the lines that explain every amount.</summary>
/// <param name="AmountFen">Due now: the stay's fee less what was already paid, never negative.</param>
/// <param name="FeeFen">The stay's fee before payments.</param>
/// <param name="PaidFen">Already paid.</param>
/// <param name="Lines">The explanation, one line per free period, band segment, cap, class rule and total.</param>
/// <param name="TariffId">The tariff used.</param>
/// <param name="TariffVersion">Its version.</param>
/// <param name="TariffHash">SHA-256 of its file.</param>
/// <param name="Reviews">Reasons a person must look at this quote before it is demanded; empty when none.</param>
public sealed record Quote(
    long AmountFen, long FeeFen, long PaidFen, IReadOnlyList<LocalizedText> Lines,
    string TariffId, int TariffVersion, string TariffHash, IReadOnlyList<Review> Reviews)
{
    /// <summary>Minutes of the stay a visitor invitation made free (taken from the invitation's free time).</summary>
    public long InvitedMinutes { get; init; }

    /// <summary>True when the quote must be reviewed at the booth.</summary>
    public bool NeedsReview => Reviews.Count > 0;
}
