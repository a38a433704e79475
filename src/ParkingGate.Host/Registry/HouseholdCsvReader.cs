using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Host.Registry;

/// <summary>
/// Reads a household list: a header row naming the columns room, name, phone, plates (or 房号, 联系人/姓名,
/// 电话/手机, 车牌), then one household per row; several plates in one cell are separated by ; / 、 or spaces.
/// An optional quota (配额) column sets the household's vehicle quota. Every row is checked; the file is
/// accepted only if all rows are good.
/// </summary>
public static class HouseholdCsvReader
{
    private static readonly string[][] Columns =
    [
        ["room", "房号", "房间", "户号"],
        ["name", "联系人", "姓名", "户主"],
        ["phone", "电话", "手机", "联系电话"],
        ["plates", "车牌", "车牌号", "plate"],
        ["quota", "配额", "车位配额"],
    ];

    // Not spaces: clerks write "湘A 12345", which is one plate.
    private static readonly char[] PlateSeparators = [';', '；', '/', '、', ',', '，', '|'];

    /// <summary>The rows of the file and every problem found, each starting with its line number.</summary>
    /// <returns>Rows to import when <c>Errors</c> is empty; otherwise nothing may be imported.</returns>
    public static (IReadOnlyList<HouseholdImportRow> Rows, IReadOnlyList<string> Errors) Read(string text, RegistryRules rules)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(rules);
        List<string> problems = [];
        List<HouseholdImportRow> rows = [];
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            IgnoreBlankLines = true,
            TrimOptions = TrimOptions.Trim,
            DetectDelimiter = false,
            BadDataFound = null,
        };
        try
        {
            using var reader = new StringReader(text);
            using var csv = new CsvReader(reader, config);
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is null)
            {
                return ([], ["line 1: the file is empty; it needs a header row: room,name,phone,plates"]);
            }

            var index = FindColumns(csv.HeaderRecord, problems);
            if (index is null)
            {
                return ([], problems);
            }

            while (csv.Read())
            {
                var line = csv.Parser.RawRow;
                var row = ReadRow(csv, index, line, rules, problems);
                if (row is not null)
                {
                    rows.Add(row);
                }
            }
        }
        catch (CsvHelperException e)
        {
            var line = e.Context?.Parser?.RawRow;
            problems.Add($"line {line}: the row is not valid CSV ({e.GetType().Name})");
        }

        if (problems.Count == 0 && rows.Count == 0)
        {
            problems.Add("the file has a header but no households");
        }

        return problems.Count == 0 ? (rows, []) : ([], problems);
    }

    private static int[]? FindColumns(string[] header, List<string> problems)
    {
        var index = new int[Columns.Length];
        for (var c = 0; c < Columns.Length; c++)
        {
            index[c] = Array.FindIndex(header, h => Columns[c].Contains(h.Trim().TrimStart('\uFEFF'), StringComparer.OrdinalIgnoreCase));
            if (index[c] < 0 && c < 4)
            {
                problems.Add($"line 1: the header has no '{Columns[c][0]}' column (also accepted: {string.Join(", ", Columns[c][1..])}); it has: {string.Join(", ", header)}");
            }
        }

        return problems.Count == 0 ? index : null;
    }

    private static HouseholdImportRow? ReadRow(CsvReader csv, int[] index, int line, RegistryRules rules, List<string> problems)
    {
        string Field(int column) => index[column] >= 0 && index[column] < csv.Parser.Count ? csv.GetField(index[column]) ?? "" : "";

        int? quota = null;
        var quotaText = Field(4);
        if (quotaText.Length > 0)
        {
            if (!int.TryParse(quotaText, NumberStyles.None, CultureInfo.InvariantCulture, out var q))
            {
                problems.Add($"line {line}: quota '{quotaText}' is not a whole number");
                return null;
            }

            quota = q;
        }

        var household = HouseholdDraft.Create(Field(0), Field(1), Field(2), quota, rules);
        if (!household.IsSuccess)
        {
            problems.Add($"line {line}: {household.Problem.Message}");
            return null;
        }

        List<(Plate, VehicleClass)> plates = [];
        foreach (var text in Field(3).Split(PlateSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Plate.TryParse(text, out var plate, out var error))
            {
                problems.Add($"line {line}: plate {error.Message}");
                return null;
            }

            plates.Add((plate, VehicleClasses.Infer(plate)));
        }

        return new HouseholdImportRow(line, household.Value, plates);
    }
}
