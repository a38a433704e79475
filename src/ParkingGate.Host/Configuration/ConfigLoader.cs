using System.Text.Json;
using System.Text.Json.Serialization;
using ParkingGate.Domain.Conduct;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Gate.Configuration;
using ParkingGate.Host.Tariffs;

namespace ParkingGate.Host.Configuration;

/// <summary>The validated config and the tariffs it names.</summary>
/// <param name="Options">The config values.</param>
/// <param name="Tariffs">The visitor tariff versions.</param>
public sealed record LoadedConfig(ParkingGateOptions Options, TariffBook Tariffs)
{
    /// <summary>The conduct rules (红黑榜); null when the config names none.</summary>
    public ConductRules? Conduct { get; init; }
}

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
        var conduct = LoadConduct(path, options, errors);
        LoadBrokerCertificate(path, options.Mqtt, errors);
        LoadHttpCertificate(path, options.Http, errors);
        if (errors.Count > 0)
        {
            throw new ConfigException($"config file '{path}': " + string.Join("; ", errors));
        }

        return new LoadedConfig(options, tariffs) { Conduct = conduct };
    }

    /// <summary>
    /// With TLS on the embedded broker, loads its PEM certificate and key (beside the config file unless absolute);
    /// a missing file, a broken PEM or a key that does not belong to the certificate is reported under its key.
    /// </summary>
    private static void LoadBrokerCertificate(string configPath, MqttOptions mqtt, List<string> errors)
    {
        if (!mqtt.Embedded || !mqtt.Tls)
        {
            if (mqtt.Certificate is not null || mqtt.CertificateKey is not null)
            {
                errors.Add("mqtt.certificate and mqtt.certificateKey are used only with \"tls\": true on the embedded broker");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(mqtt.Certificate) || string.IsNullOrWhiteSpace(mqtt.CertificateKey))
        {
            errors.Add("mqtt.tls on the embedded broker needs mqtt.certificate and mqtt.certificateKey (PEM files)");
            return;
        }

        mqtt.BrokerCertificate = LoadPem(configPath, "mqtt", mqtt.Certificate, mqtt.CertificateKey, errors);
    }

    /// <summary>With TLS on the device HTTP listener, loads its PEM certificate and key as for the broker.</summary>
    private static void LoadHttpCertificate(string configPath, HttpDeviceOptions http, List<string> errors)
    {
        if (!http.Tls)
        {
            if (http.Certificate is not null || http.CertificateKey is not null)
            {
                errors.Add("http.certificate and http.certificateKey are used only with \"tls\": true");
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(http.Certificate) || string.IsNullOrWhiteSpace(http.CertificateKey))
        {
            errors.Add("http.tls needs http.certificate and http.certificateKey (PEM files)");
            return;
        }

        http.LoadedCertificate = LoadPem(configPath, "http", http.Certificate, http.CertificateKey, errors);
    }

    /// <summary>A PEM certificate and its key (beside the config file unless absolute); a missing file, a broken PEM or a key that does not belong to the certificate is reported under its key.</summary>
    private static System.Security.Cryptography.X509Certificates.X509Certificate2? LoadPem(string configPath, string section, string certificateFile, string keyFile, List<string> errors)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(configPath))!;
        var certificate = Path.Combine(folder, certificateFile);
        var key = Path.Combine(folder, keyFile);
        foreach (var (name, file) in new[] { ($"{section}.certificate", certificate), ($"{section}.certificateKey", key) })
        {
            if (!File.Exists(file))
            {
                errors.Add($"{name} '{file}' not found");
                return null;
            }
        }

        try
        {
            using var pem = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(certificate, key);
            // Through PKCS#12 so the key is usable by the TLS server on every platform (an ephemeral PEM key is not on Windows).
            return System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadPkcs12(
                pem.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            errors.Add($"{section}.certificate '{certificate}' with key '{key}': {FirstSentence(e.Message)}");
            return null;
        }
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

    /// <summary>Loads the conduct rule file the config names, if any; a bad one is reported under its key.</summary>
    private static ConductRules? LoadConduct(string configPath, ParkingGateOptions options, List<string> errors)
    {
        if (options.Conduct.Rules is not { } file)
        {
            return null;
        }

        var loaded = TariffFile.LoadConduct(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath))!, file));
        if (!loaded.IsSuccess)
        {
            errors.Add($"conduct.rules: {loaded.Problem.Message}");
            return null;
        }

        return loaded.Value;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
