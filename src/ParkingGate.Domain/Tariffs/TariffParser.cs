using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using ParkingGate.Domain.Plates;

namespace ParkingGate.Domain.Tariffs;

/// <summary>
/// Reads a tariff file (JSON, documented in <c>config/tariffs/README.md</c>) into a validated <see cref="Tariff"/>.
/// Every problem is reported with the field it is in; a tariff with any problem is refused whole.
/// </summary>
public static partial class TariffParser
{
    /// <summary>Parses and validates a tariff file's bytes.</summary>
    /// <param name="bytes">The file's exact content; its SHA-256 becomes <see cref="Tariff.Hash"/>.</param>
    /// <param name="findTimeZone">Looks an IANA zone id up; null when it does not exist.</param>
    public static Result<Tariff> Parse(ReadOnlySpan<byte> bytes, Func<string, TimeZoneInfo?> findTimeZone)
    {
        ArgumentNullException.ThrowIfNull(findTimeZone);
        var read = RuleFiles.Read<TariffDocument>(bytes, "invalid-tariff", "收费规则文件");
        if (!read.IsSuccess)
        {
            return read.Problem;
        }

        var document = read.Value;
        var errors = new FieldErrors();
        var tariff = Build(document, findTimeZone, Convert.ToHexStringLower(SHA256.HashData(bytes)), errors);
        return errors.Count == 0 && tariff is not null
            ? tariff
            : Result<Tariff>.Failure("invalid-tariff", string.Join("; ", errors.List), "收费规则有误：" + string.Join("；", errors.List));
    }

    private static Tariff? Build(TariffDocument d, Func<string, TimeZoneInfo?> findTimeZone, string hash, FieldErrors errors)
    {
        var effectiveFrom = RuleFiles.CheckHeader(d.Id, d.Version, d.Approval, d.EffectiveFrom, errors);
        var zoneId = d.TimeZone ?? "Asia/Shanghai";
        var zone = findTimeZone(zoneId);
        if (zone is null)
        {
            errors.Add("timeZone", $"'{zoneId}' is not a known time zone");
        }

        var rules = d.Rules is null ? null : RuleSetParser.BuildRules(d.Rules, "rules", errors);
        if (d.Rules is null)
        {
            errors.Add("rules", "is required");
        }

        var classes = BuildClasses(d.Classes, errors);
        var noEntry = BuildNoEntry(d.NoEntryRecord, errors);
        var grace = d.PaidExitGraceMinutes ?? 15;
        if (grace is < 0 or > 240)
        {
            errors.Add("paidExitGraceMinutes", $"{grace} must be between 0 and 240");
        }

        if (d.ReviewAboveFen is < 0)
        {
            errors.Add("reviewAboveFen", $"{d.ReviewAboveFen} cannot be negative");
        }

        if (d.PlateDailyCapFen is { } daily)
        {
            var unit = rules?.Bands.Where(b => b.Steps.Count > 0).Select(b => b.Steps[0].PriceFen).DefaultIfEmpty(0).Max() ?? 0;
            if (daily <= 0)
            {
                errors.Add("plateDailyCapFen", $"{daily} must be more than 0 (leave it out for no daily cap)");
            }
            else if (daily < unit)
            {
                errors.Add("plateDailyCapFen", $"{daily} is below a single unit ({unit} fen): every visit would cost less than its first unit");
            }
        }

        if (errors.Count > 0 || rules is null || zone is null || effectiveFrom is null)
        {
            return null;
        }

        return new Tariff
        {
            Id = d.Id!,
            Version = d.Version!.Value,
            Name = new LocalizedText(d.Name?.Zh ?? d.Id!, d.Name?.En ?? d.Name?.Zh ?? d.Id!),
            Approval = d.Approval!.Trim(),
            EffectiveFrom = effectiveFrom!.Value,
            TimeZone = zone,
            Rules = rules,
            Classes = classes,
            NoEntry = noEntry,
            PaidExitGraceMinutes = grace,
            ReviewAboveFen = d.ReviewAboveFen,
            PlateDailyCapFen = d.PlateDailyCapFen,
            Hash = hash,
        };
    }

    private static Dictionary<VehicleClass, ClassRule> BuildClasses(Dictionary<string, ClassDocument>? documents, FieldErrors errors)
    {
        var classes = new Dictionary<VehicleClass, ClassRule>();
        foreach (var (name, c) in documents ?? [])
        {
            var field = $"classes.{name}";
            if (!VehicleClasses.TryParse(name, out var vehicleClass))
            {
                errors.Add(field, $"'{name}' is not a vehicle class (small, large, new-energy)");
                continue;
            }

            var multiplier = c.MultiplierPercent ?? 100;
            if (multiplier is < 1 or > 1000)
            {
                errors.Add($"{field}.multiplierPercent", $"{multiplier} must be between 1 and 1000");
            }

            var freeMinutes = c.Discount?.FreeMinutes ?? 0;
            var percent = c.Discount?.Percent ?? 100;
            if (freeMinutes is < 0 or > 1440)
            {
                errors.Add($"{field}.discount.freeMinutes", $"{freeMinutes} must be between 0 and 1440");
            }

            if (percent is < 0 or > 100)
            {
                errors.Add($"{field}.discount.percent", $"{percent} must be between 0 and 100");
            }

            var rules = c.Rules is null ? null : RuleSetParser.BuildRules(c.Rules, $"{field}.rules", errors);
            classes[vehicleClass.Value] = new ClassRule(rules, multiplier, freeMinutes, percent);
        }

        return classes;
    }

    private static NoEntryRule BuildNoEntry(NoEntryDocument? d, FieldErrors errors)
    {
        switch (d?.Mode ?? "booth")
        {
            case "booth":
                return new NoEntryRule(true, 0);
            case "flat" when d!.PriceFen is >= 0:
                return new NoEntryRule(false, d.PriceFen.Value);
            case "flat":
                errors.Add("noEntryRecord.priceFen", "a flat fee needs priceFen of 0 or more");
                return new NoEntryRule(true, 0);
            default:
                errors.Add("noEntryRecord.mode", $"'{d!.Mode}' must be booth or flat");
                return new NoEntryRule(true, 0);
        }
    }
}
