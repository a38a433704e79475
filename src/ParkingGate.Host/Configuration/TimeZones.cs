namespace ParkingGate.Host.Configuration;

/// <summary>Looks IANA zone ids up in the system's zone database.</summary>
public static class TimeZones
{
    /// <summary>The zone, or null when the id is empty or unknown.</summary>
    public static TimeZoneInfo? Find(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return null;
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return null;
        }
    }
}
