using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;
using MiniExcelLibs;
using ParkingGate.Domain.Conduct;

namespace ParkingGate.Reports;

/// <summary>
/// A month of the conduct register (红黑榜) for the committee's files: the violations as corrected (withdrawn ones marked),
/// and counts by kind and by building; .xlsx (MiniExcel) or the detail as CSV in UTF-8 with a BOM, like the income
/// exports. Written to a temporary name and renamed when complete.
/// </summary>
public static class ConductExport
{
    /// <summary>The detail's columns, in order.</summary>
    public static readonly IReadOnlyList<string> DetailColumns = ["编号", "日期", "车牌", "房号", "楼栋", "违停类型", "地点", "照片", "登记人", "状态"];

    /// <summary>Writes the .xlsx: 违停明细, 按类型, 按楼栋.</summary>
    public static Task WriteXlsxAsync(string path, IReadOnlyList<Violation> violations, ConductRules rules, TimeZoneInfo zone, CancellationToken cancellationToken) =>
        PeriodExport.WriteAtomicallyAsync(path, stream => WriteXlsxAsync(stream, violations, rules, zone, cancellationToken), cancellationToken);

    /// <summary>Writes the .xlsx to <paramref name="stream"/> (a download).</summary>
    public static async Task WriteXlsxAsync(Stream stream, IReadOnlyList<Violation> violations, ConductRules rules, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(violations);
        ArgumentNullException.ThrowIfNull(rules);
        var counted = violations.Where(v => !v.Withdrawn).ToList();
        var byKind = rules.Offences.Select(o => PeriodExport.Row(("违停类型", o.Name.Zh), ("次数", counted.Count(v => v.Offence == o.Code)))).ToList();
        var byBuilding = counted.GroupBy(v => ConductNotice.Building(v.Room)).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => PeriodExport.Row(("楼栋", g.Key == ConductNotice.NoHousehold ? "非本小区车辆" : $"{g.Key}栋"), ("次数", g.Count()))).ToList();
        var sheets = new Dictionary<string, object>
        {
            ["违停明细"] = Rows(violations, rules, zone).Select(r => DetailColumns.Zip(r).ToDictionary(c => c.First, c => c.Second, StringComparer.Ordinal)).ToList(),
            ["按类型"] = byKind,
            ["按楼栋"] = byBuilding.Count > 0 ? byBuilding : [PeriodExport.Row(("楼栋", null), ("次数", null))],
        };
        await stream.SaveAsAsync(sheets, cancellationToken: cancellationToken);
    }

    /// <summary>Writes the detail as CSV, UTF-8 with a BOM.</summary>
    public static Task WriteCsvAsync(string path, IReadOnlyList<Violation> violations, ConductRules rules, TimeZoneInfo zone, CancellationToken cancellationToken) =>
        PeriodExport.WriteAtomicallyAsync(path, stream => WriteCsvAsync(stream, violations, rules, zone), cancellationToken);

    /// <summary>Writes the detail as CSV to <paramref name="stream"/> (a download).</summary>
    public static async Task WriteCsvAsync(Stream stream, IReadOnlyList<Violation> violations, ConductRules rules, TimeZoneInfo zone)
    {
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
        await using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture));
        foreach (var row in Rows(violations, rules, zone).Prepend([.. DetailColumns]))
        {
            foreach (var cell in row)
            {
                csv.WriteField(cell is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : cell?.ToString());
            }

            await csv.NextRecordAsync();
        }
    }

    private static IEnumerable<object?[]> Rows(IReadOnlyList<Violation> violations, ConductRules rules, TimeZoneInfo zone) =>
        violations.Select(v => new object?[]
        {
            v.Seq, TimeZoneInfo.ConvertTime(v.OccurredUtc, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), v.Plate, v.Room,
            ConductNotice.Building(v.Room) is var b && b != ConductNotice.NoHousehold ? $"{b}栋" : "非本小区车辆", rules.Find(v.Offence)?.Name.Zh ?? v.Offence,
            v.Place, v.Photos.Count, v.Reporter, v.Withdrawn ? "已撤销" : v.Corrections.Count > 0 ? "已更正" : "",
        });
}
