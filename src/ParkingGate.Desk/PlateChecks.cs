using ParkingGate.Domain.Plates;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Desk;

/// <summary>Plate checks the forms share: parse what was typed, and warn of a plate one confusable character from a registered one.</summary>
public static class PlateChecks
{
    /// <summary>Parses each non-empty field; the first that is not a plate is the error.</summary>
    public static (List<Plate> Plates, PlateError? Error) Parse(IEnumerable<string?> typed)
    {
        var plates = new List<Plate>();
        foreach (var text in typed.Where(t => !string.IsNullOrWhiteSpace(t)))
        {
            if (text!.Length > 16)
            {
                return (plates, new PlateError(PlateErrorKind.WrongLength, text, $"'{text[..16]}…' is too long for a plate", $"“{text[..16]}…”太长，不是车牌"));
            }

            if (!Plate.TryParse(text, out var plate, out var error))
            {
                return (plates, error);
            }

            plates.Add(plate);
        }

        return (plates, null);
    }

    /// <summary>Registered plates that each new plate could be mistaken for (one confusable character apart, e.g. 0/D, 8/B).</summary>
    public static async Task<List<(string New, string Registered)>> NearAsync(VehicleStore vehicles, IEnumerable<Plate> plates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(vehicles);
        var registered = (await vehicles.ListVehiclesAsync(null, cancellationToken)).Select(v => v.Plate).ToList();
        var matcher = new PlateMatcher(registered, 1);
        var near = new List<(string, string)>();
        foreach (var plate in plates)
        {
            var match = matcher.Match(plate.Text);
            near.AddRange(match.Candidates.Where(c => c.Substitutions > 0).Select(c => (plate.Text, c.Plate)));
        }

        return near;
    }
}
