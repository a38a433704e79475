using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ParkingGate.Protocols.Display;

namespace ParkingGate.Simulator;

/// <summary>
/// A Vzenith/Zhenshi camera set to HTTP push: it POSTs each read (plain-text license, a record id, a small picture)
/// to its push URL and obeys the reply (open, the board's frames); sends heartbeats as a form that carries its web
/// login, and obeys what their replies carry (an opening, a hold, a message); keeps the reads it could not deliver
/// and, once the server answers again, replays them one at a time with <c>isoffline: 1</c>, each only after the
/// server answered the last with <c>ContinuePushOffline</c>.
/// </summary>
public sealed class SimulatedVzenithHttpCamera : ILaneCamera, IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly TimeProvider _time;
    private readonly ConcurrentQueue<JsonObject> _kept = new();
    private long _record = 100_000;

    /// <summary>A camera with serial number <paramref name="sn"/> that pushes to <paramref name="url"/> (<c>…/push/{secret}</c>).</summary>
    /// <param name="url">Its push URL.</param>
    /// <param name="sn">Its serial number.</param>
    /// <param name="lane">The lane it watches.</param>
    /// <param name="time">Its clock.</param>
    /// <param name="timeout">Its push timeout.</param>
    /// <param name="handler">Its HTTP client's handler (e.g. one that trusts the gate's own certificate, for https).</param>
    public SimulatedVzenithHttpCamera(Uri url, string sn, string lane, TimeProvider time, TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        _url = url;
        Sn = sn;
        Lane = lane;
        _time = time;
        _http = new HttpClient(handler ?? new HttpClientHandler()) { Timeout = timeout ?? TimeSpan.FromSeconds(5) }; // the camera's push timeout
    }

    /// <summary>The camera's serial number.</summary>
    public string Sn { get; }

    /// <summary>The lane it watches.</summary>
    public string Lane { get; }

    /// <summary>Its web password, sent with every heartbeat (the server must never log it).</summary>
    public string WebPassword { get; init; } = "admin-Secret-123";

    /// <summary>How many times it pulsed the barrier (a read answered "ok", a heartbeat answered "opendoor").</summary>
    public int Openings => _openings;

    private int _openings;

    /// <summary>True while its output is held on (常开).</summary>
    public bool HeldOpen { get; private set; }

    /// <summary>What its voice board said.</summary>
    public ConcurrentQueue<string> Spoken { get; } = new();

    /// <summary>Everything the camera did or heard, in order.</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    /// <summary>Records kept while the server could not be reached, waiting to be replayed.</summary>
    public int Kept => _kept.Count;

    /// <summary>The status and body of the last reply it got.</summary>
    public (int Status, string Body) LastReply { get; private set; }

    /// <summary>Raised when the board speaks (lane, text).</summary>
    public event Action<string, string>? Spoke;

    /// <inheritdoc />
    Task ILaneCamera.ReadAsync(string plate, int confidence, CancellationToken cancellationToken) => ReadAsync(plate, confidence, cancellationToken: cancellationToken);

    /// <inheritdoc />
    Task ILaneCamera.KeepAliveAsync(CancellationToken cancellationToken) => HeartbeatAsync(cancellationToken);

    /// <summary>
    /// Pushes one read of <paramref name="plate"/> and obeys the reply; true when the server answered. A read the
    /// server did not answer is kept for the replay, as the camera's offline storage does.
    /// </summary>
    public async Task<bool> ReadAsync(string plate, int confidence = 95, long? recordId = null, int triggerType = 1, string? asSn = null, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var id = recordId ?? Interlocked.Increment(ref _record);
        var result = new JsonObject
        {
            ["license"] = plate, ["colorType"] = 1, ["confidence"] = confidence, ["type"] = 1, ["triggerType"] = triggerType,
            ["plateid"] = id, ["isoffline"] = 0, ["direction"] = 0,
            ["imageFile"] = Convert.ToBase64String(SimPicture.Png(32, 16, (byte)(id * 37))),
            ["timeStamp"] = new JsonObject { ["Timeval"] = new JsonObject { ["sec"] = now.ToUnixTimeSeconds(), ["usec"] = now.Millisecond * 1000 } },
        };
        var body = Alarm(asSn ?? Sn, result);
        var reply = await PostJsonAsync(body.ToJsonString(), cancellationToken);
        if (reply is null)
        {
            result["isoffline"] = 1;
            result["gioouts"] = new JsonArray(new JsonObject { ["ionum"] = 0, ["ctrltype"] = 0 }); // no list to open by: nothing opened
            _kept.Enqueue(body);
            Log.Enqueue($"kept {plate} (record {id}): the server did not answer");
            return false;
        }

        Obey(reply, "Response_AlarmInfoPlate");
        return true;
    }

    /// <summary>Reports an IO input change (<paramref name="source"/> 0–3 = input 1–4): the ground loop.</summary>
    public Task InputAsync(int source, bool on, CancellationToken cancellationToken = default) =>
        PostJsonAsync(new JsonObject
        {
            ["AlarmGioIn"] = new JsonObject { ["serialno"] = Sn, ["result"] = new JsonObject { ["TriggerResult"] = new JsonObject { ["source"] = source, ["value"] = on ? 1 : 0 } } },
        }.ToJsonString(), cancellationToken);

    /// <summary>One heartbeat (a multipart form with its name, address, web login and serial number); obeys the reply.</summary>
    public async Task HeartbeatAsync(CancellationToken cancellationToken = default)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, value) in new[] { ("device_name", "IVS"), ("ipaddr", "192.168.1.100"), ("port", "80"), ("user_name", "admin"), ("pass_wd", WebPassword), ("serialno", Sn), ("channel_num", "1") })
        {
            form.Add(new StringContent(value), name);
        }

        var reply = await PostAsync(form, cancellationToken);
        if (reply is not null)
        {
            Obey(reply, "Response_Heartbeat");
        }
    }

    /// <summary>
    /// Replays the kept records, one at a time, each sent until the server answers it with <c>ContinuePushOffline</c>
    /// for its record id (at most <paramref name="attempts"/> times); returns how many were taken.
    /// </summary>
    public async Task<int> ReplayAsync(int attempts = 3, CancellationToken cancellationToken = default)
    {
        var taken = 0;
        while (_kept.TryPeek(out var record))
        {
            var id = record["AlarmInfoPlate"]!["result"]!["PlateResult"]!["plateid"]!.GetValue<long>();
            var done = false;
            for (var attempt = 0; attempt < attempts && !done; attempt++)
            {
                var reply = await PostJsonAsync(record.ToJsonString(), cancellationToken);
                done = reply is not null && ContinuesAfter(reply, id);
            }

            if (!done)
            {
                Log.Enqueue($"replay stopped at record {id}");
                return taken;
            }

            _kept.TryDequeue(out _);
            taken++;
            Log.Enqueue($"replayed record {id}");
        }

        return taken;
    }

    /// <summary>Posts any body with any content type as this camera (garbled pushes in tests); the status and body come back.</summary>
    public async Task<(int Status, string Body)> PostRawAsync(string body, string contentType, Uri? url = null, CancellationToken cancellationToken = default)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await _http.PostAsync(url ?? _url, content, cancellationToken);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static JsonObject Alarm(string sn, JsonObject plateResult) => new()
    {
        ["AlarmInfoPlate"] = new JsonObject
        {
            ["channel"] = 0, ["deviceName"] = "IVS", ["ipaddr"] = "192.168.1.100", ["serialno"] = sn,
            ["result"] = new JsonObject { ["PlateResult"] = plateResult },
        },
    };

    private static bool ContinuesAfter(JsonNode reply, long id) =>
        reply["Response_AlarmInfoPlate"]?["ContinuePushOffline"] is { } next && next["plateid"]?.GetValue<long>() == id && next["continue"]?.GetValue<int>() == 1;

    private async Task<JsonNode?> PostJsonAsync(string json, CancellationToken cancellationToken)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        return await PostAsync(content, cancellationToken);
    }

    /// <summary>Posts and reads the reply; null when the server could not be reached, timed out or answered other than 200 with JSON.</summary>
    private async Task<JsonNode?> PostAsync(HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.PostAsync(_url, content, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            LastReply = ((int)response.StatusCode, text);
            return response.IsSuccessStatusCode ? JsonNode.Parse(text) : null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException)
        {
            LastReply = (0, e.GetType().Name);
            return null;
        }
    }

    private void Obey(JsonNode reply, string name)
    {
        if (reply[name] is not { } response)
        {
            return;
        }

        if (response["serialData"] is JsonArray frames)
        {
            foreach (var frame in frames)
            {
                if (LedVoiceFrame.TryReadSpeech(Convert.FromBase64String(frame?["data"]?.GetValue<string>() ?? ""), out var text, out _, out _))
                {
                    Spoken.Enqueue(text);
                    Log.Enqueue($"say {text}");
                    Spoke?.Invoke(Lane, text);
                }
            }
        }

        if (response["ivs_ioctrl"] is { } io && io["value"]?.GetValue<int>() is 0 or 1)
        {
            HeldOpen = io["value"]!.GetValue<int>() == 1;
            Log.Enqueue(HeldOpen ? "output held on: barrier up" : "output let go: barrier down");
        }

        if (response["info"]?.GetValue<string>() is "ok" or "opendoor")
        {
            Interlocked.Increment(ref _openings);
            Log.Enqueue($"open ({name})");
        }
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
