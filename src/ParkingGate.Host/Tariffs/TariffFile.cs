using ParkingGate.Domain;
using ParkingGate.Domain.Conduct;
using ParkingGate.Domain.Tariffs;

namespace ParkingGate.Host.Tariffs;

/// <summary>Loads the rule files the meeting approves (tariffs, the conduct rules) from disk; the only place they meet the file system and the zone database.</summary>
public static class TariffFile
{
    /// <summary>The tariff in <paramref name="path"/>, or a problem naming the file and the field.</summary>
    public static Result<Tariff> Load(string path) =>
        Load(path, "tariff file", "收费规则文件", bytes => TariffParser.Parse(bytes, Configuration.TimeZones.Find));

    /// <summary>The conduct rules in <paramref name="path"/>, or a problem naming the file and the field.</summary>
    public static Result<ConductRules> LoadConduct(string path) =>
        Load(path, "conduct rule file", "红黑榜规则文件", bytes => ConductRulesParser.Parse(bytes));

    private static Result<T> Load<T>(string path, string what, string whatZh, Func<byte[], Result<T>> parse)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result<T>.Failure("unreadable-file", $"{what} '{path}' cannot be read: {e.Message}", $"无法读取{whatZh}“{path}”：{e.Message}");
        }

        var parsed = parse(bytes);
        return parsed.IsSuccess ? parsed : Result<T>.Failure(parsed.Problem.Kind, $"{what} '{path}': {parsed.Problem.Message}", $"{whatZh}“{path}”：{parsed.Problem.Zh}");
    }
}
