using ParkingGate.Domain.Plates;

namespace ParkingGate.Domain.Tests.Plates;

public sealed class SpecialVehiclesTests
{
    [TestCase("湘A1234警", "警车")]
    [TestCase("WJ湘12345", "武警")]
    [TestCase("WJ12345", "武警")]
    [TestCase("湘A1234应急", "应急救援")]
    [TestCase("湘A12345", null)]
    [TestCase("湘A1234学", null)]
    [TestCase("WJ", null)]   // the prefix alone is no plate
    [TestCase("警", null)]
    [TestCase("", null)]
    public void The_default_kinds_are_police_armed_police_and_emergency(string plate, string? kind) =>
        Assert.That(SpecialVehicles.Default.Match(plate)?.Name, Is.EqualTo(kind));

    [Test]
    public void An_estate_lists_its_own_plates_and_the_first_kind_that_matches_names_a_plate()
    {
        var specials = new SpecialVehicles([new("救护车", "ambulance", null, null, ["湘A12120"]), new("警车", "police", null, "警", [])]);
        Assert.That(specials.Match("湘A12120")?.NameEn, Is.EqualTo("ambulance"));
        Assert.That(specials.Match("湘A12121"), Is.Null);
        Assert.That(specials.Match("WJ12345"), Is.Null, "an estate that lists its kinds lists all of them");
    }
}
