namespace ParkingGate.Host.Configuration;

/// <summary>The config file is missing, unreadable or has a bad value; the message names the file and key.</summary>
public sealed class ConfigException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ConfigException(string message) : base(message) { }

    /// <summary>Creates the exception keeping the cause.</summary>
    public ConfigException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception without a message.</summary>
    public ConfigException() { }
}
