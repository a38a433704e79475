using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ParkingGate.Desk;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Gate.Settlement;
using ParkingGate.Storage;
using ParkingGate.Storage.Audit;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;
using ParkingGate.Storage.Reports;
using ParkingGate.Storage.Stays;
using ParkingGate.Storage.Users;

namespace ParkingGate.Host.Service;

/// <summary>The stores over the estate's database, each a service of its own, and the settlement the desk uses.</summary>
internal static class StoreServices
{
    /// <summary>
    /// Registers every store over <paramref name="database"/> (which must already be open and migrated), and the
    /// settlement that opens the gate through <see cref="IGateControl"/>.
    /// </summary>
    public static IServiceCollection AddStores(this IServiceCollection services, SqliteDatabase database, string estateId, TariffBook tariffs)
    {
        services.AddSingleton(database);
        services.AddSingleton(sp => new LedgerStore(database, Clock(sp), estateId));
        services.AddSingleton(sp => new ShiftBook(database, Clock(sp), sp.GetRequiredService<LedgerStore>()));
        services.AddSingleton(sp => new StayStore(database, Clock(sp), sp.GetRequiredService<LedgerStore>()));
        services.AddSingleton(sp => new AuditLog(database, Clock(sp)));
        services.AddSingleton(sp => new UserStore(database, Clock(sp)));
        services.AddSingleton(_ => new LaneEventStore(database));
        services.AddSingleton(sp => new ParkingGate.Storage.Cameras.CameraListStore(database, Clock(sp)));
        services.AddSingleton(sp => new ParkingGate.Storage.Cameras.OfflineSpanStore(database, Clock(sp)));
        services.AddSingleton(sp => new ParkingGate.Storage.Lanes.LaneHoldStore(database, sp.GetRequiredService<LedgerStore>()));
        services.AddSingleton(sp => new ReportStore(database, sp.GetRequiredService<LedgerStore>(), Clock(sp)));
        services.AddSingleton(sp => new HouseholdStore(database, Clock(sp)));
        services.AddSingleton(sp => new VehicleStore(database, Clock(sp)));
        services.AddSingleton(sp => new BlocklistStore(database, Clock(sp)));
        services.AddSingleton(sp => new PassStore(database, Clock(sp), sp.GetRequiredService<LedgerStore>()));
        services.AddSingleton(sp => new InvitationStore(database, Clock(sp)));
        services.AddSingleton(sp => new ParkingGate.Storage.Conduct.ConductStore(database, Clock(sp), estateId, ParkingGate.Storage.Conduct.ConductStore.PhotoFolderBeside(database.Path)));
        services.AddSingleton<IRegistryLookup>(sp => new RegistryLookup(sp.GetRequiredService<VehicleStore>(), sp.GetRequiredService<BlocklistStore>()));
        services.AddSingleton(sp => new StaySettlement(
            sp.GetRequiredService<StayStore>(), sp.GetRequiredService<LedgerStore>(), sp.GetRequiredService<AuditLog>(), tariffs,
            sp.GetRequiredService<IGateControl>(), sp.GetRequiredService<LaneEventStore>(), Clock(sp), sp.GetRequiredService<ILoggerFactory>().CreateLogger("ParkingGate.Settlement")));
        return services;
    }

    private static TimeProvider Clock(IServiceProvider services) => services.GetRequiredService<TimeProvider>();
}
