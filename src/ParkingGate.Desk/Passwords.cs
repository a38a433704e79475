using Microsoft.AspNetCore.Identity;

namespace ParkingGate.Desk;

/// <summary>Desk passwords, hashed with ASP.NET Core's PasswordHasher (PBKDF2, salted, versioned).</summary>
public static class Passwords
{
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object Nobody = new();

    /// <summary>The shortest password accepted.</summary>
    public const int MinLength = 10;

    /// <summary>Hashes a new password.</summary>
    public static string Hash(string password) => Hasher.HashPassword(Nobody, password);

    /// <summary>True when <paramref name="password"/> matches <paramref name="hash"/>.</summary>
    public static bool Verify(string hash, string password) =>
        Hasher.VerifyHashedPassword(Nobody, hash, password) is PasswordVerificationResult.Success or PasswordVerificationResult.SuccessRehashNeeded;
}
