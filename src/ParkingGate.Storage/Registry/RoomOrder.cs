using ParkingGate.Domain.Registry;

namespace ParkingGate.Storage.Registry;

/// <summary>Orders rooms as people read them: building, then unit, then room number (3-2-501 before 3-2-1201).</summary>
internal sealed class RoomOrder : IComparer<string>
{
    public static RoomOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (RoomNumber.TryParse(x, out var a, out _) && RoomNumber.TryParse(y, out var b, out _))
        {
            var byPlace = (a.Building, a.Unit, a.Room.Length).CompareTo((b.Building, b.Unit, b.Room.Length));
            return byPlace != 0 ? byPlace : string.CompareOrdinal(a.Room, b.Room);
        }

        return string.CompareOrdinal(x, y);
    }
}
