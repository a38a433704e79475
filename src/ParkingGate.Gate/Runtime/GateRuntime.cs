using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using ParkingGate.Devices.Families;
using ParkingGate.Devices.Http;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Gate.Configuration;
using ParkingGate.Gate.Lanes;
using ParkingGate.Gate.Outputs;
using ParkingGate.Gate.Settlement;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Storage;
using ParkingGate.Storage.Audit;
using ParkingGate.Storage.Cameras;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Ledger;
using ParkingGate.Storage.Registry;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Gate;

/// <summary>
/// The running gate: the embedded broker (or a link to an external one), the lanes' devices, one bounded queue and
/// one reader per lane feeding the lane controller. Messages that fail to parse are counted and logged, never
/// acted on; a flood only ever holds the newest reads of a lane in memory.
/// </summary>
public sealed partial class GateRuntime : IAsyncDisposable, IExitBarrier
{
    private const int LaneQueue = 256;

    /// <summary>
    /// Records a camera kept while offline, waiting per lane: a replay after a long outage must not push live reads
    /// out, nor be pushed out by them; one beyond this is refused and counted (the camera keeps up to ~9,000).
    /// </summary>
    private const int OfflineQueue = 10_000;
    private readonly GateSettings _settings;
    private readonly ILogger _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<string, (LaneWiring Wiring, Channel<CameraRead> Queue, Channel<CameraRead> Offline)> _lanes = new(StringComparer.Ordinal);
    private readonly List<Task> _readers = [];
    private readonly HashSet<string> _terminals = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly DeviceTally _tally;
    private EmbeddedBroker? _broker;
    private MqttLink? _link;
    private MqttLaneOutputs? _outputs;
    private CameraListSync? _lists;
    private MqttRouter? _router;
    private SerialDevices? _serial;
    private ILaneOutputs? _routed;
    private PushReplies? _push;
    private Devices.Http.DeviceHttpListener? _http;
    private CameraCalls? _calls;
    private readonly Dictionary<CameraAddress, string> _byCamera = [];
    private PictureStore _pictures = null!;
    private ITimer? _pruning;
    private ITimer? _expiring;
    private BlocklistStore? _blocklist;
    private Storage.Conduct.ConductStore? _conduct;

    private GateRuntime(GateSettings settings, TimeProvider time, ILogger log)
    {
        _settings = settings;
        _time = time;
        _log = log;
        _tally = new DeviceTally(time, log);
    }

    /// <summary>The lane controller deciding every read.</summary>
    public LaneController Controller { get; private set; } = null!;

    /// <summary>The stays store (for the booth's payment flow).</summary>
    public StayStore Stays { get; private set; } = null!;

    /// <summary>Settles stays through this gate's exits: the booth, the terminals and openings by hand.</summary>
    public StaySettlement Settlement { get; private set; } = null!;

    /// <summary>The broker's port (embedded), or the external broker's.</summary>
    public int BrokerPort { get; private set; }

    /// <summary>The device HTTP listener's port, or 0 when no camera pushes over HTTP.</summary>
    public int HttpPort { get; private set; }

    private Devices.Http.HttpListenerSettings HttpSettings(HttpDeviceOptions http) => new(
        IPAddress.Parse(http.Bind), http.Port, http.Tls ? http.LoadedCertificate ?? throw new InvalidOperationException("http.tls is on but no certificate was loaded") : null,
        http.MaxBodyKb * 1024L, TimeSpan.FromSeconds(http.HeaderTimeoutSeconds), TimeSpan.FromSeconds(http.RequestTimeoutSeconds), http.MaxConnections,
        [.. http.Devices.Select(d => new HttpDevice(d.Kind, d.Id, d.Secret, d.From is null ? null : IPAddress.Parse(d.From))
        {
            Address = d.Address is null ? null : new Uri(d.Address), User = d.User, Password = d.Password,
        })])
    {
        Zone = _settings.Zone,
    };

    /// <summary>The service account's password on the embedded broker.</summary>
    public string? ServicePassword { get; private set; }

    /// <summary>Messages refused, by reason.</summary>
    public IReadOnlyDictionary<string, long> Rejected => _tally.Rejected;

    /// <summary>When each camera was last heard (keep-alives and reads).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> LastSeen => _tally.LastSeen;

    /// <summary>Raised after every decision, for the demo's printout.</summary>
    public event Action<LaneDecision>? Decided;

    /// <summary>Starts the broker, the link and the lanes.</summary>
    public static async Task<GateRuntime> StartAsync(GateSettings settings, TariffBook tariffs, SqliteDatabase database, TimeProvider time, ILogger log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(database);
        var runtime = new GateRuntime(settings, time, log);
        var folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(database.Path)) ?? ".", "pictures");
        runtime._pictures = new PictureStore(folder, settings.Zone);
        await runtime.StartCoreAsync(tariffs, database, cancellationToken);
        runtime._pruning = time.CreateTimer(_ => runtime.Prune(), null, TimeSpan.Zero, TimeSpan.FromDays(1));
        runtime._expiring = time.CreateTimer(_ => runtime.ExpireHeld(), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));
        runtime.StartHolds(new LaneHoldStore(database, new LedgerStore(database, time, settings.Estate)));
        runtime.StartSpaces();
        return runtime;
    }

    /// <summary>
    /// The serial ports the gate owns and their last problem (null while working), for the desk and the installer.
    /// </summary>
    public IReadOnlyDictionary<string, string?> SerialPortStates => _serial?.PortStates ?? new Dictionary<string, string?>();

    /// <summary>The folder pictures are kept in.</summary>
    public string PictureFolder => _pictures.Folder;

    private async Task StartCoreAsync(TariffBook tariffs, SqliteDatabase database, CancellationToken cancellationToken)
    {
        var estate = _settings.Estate;
        var mqtt = _settings.Mqtt;
        string host = mqtt.Host ?? "127.0.0.1";
        string? user = mqtt.UserName, password = mqtt.Password;
        if (mqtt.Embedded)
        {
            var certificate = mqtt.Tls ? mqtt.BrokerCertificate ?? throw new InvalidOperationException("mqtt.tls is on but no broker certificate was loaded") : null;
            _broker = await EmbeddedBroker.StartAsync(new BrokerEndpoint(IPAddress.Parse(mqtt.Bind), mqtt.Port, mqtt.AllowAnonymous, certificate), mqtt.Devices.Select(d => d.Account(estate)), devicesWait: true);
            _broker.PublishRefused += (who, topic) => Count($"acl: {who} may not publish on {topic}");
            _broker.LoginRefused += (who, from) => Count($"broker refused a login as {who} from {from}");
            (host, user, password) = (mqtt.Bind, EmbeddedBroker.ServiceUser, _broker.ServicePassword);
            BrokerPort = _broker.Port;
            ServicePassword = _broker.ServicePassword;
        }
        else
        {
            BrokerPort = mqtt.Port;
        }

        _link = new MqttLink(new MqttLinkOptions(host, BrokerPort, $"parkinggate-{estate}", user, password, $"parkinggate/{estate}/status", mqtt.Tls, mqtt.Embedded ? mqtt.BrokerCertificate : null), _time);
        var wirings = _settings.Lanes.Select(LaneWiring.From).ToList();
        _terminals.UnionWith(_settings.Lanes.Where(l => l.Terminal).Select(l => l.Id));
        _outputs = new MqttLaneOutputs(_link, estate, wirings, _time);
        _router = new MqttRouter(DeviceFamilies.Mqtt, estate);
        var ledger = new LedgerStore(database, _time, estate);
        Stays = new StayStore(database, _time, ledger);
        var registry = new RegistryLookup(new VehicleStore(database, _time), new BlocklistStore(database, _time));
        Settlement = new StaySettlement(Stays, ledger, new AuditLog(database, _time), tariffs, this, new LaneEventStore(database), _time, _log);
        _serial = new SerialDevices(_settings, _time, _log, Seen, Count);
        var routed = _serial.Route(_outputs);
        var pushing = _settings.Lanes.Where(l => l.Camera.Device?.Link == DeviceLink.Http).ToDictionary(
            l => l.Id, l => new PushLane(new CameraAddress(l.Camera.Kind, l.Camera.Id), l.Relay.Device?.Link == DeviceLink.CameraOutput, l.Display.Device?.Link == DeviceLink.CameraOutput, TimeSpan.FromMilliseconds(l.Relay.ReplyTimeoutMs)), StringComparer.Ordinal);
        _push = pushing.Count > 0 ? new PushReplies(routed, pushing) : null; // the lanes whose camera is told in the replies to its own pushes
        var called = _settings.Lanes.Where(l => l.Camera.Device?.HttpFamily is IHttpBarrier && l.Relay.Device?.Link == DeviceLink.CameraOutput).ToDictionary(
            l => l.Id, l => new CalledLane(l.Camera.Id, (IHttpBarrier)l.Camera.Device!.HttpFamily!, TimeSpan.FromMilliseconds(l.Relay.ReplyTimeoutMs)), StringComparer.Ordinal);
        var http = HttpSettings(_settings.Http);
        _calls = http.Devices.Any(d => d.Address is not null) ? new CameraCalls(http.Devices) : null;
        _routed = _calls is null ? (ILaneOutputs?)_push ?? routed : new CalledBarriers((ILaneOutputs?)_push ?? routed, _calls, called, Count);

        _serial.RelayStuck += (lane, answer) => _ = RelayStuckAsync(lane, answer);
        _conduct = _settings.Conduct is null ? null : new Storage.Conduct.ConductStore(database, _time, _settings.Estate, Storage.Conduct.ConductStore.PhotoFolderBeside(database.Path));
        Controller = new LaneController(registry, Stays, new LaneEventStore(database), tariffs, _routed, _settings.Rules, _time, new OfflineSpanStore(database, _time))
        {
            Presence = new ResidentPresenceStore(database),
            Conduct = _settings.Conduct is { } conduct && _conduct is not null ? new Storage.Conduct.ConductReminders(_conduct, conduct) : null,
        };
        _blocklist = new BlocklistStore(database, _time);
        await Controller.WarmUpAsync(cancellationToken);
        _outputs.WarmUp();
        foreach (var wiring in wirings)
        {
            var queue = Channel.CreateBounded<CameraRead>(new BoundedChannelOptions(LaneQueue) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
            var offline = Channel.CreateBounded<CameraRead>(new BoundedChannelOptions(OfflineQueue) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true });
            _lanes[wiring.Lane.Id] = (wiring, queue, offline);
            _byCamera.TryAdd(wiring.Camera, wiring.Lane.Id);
            _readers.Add(Task.Run(() => ReadLaneAsync(wiring.Lane, queue.Reader, offline.Reader, _stop.Token), CancellationToken.None));
        }

        _readers.Add(Task.Run(() => ReadPaymentsAsync(_stop.Token), CancellationToken.None));
        _serial.StartCameras(lane => _lanes[lane].Queue.Writer);
        _link.MessageReceived = OnMessageAsync;
        await _link.StartAsync(TimeSpan.FromSeconds(30), cancellationToken);
        foreach (var filter in _router.Filters)
        {
            await _link.SubscribeAsync(filter, cancellationToken);
        }

        _broker?.OpenToDevices(); // only now: a camera back from offline sends its kept records at once
        if (_settings.Http.Devices.Count > 0)
        {
            _http = await Devices.Http.DeviceHttpListener.StartAsync(http, this, cancellationToken);
            HttpPort = _http.Port;
        }

        // The cameras that keep their own list of plates (to open for residents and pass holders while the gate is down).
        var listed = _settings.Lanes.Where(l => l.Camera.Device?.Family is ICameraList || l.Camera.Device?.HttpFamily is ICalledCameraList).DistinctBy(l => l.Camera.Id).ToList();
        _lists = new CameraListSync(_link, new CameraListStore(database, _time), listed.Where(l => l.Camera.Device!.Family is ICameraList).ToDictionary(l => l.Camera.Id, l => (ICameraList)l.Camera.Device!.Family!), _settings.Zone, _time, _log)
        {
            CheckHour = _settings.ListCheckHour,
            Called = listed.Where(l => l.Camera.Device!.HttpFamily is ICalledCameraList).ToDictionary(l => l.Camera.Id, l => (ICalledCameraList)l.Camera.Device!.HttpFamily!),
            Calls = _calls,
        };
        await _lists.StartAsync(listed.Select(l => (l.Camera.Id, l.Camera.Kind)), cancellationToken);
        Log.Started(_log, _lanes.Count, BrokerPort);
    }

    /// <summary>Publishes the current alerts, retained, on <c>parkinggate/{estate}/alerts</c> (a new subscriber gets them at once).</summary>
    public Task PublishAlertsAsync(string json, CancellationToken cancellationToken = default) =>
        _link!.PublishAsync($"parkinggate/{_settings.Estate}/alerts", json, retain: true, cancellationToken);

    /// <summary>The sender of the cameras' own lists.</summary>
    public CameraListSync? Lists => _lists;

    /// <summary>The lanes, in config order: id and whether it is an exit.</summary>
    public IReadOnlyList<(string Id, bool IsExit)> Lanes => [.. _settings.Lanes.Select(l => (l.Id, l.Way == LaneDirection.Exit))];

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_expiring is not null)
        {
            await _expiring.DisposeAsync();
        }

        if (_pruning is not null)
        {
            await _pruning.DisposeAsync();
        }

        if (_holdTimer is not null)
        {
            await _holdTimer.DisposeAsync();
        }

        if (_spacesTimer is not null)
        {
            await _spacesTimer.DisposeAsync();
        }

        if (_http is not null)
        {
            await _http.DisposeAsync();
        }

        _calls?.Dispose();

        await _stop.CancelAsync();
        foreach (var (_, queue, offline) in _lanes.Values)
        {
            queue.Writer.TryComplete();
            offline.Writer.TryComplete();
        }

        _payments.Writer.TryComplete();

        await Task.WhenAll(_readers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_serial is not null)
        {
            await _serial.DisposeAsync();
        }
        if (_lists is not null)
        {
            await _lists.DisposeAsync();
        }

        if (_link is not null)
        {
            await _link.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        _stop.Dispose();
    }

    private void Count(string reason) => _tally.Refuse(reason);

    private void Seen(string device) => _tally.Heard(device);
}
