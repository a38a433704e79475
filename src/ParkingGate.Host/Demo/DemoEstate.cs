using System.Globalization;
using ParkingGate.Domain;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Gate.Configuration;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Registry;
using ParkingGate.Storage;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Host.Demo;

/// <summary>Fills a demo database with the reference estate: every household of the config, about 300 vehicles, some passes, one blocked plate.</summary>
internal static class DemoEstate
{
    public sealed record Seeded(int Households, int Vehicles, int Passes);

    /// <summary>The demo's cashier: the booth's shift is theirs.</summary>
    public const string Cashier = "booth-zhou";

    public static async Task<Seeded> SeedAsync(SqliteDatabase database, ParkingGateOptions options, string namedHouseholds, TimeProvider time, CancellationToken cancellationToken)
    {
        var ledger = new LedgerStore(database, time, options.Estate.Id);
        var registry = new RegistryStores(database, time, ledger);
        var rules = options.ToRegistryRules();
        var (named, errors) = HouseholdCsvReader.Read(TextFileEncoding.Decode(await File.ReadAllBytesAsync(namedHouseholds, cancellationToken)).Text, rules);
        if (errors.Count > 0)
        {
            throw new IOException($"demo households '{namedHouseholds}': {errors[0]}");
        }

        var rooms = named.Select(r => r.Household.Room.ToString()).ToHashSet(StringComparer.Ordinal);
        var plates = named.SelectMany(r => r.Plates.Select(p => p.Plate.Text)).ToHashSet(StringComparer.Ordinal);
        var random = new Random(264);
        var rows = new List<HouseholdImportRow>(named);
        var line = 1000;
        var surnames = "王李张刘陈杨黄赵周吴徐孙朱马胡郭林何高罗";
        foreach (var building in options.Estate.Buildings)
        {
            for (var n = 0; n < building.Households; n++)
            {
                var unit = 1 + (n % building.Units);
                var index = n / building.Units;
                var room = new RoomNumber(building.Number, unit, string.Create(CultureInfo.InvariantCulture, $"{1 + (index / 2)}0{1 + (index % 2)}"));
                if (!rooms.Add(room.ToString()) || rows.Count >= options.Estate.Households)
                {
                    continue;
                }

                var cars = random.NextDouble() switch { < 0.1 => 0, < 0.75 => 1, _ => 2 };
                var vehicles = new List<(Plate, VehicleClass)>();
                while (vehicles.Count < cars)
                {
                    var plate = Plate.Parse(string.Create(CultureInfo.InvariantCulture, $"湘A{random.Next(10000, 99999)}"));
                    if (plates.Add(plate.Text))
                    {
                        vehicles.Add((plate, VehicleClass.Small));
                    }
                }

                var phone = string.Create(CultureInfo.InvariantCulture, $"138{random.Next(10_000_000, 99_999_999)}");
                rows.Add(new HouseholdImportRow(line++, new HouseholdDraft(room, $"{surnames[random.Next(surnames.Length)]}先生", phone, 2), vehicles));
            }
        }

        var imported = await registry.Households.ImportHouseholdsAsync(rows, "demo", cancellationToken);
        if (!imported.Succeeded)
        {
            throw new IOException($"demo estate: {imported.Errors[0]}");
        }

        var zone = TimeZones.Find(options.Estate.TimeZone)!;
        // The booth's shift opens first: the passes below and every fee of the day are cash taken inside it.
        await new ShiftBook(database, time, ledger).OpenShiftAsync(20_000, Cashier, cancellationToken);
        var passes = 0;
        foreach (var plate in new[] { "湘C66666", "湘C66667", "湘C66668" })
        {
            var sold = await registry.Passes.SellPassAsync(new PassSale(Plate.Parse(plate), 1, new DateOnly(2026, 3, 1), 3, 15000, "cash", null, null), zone, Cashier, cancellationToken);
            passes += sold.IsSuccess ? 1 : 0;
        }

        await registry.Blocklist.AddToBlocklistAsync(Plate.Parse("湘A88888"), "多次堵塞消防通道", "demo", cancellationToken);
        return new Seeded(imported.Households, imported.Vehicles, passes);
    }
}
