namespace ParkingGate.Protocols.Tests;

/// <summary>The committed vector files are copies of shared/vectors; they must not drift from the originals.</summary>
public sealed class VectorCopiesTests
{
    [Test]
    public void Every_copy_matches_the_shared_original_when_it_is_beside_the_checkout()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ParkingGate.sln")))
        {
            dir = dir.Parent;
        }

        var shared = dir is null ? null : Path.Combine(dir.FullName, "..", "shared", "vectors");
        if (shared is null || !Directory.Exists(shared))
        {
            Assert.Ignore("shared/vectors is not beside this checkout; the committed copies are tested on their own");
        }

        var copies = Directory.GetFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "Vectors"));
        Assert.That(copies, Is.Not.Empty);
        foreach (var copy in copies)
        {
            Assert.That(File.ReadAllBytes(copy), Is.EqualTo(File.ReadAllBytes(Path.Combine(shared!, Path.GetFileName(copy)))), Path.GetFileName(copy));
        }
    }
}
