using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ParkingGate.Devices.Families;
using ParkingGate.Devices.Mqtt;
using ParkingGate.Storage.Cameras;

namespace ParkingGate.Gate.Outputs;

/// <summary>
/// Sends the outbox of the cameras' own lists (<see cref="CameraListStore"/>): due operations, batched per camera as
/// the family allows, each command matched to the camera's answer by its id. A confirmed operation is done; a refusal
/// or silence is tried again with a growing wait. A registry change wakes it at once, so a change reaches the cameras
/// in well under a second; otherwise it looks every second.
/// </summary>
public sealed partial class CameraListSync : IAsyncDisposable
{
    /// <summary>How long a camera has to answer a list command (a physical wait, on the real clock).</summary>
    public static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(1);
    private readonly MqttLink _link;
    private readonly CameraListStore _store;
    private readonly IReadOnlyDictionary<string, ICameraList> _cameras;
    private readonly TimeZoneInfo _zone;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly ConcurrentDictionary<string, TaskCompletionSource<bool>> _pending = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _modeTried = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _offlineOnly = new(StringComparer.Ordinal);
    private Task _loop = Task.CompletedTask;
    private long _sequence;

    /// <summary>Creates the sender for <paramref name="cameras"/> (camera id → its family).</summary>
    public CameraListSync(MqttLink link, CameraListStore store, IReadOnlyDictionary<string, ICameraList> cameras, TimeZoneInfo zone, TimeProvider time, ILogger log)
    {
        _link = link;
        _store = store;
        _cameras = cameras;
        _zone = zone;
        _time = time;
        _log = log;
    }

    /// <summary>The cameras whose list is filled by calling them (camera id → its family), beside the MQTT ones.</summary>
    public IReadOnlyDictionary<string, Devices.Http.ICalledCameraList> Called { get; init; } = new Dictionary<string, Devices.Http.ICalledCameraList>();

    /// <summary>The client that calls them.</summary>
    public Devices.Http.CameraCalls? Calls { get; init; }

    /// <summary>The cameras that confirmed they use their list only while offline (since the start).</summary>
    public IReadOnlyCollection<string> OfflineOnly => [.. _offlineOnly.Keys];

    /// <summary>Registers the cameras (a new one gets its whole list queued) and starts sending.</summary>
    public async Task StartAsync(IEnumerable<(string Camera, string Kind)> cameras, CancellationToken cancellationToken)
    {
        foreach (var camera in await _store.RegisterAsync(cameras, cancellationToken))
        {
            Log.ListFullSync(_log, camera);
        }

        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>The registry changed: send what it queued now rather than at the next look.</summary>
    public void Wake() => _wake.Release();

    /// <summary>A device answered the command sent under <paramref name="key"/>; keys of other commands are ignored.</summary>
    public void Answered(string key, bool success)
    {
        if (_pending.TryGetValue(key, out var waiter))
        {
            waiter.TrySetResult(success);
        }
    }

    /// <summary>Sends every operation due now; returns how many the cameras confirmed.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var confirmed = 0;
        var due = await _store.DueAsync(cancellationToken: cancellationToken);
        // A round holds at most one operation per camera and plate (a newer one supersedes), so its commands can all be
        // in flight together: a lost answer costs the round one wait, not one wait per command, and a camera that is
        // not connected yet costs one wait per round.
        var sends = due.Where(op => _cameras.ContainsKey(op.Camera)).GroupBy(op => op.Camera).SelectMany(camera =>
        {
            var family = _cameras[camera.Key];
            var keep = camera.Where(op => op.Keep).Chunk(family.BatchSize);
            var remove = camera.Where(op => !op.Keep).Select(op => new[] { op });
            return keep.Concat(remove).Select(async batch => await SendAsync(camera.Key, family, batch, cancellationToken) ? batch.Length : 0);
        });
        // A called camera takes one plate per call; its calls go one after another, the cameras side by side.
        var calls = due.Where(op => Called.ContainsKey(op.Camera)).GroupBy(op => op.Camera).Select(async camera =>
        {
            var done = 0;
            foreach (var op in camera)
            {
                done += await SendCalledAsync(camera.Key, Called[camera.Key], op, cancellationToken) ? 1 : 0;
            }

            return done;
        });
        foreach (var count in await Task.WhenAll(sends.Concat(calls)))
        {
            confirmed += count;
        }

        return confirmed;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        _stop.Dispose();
        _wake.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                SetOfflineOnly(cancellationToken);
                await SendDueAsync(cancellationToken);
                await CheckNightlyAsync(cancellationToken);
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or Storage.StorageException or InvalidOperationException)
            {
                Log.ListProblem(_log, e.Message);
            }

            await _wake.WaitAsync(Idle, cancellationToken);
        }
    }

    /// <summary>
    /// Each camera is told, until it confirms once, to open by its list only while its link is down; asked again every
    /// 10 seconds (a camera that is not connected yet), beside the list operations, never holding them up.
    /// </summary>
    private void SetOfflineOnly(CancellationToken cancellationToken)
    {
        var now = TimeProvider.System.GetUtcNow();
        foreach (var (camera, family) in _cameras)
        {
            if (_offlineOnly.ContainsKey(camera) || (_modeTried.TryGetValue(camera, out var tried) && now - tried < TimeSpan.FromSeconds(10)))
            {
                continue;
            }

            _modeTried[camera] = now;
            _ = Task.Run(async () =>
            {
                var id = $"list-mode-{camera}-{Interlocked.Increment(ref _sequence)}";
                if (await AskAsync(family, id, family.OfflineOnly(camera, id, _time.GetUtcNow().ToUnixTimeSeconds()), cancellationToken) == true)
                {
                    _offlineOnly[camera] = 0;
                }
            }, CancellationToken.None);
        }
    }

    /// <summary>Publishes a command and waits for its answer: true or false as answered, null when none came in time.</summary>
    private async Task<bool?> AskAsync(ICameraList family, string id, ParkingGate.Protocols.MqttCommand command, CancellationToken cancellationToken)
    {
        var key = family.AnswerKey(id);
        var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[key] = answer;
        try
        {
            await _link.PublishAsync(command.Topic, command.Payload, retain: false, cancellationToken);
            var first = await Task.WhenAny(answer.Task, Task.Delay(ReplyTimeout, TimeProvider.System, cancellationToken));
            return first == answer.Task ? answer.Task.Result : null;
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            return null; // stopping, or the broker could not take the command: as good as no answer
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    private async Task<bool> SendAsync(string camera, ICameraList family, CameraListOp[] batch, CancellationToken cancellationToken)
    {
        var id = $"list-{camera}-{Interlocked.Increment(ref _sequence)}-{batch[0].Id}";
        var entries = batch.Select(op => new CameraListEntry(op.Plate, op.Keep, op.Until)).ToList();
        var command = family.ListCommand(camera, id, entries, _zone, _time.GetUtcNow().ToUnixTimeSeconds());
        var ids = batch.Select(op => op.Id).ToArray();
        var answered = await AskAsync(family, id, command, cancellationToken);
        if (answered == true)
        {
            await _store.DoneAsync(ids, CancellationToken.None);
            return true;
        }

        var why = answered == false ? "the camera refused the command" : $"no answer within {ReplyTimeout.TotalSeconds:0} s";
        Log.ListRetry(_log, camera, ids.Length, why);
        await _store.RetryAsync(ids, why, CancellationToken.None);
        return false;
    }

    /// <summary>
    /// One operation on a called camera's list: the plate's old entry removed by its record number (a change or a
    /// removal), then, to keep it, inserted again and the new record number kept. Done only when every call was confirmed.
    /// </summary>
    private async Task<bool> SendCalledAsync(string camera, Devices.Http.ICalledCameraList family, CameraListOp op, CancellationToken cancellationToken)
    {
        string? failed;
        if (Calls is null)
        {
            failed = "the gate has no client for cameras it calls";
        }
        else
        {
            failed = null;
            if (await _store.RecordNumberAsync(camera, op.Plate, cancellationToken) is { } existing)
            {
                failed = await Calls.CallAsync(camera, uri => family.Remove(uri, existing), family.ConfirmsRemoved, ReplyTimeout, cancellationToken);
                if (failed is null)
                {
                    await _store.SetRecordNumberAsync(camera, op.Plate, null, CancellationToken.None);
                }
            }

            if (failed is null && op.Keep)
            {
                string? inserted = null;
                failed = await Calls.CallAsync(camera, uri => family.Insert(uri, new CameraListEntry(op.Plate, true, op.Until), _zone, _time.GetUtcNow()),
                    (int status, string body, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? problem) => family.TryReadInserted(status, body, out inserted, out problem),
                    ReplyTimeout, cancellationToken);
                if (failed is null)
                {
                    await _store.SetRecordNumberAsync(camera, op.Plate, inserted, CancellationToken.None);
                }
            }
        }

        if (failed is null)
        {
            await _store.DoneAsync([op.Id], CancellationToken.None);
            return true;
        }

        Log.ListRetry(_log, camera, 1, failed);
        await _store.RetryAsync([op.Id], failed, CancellationToken.None);
        return false;
    }
}
