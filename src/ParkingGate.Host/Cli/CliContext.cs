using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ParkingGate.Domain;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Gate.Configuration;
using ParkingGate.Gate.Settlement;
using ParkingGate.Host.Configuration;
using ParkingGate.Storage;
using ParkingGate.Storage.Audit;
using ParkingGate.Storage.Conduct;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Host.Cli;

/// <summary>What a verb needs: its output streams, the clock, and the config and database it was pointed at.</summary>
internal sealed class CliContext
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    private readonly ParseResult _parse;
    private LoadedConfig? _config;
    private SqliteDatabase? _database;

    public CliContext(ParseResult parse, TextWriter output, TextWriter error, TimeProvider timeProvider)
    {
        _parse = parse;
        Out = output;
        Err = error;
        Time = timeProvider;
    }

    public TextWriter Out { get; }

    public TextWriter Err { get; }

    public TimeProvider Time { get; }

    /// <summary>Who is acting, for the audit log.</summary>
    public string Operator => _parse.GetValue(GlobalOptions.Operator) is { Length: > 0 } name ? name.Trim() : Environment.UserName;

    /// <summary>The validated config (loaded once).</summary>
    public ParkingGateOptions Options => Config.Options;

    /// <summary>The estate's visitor tariff versions.</summary>
    public TariffBook Tariffs => Config.Tariffs;

    /// <summary>The estate's time zone.</summary>
    public TimeZoneInfo Zone => TimeZones.Find(Options.Estate.TimeZone)!;

    /// <summary>The config and its tariffs.</summary>
    public LoadedConfig Config => _config ??= ConfigLoader.Load(_parse.GetValue(GlobalOptions.Config) ?? ConfigLoader.DefaultPath);

    /// <summary>The database path: --db, else the config's database.path.</summary>
    public string DatabasePath => _parse.GetValue(GlobalOptions.Database) ?? Options.Database.Path;

    /// <summary>The only folder exports are written to (<c>reports.exportFolder</c>), as a full path.</summary>
    public string ExportFolder => Path.GetFullPath(Options.Reports.ExportFolder);

    /// <summary>The full path of <paramref name="name"/> in the export folder; false when it would land outside it.</summary>
    public bool TryExportPath(string name, out string path)
    {
        path = Path.GetFullPath(Path.Combine(ExportFolder, name));
        return path.StartsWith(ExportFolder + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }

    /// <summary>
    /// The database, opened and migrated. The config is validated first, also when --db is given, so a bad
    /// config stops every verb that touches the registry before anything is written.
    /// </summary>
    public async Task<SqliteDatabase> DatabaseAsync(CancellationToken cancellationToken)
    {
        _ = Options;
        return _database ??= await SqliteDatabase.OpenAsync(DatabasePath, Time, cancellationToken);
    }

    public async Task<RegistryStores> RegistryAsync(CancellationToken cancellationToken) =>
        new(await DatabaseAsync(cancellationToken), Time, await LedgerAsync(cancellationToken));

    /// <summary>The conduct register (红黑榜), its photos beside the database.</summary>
    public async Task<ConductStore> ConductAsync(CancellationToken cancellationToken) =>
        new(await DatabaseAsync(cancellationToken), Time, Options.Estate.Id, ConductStore.PhotoFolderBeside(DatabasePath));

    public async Task<AuditLog> AuditAsync(CancellationToken cancellationToken) =>
        new(await DatabaseAsync(cancellationToken), Time);

    public async Task<LedgerStore> LedgerAsync(CancellationToken cancellationToken) =>
        new(await DatabaseAsync(cancellationToken), Time, Options.Estate.Id);

    public async Task<ShiftBook> ShiftsAsync(CancellationToken cancellationToken) =>
        new(await DatabaseAsync(cancellationToken), Time, await LedgerAsync(cancellationToken));

    public async Task<StayStore> StaysAsync(CancellationToken cancellationToken) =>
        new(await DatabaseAsync(cancellationToken), Time, await LedgerAsync(cancellationToken));

    /// <summary>Settles stays from the command line: ledger and audit log as the desk writes them; no gate runs here to open.</summary>
    public async Task<StaySettlement> SettlementAsync(CancellationToken cancellationToken)
    {
        var ledger = await LedgerAsync(cancellationToken);
        var database = await DatabaseAsync(cancellationToken);
        return new StaySettlement(new StayStore(database, Time, ledger), ledger, new AuditLog(database, Time), Tariffs, barrier: null, new Storage.Lanes.LaneEventStore(database), Time);
    }

    public void WriteJson<T>(T value) => Out.WriteLine(JsonSerializer.Serialize(value, Json));

    /// <summary>Reports a failed result on stderr and gives exit code 1.</summary>
    public int Fail(Problem problem)
    {
        Err.WriteLine($"error: {problem.Message}");
        return ExitCodes.Failed;
    }

    /// <summary>Reports a usage problem on stderr and gives exit code 2.</summary>
    public int Usage(string message)
    {
        Err.WriteLine($"error: {message}");
        return ExitCodes.UsageOrConfig;
    }
}
