using ParkingGate.Domain;
using ParkingGate.Domain.Tariffs;

namespace ParkingGate.Host.Tariffs;

/// <summary>Loads a tariff file from disk; the only place tariffs meet the file system and the zone database.</summary>
public static class TariffFile
{
    /// <summary>The tariff in <paramref name="path"/>, or a problem naming the file and the field.</summary>
    public static Result<Tariff> Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Result<Tariff>.Failure("unreadable-tariff", $"tariff file '{path}' cannot be read: {e.Message}", $"无法读取收费规则文件“{path}”：{e.Message}");
        }

        var parsed = TariffParser.Parse(bytes, Configuration.TimeZones.Find);
        return parsed.IsSuccess ? parsed : Result<Tariff>.Failure(parsed.Problem.Kind, $"tariff file '{path}': {parsed.Problem.Message}", $"收费规则文件“{path}”：{parsed.Problem.Zh}");
    }
}
