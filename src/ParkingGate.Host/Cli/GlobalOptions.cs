using System.CommandLine;

namespace ParkingGate.Host.Cli;

/// <summary>Options every verb takes.</summary>
internal static class GlobalOptions
{
    public static Option<string?> Database { get; } = new("--db")
    {
        Description = "SQLite database file (default: database.path from the config)",
        Recursive = true,
    };

    public static Option<string?> Config { get; } = new("--config")
    {
        Description = $"config file (default: {Configuration.ConfigLoader.DefaultPath})",
        Recursive = true,
    };

    public static Option<string?> Operator { get; } = new("--operator")
    {
        Description = "who is acting, for the audit log (default: the login name)",
        Recursive = true,
    };

    /// <summary>A fresh --json flag: each read verb owns its own instance.</summary>
    public static Option<bool> Json() => new("--json") { Description = "print JSON instead of text" };
}
