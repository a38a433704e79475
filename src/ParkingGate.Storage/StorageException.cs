namespace ParkingGate.Storage;

/// <summary>
/// The database cannot be used as it is: not a SQLite file, not ours, written by a newer version, or unreadable.
/// Nothing was changed when this is thrown.
/// </summary>
public sealed class StorageException : Exception
{
    /// <summary>Creates the exception with a message that names the file and the problem.</summary>
    public StorageException(string message) : base(message) { }

    /// <summary>Creates the exception keeping the database error that caused it.</summary>
    public StorageException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception without a message.</summary>
    public StorageException() { }
}
