using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Registry;
using ParkingGate.Gate;
using ParkingGate.Gate.Configuration;
using ParkingGate.Host.Configuration;
using ParkingGate.Host.Service;
using ParkingGate.Simulator;
using ParkingGate.Storage;
using ParkingGate.Storage.Registry;

namespace ParkingGate.Host.Tests.Gate;

/// <summary>parkinggate-sim's load mode against a running gate: every read of a resident comes back as a relay command.</summary>
public sealed class SimulatorLoadModeTests : FolderFixture
{
    [Test]
    public async Task The_load_mode_measures_every_read_to_its_relay_command()
    {
        Folder.UseEmbeddedBroker("camera-password", "in-1", "out-1");
        var (options, tariffs) = ConfigLoader.Load(Folder.Config);
        var database = await SqliteDatabase.OpenAsync(Folder.Database, TimeProvider.System);
        var registry = new ParkingGate.Storage.Registry.RegistryStores(database, TimeProvider.System, new ParkingGate.Storage.Ledger.LedgerStore(database, TimeProvider.System, "fenglin-anzhi"));
        await registry.Households.AddHouseholdAsync(new HouseholdDraft(new RoomNumber(1, 1, "101"), "张", "13807310001", 4), "li");
        string[] plates = ["湘A10001", "湘A10002", "湘A10003", "湘A10004"];
        foreach (var plate in plates)
        {
            await registry.Vehicles.AddVehicleAsync(new RoomNumber(1, 1, "101"), Plate.Parse(plate), VehicleClass.Small, "li");
        }

        await using var gate = await GateRuntime.StartAsync(options.ToGateSettings(), tariffs, database, TimeProvider.System, NullLogger.Instance);
        await using var entry = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", gate.BrokerPort, "cam-in-1", "camera-password", "sn-in-1", "in-1", TimeProvider.System);
        await using var exit = await SimulatedVzenithCamera.ConnectAsync("127.0.0.1", gate.BrokerPort, "cam-out-1", "camera-password", "sn-out-1", "out-1", TimeProvider.System);

        // Four plates, read at 2/s for 2 s per lane: no plate repeats on a lane within the dedupe window.
        var result = await LoadMode.RunAsync([entry, exit], plates, perSecond: 2, seconds: 2);

        Assert.That(result.Sent, Is.EqualTo(8));
        Assert.That(result.Answered, Is.EqualTo(8), LoadMode.Describe(result));
        Assert.That(result.P99, Is.GreaterThan(0).And.LessThan(2000));
        SqliteConnection.ClearAllPools();
    }
}
