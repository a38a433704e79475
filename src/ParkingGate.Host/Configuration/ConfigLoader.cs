using System.Text.Json;
using System.Text.Json.Serialization;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Host.Tariffs;

namespace ParkingGate.Host.Configuration;

/// <summary>The validated config and the tariffs it names.</summary>
/// <param name="Options">The config values.</param>
/// <param name="Tariffs">The visitor tariff versions.</param>
public sealed record LoadedConfig(ParkingGateOptions Options, TariffBook Tariffs);

/// <summary>
/// Reads and validates the config file strictly: an unknown key, a wrong type or a bad value stops the
/// program with a message naming the file and the key, before anything is opened or written.
/// </summary>
public static class ConfigLoader
{
    /// <summary>The config file used when none is given.</summary>
    public const string DefaultPath = "config/parkinggate.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Loads and validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="ConfigException">The file is missing, is not valid JSON, or has a bad value.</exception>
    public static LoadedConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException($"config file '{path}' not found (give another with --config PATH)");
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            throw new ConfigException($"config file '{path}' cannot be read: {e.Message}", e);
        }

        return Parse(bytes, path);
    }

    /// <summary>Parses and validates config text as if read from <paramref name="path"/> (tariff files are found beside it).</summary>
    /// <exception cref="ConfigException">The text is not valid JSON, or has a bad value.</exception>
    public static LoadedConfig Parse(ReadOnlySpan<byte> json, string path)
    {
        ParkingGateOptions? options;
        try
        {
            options = JsonSerializer.Deserialize<ParkingGateOptions>(json, Json);
        }
        catch (JsonException e)
        {
            var key = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at key '{e.Path.TrimStart('$', '.')}'";
            var where = e.LineNumber is { } line ? $" (line {line + 1})" : "";
            throw new ConfigException($"config file '{path}'{key}{where}: {FirstSentence(e.Message)}", e);
        }

        if (options is null)
        {
            throw new ConfigException($"config file '{path}' is empty (null)");
        }

        var errors = ConfigValidator.Validate(options).ToList();
        var tariffs = LoadTariffs(path, options, errors);
        if (errors.Count > 0)
        {
            throw new ConfigException($"config file '{path}': " + string.Join("; ", errors));
        }

        return new LoadedConfig(options, tariffs);
    }

    /// <summary>Loads every tariff the config names; a bad one is reported under its key.</summary>
    private static TariffBook LoadTariffs(string configPath, ParkingGateOptions options, List<string> errors)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(configPath))!;
        var tariffs = new List<Tariff>();
        for (var i = 0; i < options.Tariffs.Files.Count; i++)
        {
            var loaded = TariffFile.Load(Path.Combine(folder, options.Tariffs.Files[i]));
            if (loaded.IsSuccess)
            {
                tariffs.Add(loaded.Value);
            }
            else
            {
                errors.Add($"tariffs.files[{i}]: {loaded.Problem.Message}");
            }
        }

        var ids = tariffs.Select(t => t.Id).Distinct().ToList();
        if (ids.Count > 1)
        {
            errors.Add($"tariffs.files lists versions of different tariffs ({string.Join(", ", ids)}); list the versions of one visitor tariff");
        }

        return new TariffBook(tariffs);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
