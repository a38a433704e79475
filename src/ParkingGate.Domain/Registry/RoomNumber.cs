using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace ParkingGate.Domain.Registry;

/// <summary>A household's address in the estate: building, unit and room, written <c>3-2-501</c>.</summary>
/// <param name="Building">Building number, from 1.</param>
/// <param name="Unit">Stairwell unit within the building, from 1.</param>
/// <param name="Room">Room number as written on the door: floor and room, e.g. <c>501</c> or <c>1203</c>.</param>
public sealed partial record RoomNumber(int Building, int Unit, string Room)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Building}-{Unit}-{Room}");

    /// <summary>
    /// Parses <c>3-2-501</c>, also as clerks write it: <c>3栋2单元501</c>, <c>3号楼2单元501室</c>, with full-width digits or dashes.
    /// </summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out RoomNumber? room, [NotNullWhen(false)] out Problem? error)
    {
        room = null;
        var input = (text ?? string.Empty).Trim();
        var half = new string(input.Select(c => c is >= '\uFF01' and <= '\uFF5E' ? (char)(c - 0xFEE0) : c).ToArray());
        var match = Pattern().Match(half);
        if (!match.Success)
        {
            error = new Problem("invalid-room", $"room '{input}' is not building-unit-room such as 3-2-501", $"房号“{input}”不是“楼栋-单元-房号”的写法，例如 3-2-501");
            return false;
        }

        var building = int.Parse(match.Groups["b"].Value, CultureInfo.InvariantCulture);
        var unit = int.Parse(match.Groups["u"].Value, CultureInfo.InvariantCulture);
        if (building == 0 || unit == 0 || match.Groups["r"].Value.StartsWith('0'))
        {
            error = new Problem("invalid-room", $"room '{input}' has a zero building, unit or room number", $"房号“{input}”的楼栋、单元或房号为 0");
            return false;
        }

        room = new RoomNumber(building, unit, match.Groups["r"].Value);
        error = null;
        return true;
    }

    [GeneratedRegex(@"^(?<b>\d{1,3})\s*(?:-|—|–|栋|幢|号楼|/)\s*(?<u>\d{1,2})\s*(?:-|—|–|单元|/)\s*(?<r>\d{3,4})\s*(?:室|号)?$")]
    private static partial Regex Pattern();
}
