using System.Globalization;
using System.Text;

namespace ParkingGate.Domain.Tariffs;

/// <summary>Builds the explanation lines of a quote in Chinese and English.</summary>
internal sealed class Explain
{
    private readonly TimeZoneInfo _zone;
    private readonly bool _withDate;

    public Explain(TimeZoneInfo zone, bool withDate, bool enabled)
    {
        _zone = zone;
        _withDate = withDate;
        Enabled = enabled;
    }

    /// <summary>False while pricing only to compare amounts: no strings are built.</summary>
    public bool Enabled { get; }

    public List<LocalizedText> Lines { get; } = [];

    public void Add(string zh, string en)
    {
        if (Enabled)
        {
            Lines.Add(new LocalizedText(zh, en));
        }
    }

    public string Time(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, _zone);
        return local.ToString(_withDate ? "MM-dd HH:mm" : "HH:mm", CultureInfo.InvariantCulture);
    }

    public static string Yuan(long fen) => Money.Yuan(fen);

    public static string Duration(TimeSpan span)
    {
        var minutes = (long)span.TotalMinutes;
        return minutes < 60 ? $"{minutes} min" : minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes / 60} h {minutes % 60} min";
    }

    public static string DurationZh(TimeSpan span)
    {
        var minutes = (long)span.TotalMinutes;
        return minutes < 60 ? $"{minutes}分钟" : minutes % 60 == 0 ? $"{minutes / 60}小时" : $"{minutes / 60}小时{minutes % 60}分钟";
    }

    /// <summary><c>2×30分钟×2.00元 + 1×30分钟×3.00元</c> and its English twin.</summary>
    public static (string Zh, string En) Runs(IReadOnlyList<UnitRun> runs)
    {
        if (runs.Count == 0)
        {
            return ("不足计费单元，不收费", "no full unit to charge");
        }

        var zh = new StringBuilder();
        var en = new StringBuilder();
        foreach (var run in runs)
        {
            if (zh.Length > 0)
            {
                zh.Append(" + ");
                en.Append(" + ");
            }

            var unit = run.Minutes == int.MaxValue ? null : (TimeSpan?)TimeSpan.FromMinutes(run.Minutes);
            zh.Append(CultureInfo.InvariantCulture, $"{run.Count}×{(unit is { } u ? DurationZh(u) : "次")}×{Yuan(run.PriceFen)}元");
            en.Append(CultureInfo.InvariantCulture, $"{run.Count} × {(unit is { } v ? Duration(v) : "entry")} × {Yuan(run.PriceFen)}");
        }

        return (zh.ToString(), en.ToString());
    }
}
