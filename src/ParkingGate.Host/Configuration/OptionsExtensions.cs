using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Gate.Configuration;
using ParkingGate.Gate.Lanes;

namespace ParkingGate.Host.Configuration;

/// <summary>Turns the config into the domain's own rule objects.</summary>
public static class OptionsExtensions
{
    /// <summary>The registration rules the config describes.</summary>
    public static RegistryRules ToRegistryRules(this ParkingGateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new RegistryRules(
            new EstateLayout(options.Estate.Buildings.Select(b => (b.Number, b.Units))),
            options.Registry.DefaultVehicleQuota,
            options.Registry.MaxVehicleQuota)
        {
            Invitations = options.Registry.Invitations is { } invitations
                ? new InvitationRule(invitations.FreeHoursPerMonth, invitations.Approval?.Trim(), invitations.LongestDays, invitations.DaysAhead)
                : InvitationRule.Off,
        };
    }

    /// <summary>What the running gate needs from the config.</summary>
    public static GateSettings ToGateSettings(this ParkingGateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = new LaneRules(
            options.Estate.Spaces.Total - options.Estate.Spaces.ResidentReserved, TimeSpan.FromSeconds(options.Gate.StaleAfterSeconds),
            TimeSpan.FromSeconds(options.Gate.DedupeSeconds), options.Gate.MinConfidence, options.Plates.FuzzyBudget)
        {
            PassTimeout = TimeSpan.FromSeconds(options.Gate.PassSeconds),
            PassReminderDays = options.Gate.PassReminderDays,
            ExtraCars = options.Gate.ExtraCars.Parsed ?? ExtraCarRule.Allow,
            Specials = options.Gate.SpecialVehicles is { } kinds
                ? new SpecialVehicles([.. kinds.Select(k => new SpecialKind(k.Name.Trim(), k.NameEn?.Trim() ?? k.Name.Trim(),
                    k.Prefix is null ? null : PlateNormalizer.Normalize(k.Prefix), k.Suffix?.Trim(), [.. k.Plates.Select(p => PlateNormalizer.Normalize(p))]))])
                : SpecialVehicles.Default,
        };
        var zone = TimeZones.Find(options.Estate.TimeZone) ?? throw new InvalidOperationException($"estate.timeZone '{options.Estate.TimeZone}' is not a known time zone");
        return new GateSettings(options.Estate.Id, zone, options.Mqtt, options.Lanes, rules, options.Gate.PictureDays, options.Gate.HeldMinutes)
        {
            ListCheckHour = options.Gate.ListCheckHour,
            Http = options.Http,
        };
    }
}
