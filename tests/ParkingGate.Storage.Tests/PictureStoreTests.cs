using ParkingGate.Storage.Lanes;

namespace ParkingGate.Storage.Tests;

public sealed class PictureStoreTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private string _folder = null!;

    [SetUp]
    public void SetUp() => _folder = Directory.CreateTempSubdirectory("parkinggate-pictures-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task A_picture_is_kept_under_its_local_day_with_its_kind()
    {
        var store = new PictureStore(_folder, Shanghai);
        var at = new DateTimeOffset(2026, 3, 1, 17, 0, 0, TimeSpan.Zero); // 01:00 on 2 March in Changsha
        var jpeg = await store.SaveAsync(at, "in-1", "read-1", [0xFF, 0xD8, 0xFF, 0xE0]);
        var png = await store.SaveAsync(at, "in-1", "read-2", [0x89, 0x50, 0x4E, 0x47, 0x0D]);
        Assert.That(jpeg, Is.EqualTo(Path.Combine("2026-03-02", "in-1-read-1.jpg")));
        Assert.That(png, Does.EndWith(".png"));
        Assert.That(File.ReadAllBytes(Path.Combine(_folder, jpeg)), Is.EqualTo(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }));
    }

    [Test]
    public async Task A_message_id_cannot_climb_out_of_the_folder()
    {
        var store = new PictureStore(_folder, Shanghai);
        var path = await store.SaveAsync(DateTimeOffset.UnixEpoch, "in-1", "../../etc/passwd", [1, 2, 3]);
        Assert.That(Path.GetFullPath(Path.Combine(_folder, path)), Does.StartWith(_folder));
        Assert.That(path, Does.Not.Contain("..").And.Not.Contain("/etc/"));
    }

    [Test]
    public async Task Days_older_than_the_retention_are_deleted()
    {
        var store = new PictureStore(_folder, Shanghai);
        var now = new DateTimeOffset(2026, 6, 1, 4, 0, 0, TimeSpan.Zero);
        await store.SaveAsync(now.AddDays(-91), "in-1", "old", [1]);
        await store.SaveAsync(now.AddDays(-89), "in-1", "recent", [1]);
        Directory.CreateDirectory(Path.Combine(_folder, "not-a-day"));
        Assert.That(store.Prune(now, keepDays: 90), Is.EqualTo(1));
        Assert.That(Directory.GetDirectories(_folder).Select(Path.GetFileName), Is.EquivalentTo(new[] { "2026-03-04", "not-a-day" }));
    }
}
