namespace ParkingGate.Storage.Tests;

/// <summary>A test with a fresh SQLite file of its own, removed afterwards.</summary>
public abstract class DatabaseTest
{
    /// <summary>The file and its clock.</summary>
    private protected TempDatabase Temp { get; private set; } = null!;

    [SetUp]
    public void CreateDatabase() => Temp = new TempDatabase();

    [TearDown]
    public void RemoveDatabase() => Temp.Dispose();
}
