namespace ParkingGate.Host.Tests;

/// <summary>Gives each test a fresh <see cref="TestFolder"/> with the shipped config.</summary>
public abstract class FolderFixture
{
    internal TestFolder Folder { get; private set; } = null!;

    [SetUp]
    public void CreateFolder() => Folder = new TestFolder();

    [TearDown]
    public void RemoveFolder() => Folder.Dispose();
}
