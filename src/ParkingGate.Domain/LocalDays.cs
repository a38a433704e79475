namespace ParkingGate.Domain;

/// <summary>Calendar days and wall-clock times in an estate's time zone.</summary>
public static class LocalDays
{
    /// <summary>The local calendar day <paramref name="instant"/> falls on.</summary>
    public static DateOnly DayOf(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
    }

    /// <summary>The instant the local day <paramref name="day"/> begins.</summary>
    public static DateTimeOffset StartOf(DateOnly day, TimeZoneInfo zone) => ToInstant(day.ToDateTime(TimeOnly.MinValue), zone);

    /// <summary>The instant a local wall-clock time names; a time skipped by a clock change moves to after the gap.</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
