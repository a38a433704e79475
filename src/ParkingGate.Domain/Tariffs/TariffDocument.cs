namespace ParkingGate.Domain.Tariffs;

// The JSON shape of a tariff file, exactly as written (camelCase keys). Every value is nullable so that
// TariffParser can name a missing field instead of the serializer inventing a default.
#pragma warning disable CA1812 // instantiated by System.Text.Json
internal sealed class TariffDocument
{
    public string? Id { get; init; }
    public int? Version { get; init; }
    public TextDocument? Name { get; init; }
    public string? Approval { get; init; }
    public string? EffectiveFrom { get; init; }
    public string? TimeZone { get; init; }
    public string? Notes { get; init; }
    public RuleSetDocument? Rules { get; init; }
    public Dictionary<string, ClassDocument>? Classes { get; init; }
    public NoEntryDocument? NoEntryRecord { get; init; }
    public int? PaidExitGraceMinutes { get; init; }
    public long? ReviewAboveFen { get; init; }
    public long? PlateDailyCapFen { get; init; }
}

internal sealed class TextDocument
{
    public string? Zh { get; init; }
    public string? En { get; init; }
}

internal sealed class RuleSetDocument
{
    public FreePeriodDocument? FreePeriod { get; init; }
    public RoundingDocument? Rounding { get; init; }
    public List<StepDocument>? Steps { get; init; }
    public List<BandDocument>? Bands { get; init; }
    public PerEntryDocument? PerEntry { get; init; }
    public string? BandSplit { get; init; }
    public CapDocument? Cap { get; init; }
    public FirstSegmentDocument? FirstSegment { get; init; }
}

internal sealed class FirstSegmentDocument
{
    public int? Minutes { get; init; }
    public long? PriceFen { get; init; }
}

internal sealed class FreePeriodDocument
{
    public int? Minutes { get; init; }
    public string? Mode { get; init; }
    public bool? OncePerDay { get; init; }
}

internal sealed class RoundingDocument
{
    public string? Mode { get; init; }
    public int? TailMinutes { get; init; }
}

internal sealed class StepDocument
{
    public int? Minutes { get; init; }
    public long? PriceFen { get; init; }
    public int? Count { get; init; }
}

internal sealed class BandDocument
{
    public TextDocument? Label { get; init; }
    public string? From { get; init; }
    public string? To { get; init; }
    public List<StepDocument>? Steps { get; init; }
    public long? CapFen { get; init; }
}

internal sealed class PerEntryDocument
{
    public long? PriceFen { get; init; }
    public int? EveryHours { get; init; }
}

internal sealed class CapDocument
{
    public long? AmountFen { get; init; }
    public string? Period { get; init; }
}

internal sealed class ClassDocument
{
    public RuleSetDocument? Rules { get; init; }
    public int? MultiplierPercent { get; init; }
    public DiscountDocument? Discount { get; init; }
}

internal sealed class DiscountDocument
{
    public int? FreeMinutes { get; init; }
    public int? Percent { get; init; }
}

internal sealed class NoEntryDocument
{
    public string? Mode { get; init; }
    public long? PriceFen { get; init; }
}
#pragma warning restore CA1812
