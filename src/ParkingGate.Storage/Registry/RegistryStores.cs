using ParkingGate.Storage.Ledger;

namespace ParkingGate.Storage.Registry;

/// <summary>
/// The registry's stores over one database, for code that composes them by hand (the CLI, the demo, benchmarks and
/// tests). The service registers each store on its own and its pages take only the ones they use.
/// </summary>
public sealed class RegistryStores
{
    /// <summary>Creates every registry store over <paramref name="database"/>; pass sales append to <paramref name="ledger"/>.</summary>
    public RegistryStores(SqliteDatabase database, TimeProvider timeProvider, LedgerStore ledger)
    {
        Households = new HouseholdStore(database, timeProvider);
        Vehicles = new VehicleStore(database, timeProvider);
        Blocklist = new BlocklistStore(database, timeProvider);
        Passes = new PassStore(database, timeProvider, ledger);
        Invitations = new InvitationStore(database, timeProvider);
        Lookup = new RegistryLookup(Vehicles, Blocklist);
    }

    /// <summary>Households.</summary>
    public HouseholdStore Households { get; }

    /// <summary>Resident vehicles and the plates that park free.</summary>
    public VehicleStore Vehicles { get; }

    /// <summary>Plates refused at entry.</summary>
    public BlocklistStore Blocklist { get; }

    /// <summary>Monthly passes and their sales.</summary>
    public PassStore Passes { get; }

    /// <summary>Visitor invitations (访客预约).</summary>
    public InvitationStore Invitations { get; }

    /// <summary>What a lane reads.</summary>
    public RegistryLookup Lookup { get; }
}
