using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using MQTTnet;
using MQTTnet.Protocol;
using ParkingGate.Protocols.Display;

namespace ParkingGate.Simulator;

/// <summary>
/// A Vzenith/Zhenshi camera with its barrier and LED/voice board: publishes plate reads (base64 license, a small
/// picture) and keep-alives, answers gpio_out after the barrier starts to rise, and decodes the voice frames it is
/// sent through its RS-485 passthrough.
/// </summary>
public sealed partial class SimulatedVzenithCamera : SimulatedDevice, ILaneCamera
{
    private readonly TimeProvider _time;
    private int _reads;

    private SimulatedVzenithCamera(string sn, string lane, TimeProvider time)
    {
        Sn = sn;
        Lane = lane;
        _time = time;
    }

    /// <summary>The camera's serial number.</summary>
    public string Sn { get; }

    /// <summary>The lane it watches.</summary>
    public string Lane { get; }

    /// <summary>How long the barrier takes to rise after a pulse (scaled by the time provider).</summary>
    public TimeSpan BarrierRise { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>When true, the camera does not answer gpio_out (a dead relay).</summary>
    public bool Silent { get; set; }

    /// <summary>True while its output is held on (gpio_out value 1): the barrier stays up (常开).</summary>
    public bool HeldOpen { get; private set; }

    /// <summary>The ids of the gpio_out pulses it obeyed.</summary>
    public ConcurrentQueue<string> Pulses { get; } = new();

    /// <summary>What its voice board said.</summary>
    public ConcurrentQueue<string> Spoken { get; } = new();

    /// <summary>What its board showed without saying it (the free spaces while idle).</summary>
    public ConcurrentQueue<string> Shown { get; } = new();

    /// <summary>Everything the camera did or heard, in order, for printing and tests.</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    /// <summary>Raised when a gpio_out pulse arrives (before the reply is sent).</summary>
    public event Action? Pulsed;

    /// <summary>Raised when the board speaks (lane, text).</summary>
    public event Action<string, string>? Spoke;

    /// <summary>Connects to the broker with the camera's own account.</summary>
    public static async Task<SimulatedVzenithCamera> ConnectAsync(string host, int port, string user, string password, string sn, string lane, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var camera = new SimulatedVzenithCamera(sn, lane, time);
        await camera.ConnectAsync(host, port, $"sim-{sn}", user, password, $"device/{sn}/message/down/#", cancellationToken);
        return camera;
    }

    /// <summary>Publishes one read of <paramref name="plate"/>, captured now.</summary>
    /// <param name="plate">What the camera read.</param>
    /// <param name="confidence">0–100.</param>
    /// <param name="asSn">Publish as (and on the topic of) another camera: a forged read.</param>
    /// <param name="messageId">A fixed message id (to replay a message); a fresh one when null.</param>
    /// <param name="picture">The picture to send; a generated one when null.</param>
    /// <param name="capturedAgo">How long ago the picture was taken (a stale read).</param>
    /// <param name="cancellationToken">Stops the publish.</param>
    public Task ReadAsync(string plate, int confidence = 95, string? asSn = null, string? messageId = null, byte[]? picture = null, TimeSpan? capturedAgo = null, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow() - (capturedAgo ?? TimeSpan.Zero);
        var sn = asSn ?? Sn;
        var count = Interlocked.Increment(ref _reads);
        if (asSn is null && messageId is null && WasConnected && !Client.IsConnected)
        {
            KeepOffline(plate, confidence, now, count);
            return Task.CompletedTask;
        }

        _lastPlate = plate;
        var json = ReadJson("ivs_result", sn, messageId ?? $"{sn}-{count}-{now.ToUnixTimeMilliseconds()}", plate, confidence, picture ?? SimPicture.Png(32, 16, (byte)(count * 37)), now, null);
        return PublishAsync($"device/{sn}/message/up/ivs_result", json, cancellationToken);
    }

    private static string ReadJson(string name, string sn, string id, string plate, int confidence, byte[] picture, DateTimeOffset at, (long RecordId, bool Opened)? offline) =>
        JsonSerializer.Serialize(new
        {
            id, sn, name, version = "1.0", timestamp = at.ToUnixTimeSeconds(),
            payload = new
            {
                AlarmInfoPlate = new
                {
                    result = new
                    {
                        PlateResult = new
                        {
                            license = Convert.ToBase64String(Encoding.UTF8.GetBytes(plate)), colorType = 1, confidence, triggerType = 1,
                            imageFile = Convert.ToBase64String(picture),
                            timeStamp = new { Timeval = new { sec = at.ToUnixTimeSeconds(), usec = at.Millisecond * 1000 } },
                            plateid = offline?.RecordId,
                            isoffline = offline is null ? 0 : 1,
                            gioouts = offline is { } o ? new[] { new { ionum = 0, ctrltype = o.Opened ? 2 : 0 } } : null,
                        },
                    },
                },
            },
        }, SkipNulls);

    private static readonly JsonSerializerOptions SkipNulls = new() { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <inheritdoc />
    Task ILaneCamera.ReadAsync(string plate, int confidence, CancellationToken cancellationToken) => ReadAsync(plate, confidence, cancellationToken: cancellationToken);

    /// <summary>The camera's own whitelist: plate → expiry as its local wall-clock text (<c>overdue_time</c>).</summary>
    public ConcurrentDictionary<string, string> WhiteList { get; } = new(StringComparer.Ordinal);

    /// <summary>When the camera uses its whitelist: 0 only while offline, 1 always, 2 never (its factory setting here).</summary>
    public int ListMode { get; private set; } = 2;

    /// <summary>The share of whitelist commands the camera carries out but whose answer is lost (0–1), for the loss soak.</summary>
    public double ListReplyLoss { get; set; }

    /// <summary>True to refuse whitelist commands (code 500): a camera whose list is full or broken.</summary>
    public bool RefuseLists { get; set; }

    private readonly Random _loss = new(7);

    /// <summary>Publishes any payload on any topic as this camera (garbled or oversized messages in tests).</summary>
    public Task PublishRawAsync(string topic, string payload, CancellationToken cancellationToken = default) => PublishAsync(topic, payload, cancellationToken);

    /// <summary>Publishes a keep-alive.</summary>
    public Task KeepAliveAsync(CancellationToken cancellationToken = default) =>
        PublishAsync($"device/{Sn}/message/up/keep_alive", JsonSerializer.Serialize(new { id = Guid.NewGuid().ToString("N"), sn = Sn, name = "keep_alive" }), cancellationToken);

    /// <inheritdoc />
    protected override async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        if (e.ApplicationMessage.Topic.EndsWith("/reply", StringComparison.Ordinal))
        {
            return; // its own answers come back on the down/# subscription; a camera does not obey itself
        }

        try
        {
            using var document = JsonDocument.Parse(e.ApplicationMessage.Payload.ToArray());
            var root = document.RootElement;
            var name = root.GetProperty("name").GetString();
            var id = root.GetProperty("id").GetString();
            if (name == "gpio_out" && root.GetProperty("payload").GetProperty("body").GetProperty("value").GetInt32() is 0 or 1)
            {
                HeldOpen = root.GetProperty("payload").GetProperty("body").GetProperty("value").GetInt32() == 1;
                Log.Enqueue(HeldOpen ? $"output held on {id}: barrier up" : $"output let go {id}: barrier down");
                if (!Silent)
                {
                    await PublishAsync($"device/{Sn}/message/down/gpio_out/reply", JsonSerializer.Serialize(new { code = 200, id, name }), CancellationToken.None);
                }
            }
            else if (name == "gpio_out")
            {
                Pulsed?.Invoke();
                Pulses.Enqueue(id!);
                Log.Enqueue($"pulse {id}");
                if (!Silent)
                {
                    await PublishAsync($"device/{Sn}/message/down/gpio_out/reply", JsonSerializer.Serialize(new { code = 200, id, name }), CancellationToken.None);
                    _ = Task.Run(() => BarrierCycleAsync());
                }
            }
            else if (name == "set_wl_check_status")
            {
                ListMode = root.GetProperty("payload").GetProperty("body").GetProperty("filter_enable").GetInt32();
                Log.Enqueue($"whitelist mode {ListMode}");
                if (!Silent)
                {
                    await PublishAsync($"device/{Sn}/message/down/set_wl_check_status/reply", JsonSerializer.Serialize(new { code = 200, id, name }), CancellationToken.None);
                }
            }
            else if (name == "white_list_operator" && root.GetProperty("payload").GetProperty("body").GetProperty("operator_type").GetString() == "select_fuzzy")
            {
                var body = root.GetProperty("payload").GetProperty("body");
                var page = WhiteList.OrderBy(e => e.Key, StringComparer.Ordinal).Skip(body.GetProperty("start_pos").GetInt32()).Take(body.GetProperty("select_count").GetInt32())
                    .Select(e => new { plate = e.Key, enable = 1, overdue_time = e.Value }).ToArray();
                Log.Enqueue($"whitelist read: {page.Length} from {body.GetProperty("start_pos").GetInt32()}");
                if (!Silent)
                {
                    await PublishAsync($"device/{Sn}/message/down/white_list_operator/reply", JsonSerializer.Serialize(new { code = 200, id, name, body = new { dldb_rec = page } }), CancellationToken.None);
                }
            }
            else if (name == "white_list_operator")
            {
                var body = root.GetProperty("payload").GetProperty("body");
                if (!RefuseLists)
                {
                    ApplyWhiteList(body);
                }

                bool lost;
                lock (_loss)
                {
                    lost = _loss.NextDouble() < ListReplyLoss;
                }

                if (!Silent && !lost)
                {
                    await PublishAsync($"device/{Sn}/message/down/white_list_operator/reply", JsonSerializer.Serialize(new { code = RefuseLists ? 500 : 200, id, name }), CancellationToken.None);
                }
            }
            else if (name == "serial_data")
            {
                var data = root.GetProperty("payload").GetProperty("body").GetProperty("serialData")[0].GetProperty("data").GetString()!;
                if (LedVoiceFrame.TryReadSpeech(Convert.FromBase64String(data), out var text, out _, out _))
                {
                    Spoken.Enqueue(text);
                    Log.Enqueue($"say {text}");
                    Spoke?.Invoke(Lane, text);
                }
                else if (LedVoiceFrame.TryReadText(Convert.FromBase64String(data), out _, out var shown, out _))
                {
                    Shown.Enqueue(shown);
                    Log.Enqueue($"show {shown}");
                }
                else
                {
                    Log.Enqueue("a frame the board did not understand");
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            Log.Enqueue($"bad command: {ex.Message}");
        }
    }

    private void ApplyWhiteList(JsonElement body)
    {
        switch (body.GetProperty("operator_type").GetString())
        {
            case "update_or_add":
                var records = body.GetProperty("dldb_rec");
                foreach (var record in records.ValueKind == JsonValueKind.Array ? records.EnumerateArray().ToArray() : [records])
                {
                    WhiteList[record.GetProperty("plate").GetString()!] = record.GetProperty("overdue_time").GetString()!;
                }

                Log.Enqueue($"whitelist +{(records.ValueKind == JsonValueKind.Array ? records.GetArrayLength() : 1)}");
                break;
            case "delete":
                WhiteList.TryRemove(body.GetProperty("plate").GetString()!, out _);
                Log.Enqueue("whitelist -1");
                break;
        }
    }
}
