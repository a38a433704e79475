using System.Collections.Concurrent;
using ParkingGate.Devices.Families;
using ParkingGate.Storage.Cameras;

namespace ParkingGate.Gate.Outputs;

/// <summary>
/// The nightly check: each camera's list is read back page by page and compared with what the registry entitles; each
/// difference becomes an operation in the outbox (a plate the camera should not hold is removed, one it lacks or holds
/// with another end is sent again), so a list that drifted (a camera reset, a lost change, a hand edit on the camera's
/// web page) is mended by the next morning.
/// </summary>
public sealed partial class CameraListSync
{
    /// <summary>The most entries a list is read back to (a Vzenith camera holds some thousands).</summary>
    public const int MostListed = 20_000;

    private readonly ConcurrentDictionary<string, TaskCompletionSource<IReadOnlyList<CameraListed>>> _pages = new(StringComparer.Ordinal);

    /// <summary>The local hour the lists are checked at, each night (3: the quietest hour at a gate).</summary>
    public int CheckHour { get; init; } = 3;

    /// <summary>A camera answered a read of its list; pages of other commands are ignored.</summary>
    public void ListPage(string key, IReadOnlyList<CameraListed> entries)
    {
        if (_pages.TryGetValue(key, out var waiter))
        {
            waiter.TrySetResult(entries);
        }
    }

    /// <summary>Reads camera <paramref name="camera"/>'s list back and mends the differences; null when the camera did not answer.</summary>
    public async Task<CameraListCheck?> CheckAsync(string camera, CancellationToken cancellationToken = default)
    {
        var family = _cameras[camera];
        var listed = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        var unreadable = 0;
        for (var start = 0; start < MostListed; start += family.BatchSize)
        {
            var id = $"read-{camera}-{Interlocked.Increment(ref _sequence)}";
            var key = family.AnswerKey(id);
            var page = new TaskCompletionSource<IReadOnlyList<CameraListed>>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pages[key] = page;
            try
            {
                var command = family.ReadCommand(camera, id, start, family.BatchSize, _time.GetUtcNow().ToUnixTimeSeconds());
                await _link.PublishAsync(command.Topic, command.Payload, retain: false, cancellationToken);
                var first = await Task.WhenAny(page.Task, Task.Delay(ReplyTimeout, TimeProvider.System, cancellationToken));
                if (first != page.Task)
                {
                    await _store.CheckFailedAsync(camera, $"no answer to a read of its list within {ReplyTimeout.TotalSeconds:0} s", cancellationToken);
                    Log.ListCheckFailed(_log, camera);
                    return null;
                }
            }
            catch (Exception e) when (e is InvalidOperationException or MQTTnet.Exceptions.MqttCommunicationException)
            {
                await _store.CheckFailedAsync(camera, "the broker could not take the read", cancellationToken);
                return null;
            }
            finally
            {
                _pages.TryRemove(key, out _);
            }

            var entries = await page.Task;
            foreach (var entry in entries)
            {
                if (family.TryReadUntil(entry.Until, _zone, out var until))
                {
                    listed[entry.Plate] = until;
                }
                else
                {
                    listed[entry.Plate] = DateTimeOffset.MinValue; // an end the camera garbled: sent again
                    unreadable++;
                }
            }

            if (entries.Count < family.BatchSize)
            {
                break;
            }
        }

        var check = await _store.MendAsync(camera, listed, cancellationToken);
        Log.ListChecked(_log, camera, check, unreadable);
        Wake();
        return check;
    }

    /// <summary>At <see cref="CheckHour"/> local time, each camera not checked in the last 20 hours is checked.</summary>
    private async Task CheckNightlyAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (TimeZoneInfo.ConvertTime(now, _zone).Hour != CheckHour)
        {
            return;
        }

        foreach (var status in await _store.StatusAsync(cancellationToken))
        {
            if (_cameras.ContainsKey(status.Camera) && (status.LastCheckUtc is not { } last || now - last > TimeSpan.FromHours(20)))
            {
                await CheckAsync(status.Camera, cancellationToken);
            }
        }
    }
}
