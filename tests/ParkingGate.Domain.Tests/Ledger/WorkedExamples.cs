using ParkingGate.Domain.Ledger;

namespace ParkingGate.Domain.Tests.Ledger;

/// <summary>
/// The three worked entries of the README. Their hashes were computed by the independent Python verifier
/// (src/verifier/parkinggate_verify.py), not by our code, so these tests pin our canonical form to it.
/// </summary>
internal static class WorkedExamples
{
    public const string Estate = "fenglin-anzhi";
    public const string Genesis = "71cb3a6333aa0f67ee5a57f6ae841226ca0dd1739afd991193290eecf41f17a9";
    public const string TariffHash = "d6f9786f0a8211e6c658a302b2e2013ce4de1f0ce8bc6bda33257e5b1c1934b0";

    public static LedgerEntry ShiftOpen { get; } = new(
        1, At("2026-03-02T00:00:00.000Z"), LedgerKind.ShiftOpen, null, null, 0, null, null, null, "周红", null, null, null, null,
        """{"floatFen":20000}""", Genesis, "b89ec4146aff0dc2fa51619a46caf2857af71b06ace335b112439b52dd2b6389");

    public static LedgerEntry Fee { get; } = new(
        2, At("2026-03-02T02:15:30.250Z"), LedgerKind.VisitorFee, "粤B12345", 1, 700, "cash", null, 1, "周红", "fenglin-visitor", TariffHash,
        null, null, null, ShiftOpen.Hash, "971cee7de10f630d9aa97ebb32f31de4ac70fa7912d176c52f0df42f5d87167b");

    public static LedgerEntry Reversal { get; } = new(
        3, At("2026-03-02T03:00:00.000Z"), LedgerKind.Reversal, "粤B12345", 1, -700, "cash", null, 2, "周红", null, null,
        2, "录错车牌 wrong plate", null, Fee.Hash, "640745d96c5d2e21e94eedfe69d1b1a146888c9b57fe5cf610d8ae1aa39945d1");

    public static IReadOnlyList<LedgerEntry> All { get; } = [ShiftOpen, Fee, Reversal];

    public static DateTimeOffset At(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
