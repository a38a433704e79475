using System.CommandLine;
using ParkingGate.Domain;
using ParkingGate.Domain.Plates;

namespace ParkingGate.Host.Cli;

/// <summary>The <c>--plate</c> option, parsed into a <see cref="Plate"/> or a problem naming the bad text.</summary>
internal static class PlateOption
{
    public static Option<string> Create() => new("--plate") { Description = "the plate, e.g. 湘A12345", Required = true };

    public static Result<Plate> Parse(ParseResult parse, Option<string> option)
    {
        var text = parse.GetValue(option);
        return Plate.TryParse(text, out var plate, out var error)
            ? plate
            : new Problem("invalid-plate", $"invalid plate: {error.Message}", $"车牌有误：{error.Zh}");
    }
}
