using System.Text;
using ParkingGate.Domain.Tariffs;

namespace ParkingGate.Domain.Tests.Tariffs;

/// <summary>The shipped tariffs and small inline ones, parsed as the product parses them.</summary>
internal static class Tariffs
{
    public static TimeZoneInfo Shanghai { get; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static Tariff Changsha { get; } = Shipped("changsha-core");

    public static Tariff Residential { get; } = Shipped("residential-visitor");

    public static Tariff Fenglin { get; } = Shipped("fenglin-visitor");

    public static Tariff PerEntry { get; } = Shipped("per-entry-example");

    public static Tariff Shipped(string id) =>
        Parse(File.ReadAllBytes(Path.Combine(TestContext.CurrentContext.TestDirectory, "tariffs", id + ".json")));

    public static Tariff Parse(string json) => Parse(Encoding.UTF8.GetBytes(json));

    public static Result<Tariff> TryParse(string json) => TariffParser.Parse(Encoding.UTF8.GetBytes(json), FindZone);

    /// <summary>A tariff with the given rules object (JSON) and the usual header.</summary>
    public static Tariff WithRules(string rules, string extra = "") => Parse(Header(rules, extra));

    public static string Header(string rules, string extra = "") =>
        $$"""{ "id": "test", "version": 1, "approval": "test meeting", "effectiveFrom": "2026-01-01", "rules": {{rules}} {{extra}} }""";

    /// <summary>Local wall-clock time in Shanghai.</summary>
    public static DateTimeOffset At(string local) => new(DateTime.Parse(local, System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromHours(8));

    private static Tariff Parse(byte[] bytes)
    {
        var result = TariffParser.Parse(bytes, FindZone);
        Assert.That(result.IsSuccess, Is.True, () => result.Problem!.Message);
        return result.Value!;
    }

    private static TimeZoneInfo? FindZone(string id)
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (TimeZoneNotFoundException)
        {
            return null;
        }
    }
}
