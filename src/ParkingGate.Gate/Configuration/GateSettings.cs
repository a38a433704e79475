using ParkingGate.Gate.Lanes;

namespace ParkingGate.Gate.Configuration;

/// <summary>What the running gate needs from the estate's config, read and checked once by the host.</summary>
/// <param name="Estate">The estate's id: it names the service's topics and binds the ledger.</param>
/// <param name="Zone">The estate's time zone (pictures are filed by its days).</param>
/// <param name="Mqtt">The broker and the devices' accounts.</param>
/// <param name="Lanes">The lanes and their devices, in config order.</param>
/// <param name="Rules">What every lane applies to a read.</param>
/// <param name="PictureDays">How many days pictures sent with reads are kept.</param>
/// <param name="HeldMinutes">A read held for the booth that nobody settles expires after this, with a record.</param>
public sealed record GateSettings(string Estate, TimeZoneInfo Zone, MqttOptions Mqtt, IReadOnlyList<LaneOptions> Lanes, LaneRules Rules, int PictureDays, int HeldMinutes = 30)
{
    /// <summary>The local hour each camera's own list is read back and mended, each night.</summary>
    public int ListCheckHour { get; init; } = 3;

    /// <summary>The conduct rules (红黑榜): the entry board reminds plates of their recent violations; null without them.</summary>
    public Domain.Conduct.ConductRules? Conduct { get; init; }

    /// <summary>The device HTTP listener and the cameras that push to it (none: no listener).</summary>
    public HttpDeviceOptions Http { get; init; } = new();
}
