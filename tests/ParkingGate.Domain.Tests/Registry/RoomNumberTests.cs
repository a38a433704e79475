using ParkingGate.Domain.Registry;

namespace ParkingGate.Domain.Tests.Registry;

public sealed class RoomNumberTests
{
    [TestCase("3-2-501", "3-2-501")]
    [TestCase(" 3-2-501 ", "3-2-501")]
    [TestCase("3栋2单元501", "3-2-501")]
    [TestCase("3号楼2单元501室", "3-2-501")]
    [TestCase("３－２－５０１", "3-2-501")]
    [TestCase("12-1-1203", "12-1-1203")]
    [TestCase("5/1/101", "5-1-101")]
    public void TryParse_reads_the_ways_clerks_write_a_room(string text, string expected)
    {
        Assert.That(RoomNumber.TryParse(text, out var room, out var error), Is.True, () => error!.Message);
        Assert.That(room!.ToString(), Is.EqualTo(expected));
    }

    [TestCase("")]
    [TestCase("3-2")]
    [TestCase("3-2-50")]
    [TestCase("3-2-50101")]
    [TestCase("0-2-501")]
    [TestCase("3-0-501")]
    [TestCase("3-2-051")]
    [TestCase("A-2-501")]
    [TestCase("3-2-501; DROP TABLE households")]
    public void TryParse_refuses_what_is_not_a_room(string text)
    {
        Assert.That(RoomNumber.TryParse(text, out var room, out var error), Is.False);
        Assert.That(room, Is.Null);
        Assert.That(error!.Message, Does.Contain(text.Trim()));
        Assert.That(error.Zh, Does.Contain(text.Trim()).And.Contain("房号"));
    }

    [Test]
    public void Layout_names_the_missing_building_or_unit()
    {
        var layout = new EstateLayout([(1, 2), (2, 3)]);
        Assert.That(layout.Check(new RoomNumber(2, 3, "501")), Is.Null);
        Assert.That(layout.Check(new RoomNumber(7, 1, "101"))!.Message, Does.Contain("no building 7"));
        Assert.That(layout.Check(new RoomNumber(7, 1, "101"))!.Zh, Does.Contain("没有 7 栋"));
        Assert.That(layout.Check(new RoomNumber(1, 3, "101"))!.Message, Does.Contain("building 1 has 2 unit(s)"));
        Assert.That(layout.Check(new RoomNumber(1, 3, "101"))!.Zh, Does.Contain("1 栋只有 2 个单元"));
    }
}
