namespace ParkingGate.Host.Cli;

/// <summary>The exit codes every verb uses.</summary>
public static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>What was asked failed: an invalid plate, a duplicate, a verification that did not hold.</summary>
    public const int Failed = 1;

    /// <summary>The command line or the configuration is wrong, or the database cannot be used.</summary>
    public const int UsageOrConfig = 2;
}
