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

    /// <summary>
    /// Reads an amount in yuan as people type it (<c>12</c>, <c>12.5</c>, <c>12.50</c>, <c>-3.00</c>) into fen,
    /// exactly: at most two decimals, no floating point.
    /// </summary>
    public static bool TryParseYuan(string? text, out long fen)
    {
        fen = 0;
        var s = (text ?? "").Trim();
        var negative = s.StartsWith('-');
        if (negative)
        {
            s = s[1..];
        }

        var parts = s.Split('.');
        if (parts.Length > 2 || parts[0].Length is 0 or > 12 || !parts[0].All(char.IsAsciiDigit)
            || (parts.Length == 2 && (parts[1].Length is 0 or > 2 || !parts[1].All(char.IsAsciiDigit))))
        {
            return false;
        }

        var yuan = long.Parse(parts[0], CultureInfo.InvariantCulture);
        var cents = parts.Length == 2 ? long.Parse(parts[1].PadRight(2, '0'), CultureInfo.InvariantCulture) : 0;
        fen = ((yuan * 100) + cents) * (negative ? -1 : 1);
        return true;
    }
}
