namespace ParkingGate.Devices.Tests;

/// <summary>The Vzenith family's whitelist commands as the list sender asks for them.</summary>
public sealed class VzenithListTests
{
    [Test]
    public void A_whitelist_batch_is_refused_when_it_mixes_removing_with_keeping()
    {
        var family = new ParkingGate.Devices.Vzenith.VzenithFamily();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        Assert.That(() => family.ListCommand("sn1", "x", [new("湘A12345", true, null), new("湘A12346", false, null)], zone, 0), Throws.ArgumentException);
        var until = new DateTimeOffset(2026, 4, 3, 16, 0, 0, TimeSpan.Zero);
        Assert.That(family.ListCommand("sn1", "x", [new("粤B30001", true, until)], zone, 0).Payload, Does.Contain("\"overdue_time\":\"2026-04-04 00:00:00\""), "the camera's local wall clock");
    }
}
