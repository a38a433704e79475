using ParkingGate.Domain.Plates;

namespace ParkingGate.Domain.Tests.Plates;

public sealed class VehicleClassesTests
{
    [TestCase("湘A12345", PlateColor.Unknown, VehicleClass.Small)]
    [TestCase("湘A12345", PlateColor.Blue, VehicleClass.Small)]
    [TestCase("湘A12345", PlateColor.Yellow, VehicleClass.Large)]
    [TestCase("湘A12345", PlateColor.Green, VehicleClass.NewEnergy)]
    [TestCase("湘AD12345", PlateColor.Unknown, VehicleClass.NewEnergy)]
    [TestCase("湘AD12345", PlateColor.Yellow, VehicleClass.NewEnergy)] // the layout wins over a misjudged colour
    [TestCase("湘A12345D", PlateColor.YellowGreen, VehicleClass.NewEnergy)]
    [TestCase("湘A1234学", PlateColor.Yellow, VehicleClass.Large)]
    public void Infer_takes_layout_then_colour(string plate, PlateColor color, VehicleClass expected) =>
        Assert.That(VehicleClasses.Infer(Plate.Parse(plate), color), Is.EqualTo(expected));

    [TestCase("small", VehicleClass.Small)]
    [TestCase("LARGE", VehicleClass.Large)]
    [TestCase(" new-energy ", VehicleClass.NewEnergy)]
    public void TryParse_reads_the_file_names(string name, VehicleClass expected)
    {
        Assert.That(VehicleClasses.TryParse(name, out var parsed), Is.True);
        Assert.That(parsed, Is.EqualTo(expected));
        Assert.That(expected.ToName(), Is.EqualTo(name.Trim().ToLowerInvariant()));
    }

    [TestCase("truck")]
    [TestCase("")]
    [TestCase(null)]
    public void TryParse_refuses_unknown_names(string? name) => Assert.That(VehicleClasses.TryParse(name, out _), Is.False);
}
