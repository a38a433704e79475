using System.Globalization;

namespace ParkingGate.Domain;

/// <summary>Money is integer fen everywhere; these helpers show it in yuan (元) for people.</summary>
public static class Money
{
    /// <summary>Yuan with two decimals: 1234 fen → <c>12.34</c>, -50 → <c>-0.50</c>.</summary>
    public static string Yuan(long fen)
    {
        var sign = fen < 0 ? "-" : "";
        var abs = fen == long.MinValue ? (ulong)long.MaxValue + 1 : (ulong)Math.Abs(fen);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{abs / 100}.{abs % 100:00}");
    }

    /// <summary><paramref name="fen"/> × <paramref name="percent"/> / 100, rounded down to the fen (never overcharges).</summary>
    public static long Percent(long fen, int percent) => checked(fen * percent) / 100;
}
