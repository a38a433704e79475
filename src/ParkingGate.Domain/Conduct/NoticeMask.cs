namespace ParkingGate.Domain.Conduct;

/// <summary>
/// How the monthly notice (红黑榜) shows plates and rooms when the rules say to mask them: enough for the driver and the
/// neighbours to recognise, not enough to look a stranger up (<c>湘A·1**45</c>, <c>3-2-5**</c>).
/// </summary>
public static class NoticeMask
{
    /// <summary>A plate as the notice prints it: the province and city letter, then the first and the last two characters with the rest masked.</summary>
    public static string Plate(string plate, bool mask)
    {
        ArgumentNullException.ThrowIfNull(plate);
        if (plate.Length < 5)
        {
            return mask ? new string('*', plate.Length) : plate;
        }

        var rest = plate[2..];
        return mask
            ? $"{plate[..2]}·{rest[0]}{new string('*', rest.Length - 3)}{rest[^2..]}"
            : $"{plate[..2]}·{rest}";
    }

    /// <summary>A room as the notice prints it: building and unit, then the room's first digit with the rest masked.</summary>
    public static string Room(string room, bool mask)
    {
        ArgumentNullException.ThrowIfNull(room);
        var cut = room.LastIndexOf('-');
        if (!mask || cut < 0 || cut == room.Length - 1)
        {
            return room;
        }

        var number = room[(cut + 1)..];
        return $"{room[..(cut + 1)]}{number[0]}{new string('*', number.Length - 1)}";
    }
}
