namespace ParkingGate.Domain.Registry;

/// <summary>The buildings of an estate and how many units each has, to tell a real room from a typo.</summary>
public sealed class EstateLayout
{
    private readonly Dictionary<int, int> _unitsByBuilding;

    /// <summary>Creates a layout from (building number, number of units) pairs.</summary>
    public EstateLayout(IEnumerable<(int Building, int Units)> buildings)
    {
        ArgumentNullException.ThrowIfNull(buildings);
        _unitsByBuilding = buildings.ToDictionary(b => b.Building, b => b.Units);
    }

    /// <summary>Null when the room exists in the estate, else why not.</summary>
    public Problem? Check(RoomNumber room)
    {
        ArgumentNullException.ThrowIfNull(room);
        if (!_unitsByBuilding.TryGetValue(room.Building, out var units))
        {
            var known = string.Join(", ", _unitsByBuilding.Keys.Order());
            return new Problem("unknown-room", $"room {room}: the estate has no building {room.Building} (buildings: {known})", $"房号 {room}：小区没有 {room.Building} 栋（现有：{known}）");
        }

        return room.Unit > units
            ? new Problem("unknown-room", $"room {room}: building {room.Building} has {units} unit(s), not {room.Unit}", $"房号 {room}：{room.Building} 栋只有 {units} 个单元，没有 {room.Unit} 单元")
            : null;
    }
}
