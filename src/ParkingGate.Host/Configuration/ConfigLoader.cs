using System.Text.Json;
using System.Text.Json.Serialization;

namespace ParkingGate.Host.Configuration;

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
    public static ParkingGateOptions Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ConfigException($"config file '{path}' not found (give another with --config PATH)");
        }

        ParkingGateOptions? options;
        try
        {
            using var stream = File.OpenRead(path);
            options = JsonSerializer.Deserialize<ParkingGateOptions>(stream, Json);
        }
        catch (JsonException e)
        {
            var key = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "" : $" at key '{e.Path.TrimStart('$', '.')}'";
            var where = e.LineNumber is { } line ? $" (line {line + 1})" : "";
            throw new ConfigException($"config file '{path}'{key}{where}: {FirstSentence(e.Message)}", e);
        }
        catch (IOException e)
        {
            throw new ConfigException($"config file '{path}' cannot be read: {e.Message}", e);
        }

        if (options is null)
        {
            throw new ConfigException($"config file '{path}' is empty (null)");
        }

        var errors = ConfigValidator.Validate(options);
        if (errors.Count > 0)
        {
            throw new ConfigException($"config file '{path}': " + string.Join("; ", errors));
        }

        return options;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
