using ParkingGate.Domain.Plates;

namespace ParkingGate.Testing;

/// <summary>Reproducible plate registries and camera misreads of them.</summary>
public static class SamplePlates
{
    private const string Serial = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    private const string Regions = "湘鄂粤赣";

    /// <summary><paramref name="count"/> distinct standard plates: province, letter, two letters-or-digits, three digits.</summary>
    public static IEnumerable<string> Registry(Random random, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        HashSet<string> seen = [];
        while (seen.Count < count)
        {
            var chars = new char[7];
            chars[0] = Regions[random.Next(Regions.Length)];
            chars[1] = "ABCDF"[random.Next(5)];
            for (var i = 2; i < 7; i++)
            {
                chars[i] = i < 4 ? Serial[random.Next(Serial.Length)] : Serial[random.Next(10)];
            }

            var plate = new string(chars);
            if (seen.Add(plate))
            {
                yield return plate;
            }
        }
    }

    /// <summary><paramref name="plate"/> with up to <paramref name="substitutions"/> characters swapped within their confusion sets.</summary>
    public static string Misread(Random random, string plate, int substitutions)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(plate);
        var chars = plate.ToCharArray();
        for (var n = 0; n < substitutions; n++)
        {
            var at = random.Next(chars.Length);
            var set = at == 0 ? Regions : ConfusionSets.Sets.FirstOrDefault(s => s.Contains(chars[at], StringComparison.Ordinal));
            if (set is not null)
            {
                chars[at] = set[random.Next(set.Length)];
            }
        }

        return new string(chars);
    }
}
