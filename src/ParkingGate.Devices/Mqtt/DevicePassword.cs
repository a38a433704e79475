using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ParkingGate.Devices.Mqtt;

/// <summary>
/// Device passwords as the config stores them: <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (base64), never in clear.
/// <c>parkinggate device hash-password</c> makes one.
/// </summary>
public static class DevicePassword
{
    private const string Scheme = "pbkdf2-sha256";
    private const int Iterations = 100_000;

    /// <summary>Hashes <paramref name="password"/> with a fresh random salt.</summary>
    public static string Hash(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, Iterations, HashAlgorithmName.SHA256, 32);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    /// <summary>True when the stored hash is well formed (checked when the config is loaded).</summary>
    public static bool IsWellFormed(string? stored) => Parse(stored) is not null;

    /// <summary>True when <paramref name="password"/> matches <paramref name="stored"/>; compared in constant time.</summary>
    public static bool Verify(string? password, string? stored)
    {
        if (string.IsNullOrEmpty(password) || Parse(stored) is not var (iterations, salt, expected))
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static (int Iterations, byte[] Salt, byte[] Hash)? Parse(string? stored)
    {
        var parts = (stored ?? "").Split('$');
        if (parts.Length != 4 || parts[0] != Scheme || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 10_000)
        {
            return null;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var hash = Convert.FromBase64String(parts[3]);
            return salt.Length >= 8 && hash.Length >= 16 ? (iterations, salt, hash) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
