using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Gate.Lanes;

namespace ParkingGate.Gate;

/// <summary>
/// The visitor spaces left: published retained on <c>parkinggate/{estate}/spaces</c> whenever the number changes, and
/// shown (not spoken) on the boards of entry lanes that have been quiet for a while, until the next car.
/// </summary>
public sealed partial class GateRuntime
{
    /// <summary>A lane this long without a decision counts as idle: its board shows the free spaces (20 s).</summary>
    public TimeSpan BoardIdleAfter { get; set; } = TimeSpan.FromSeconds(20);

    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastDecision = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _idleShown = new(StringComparer.Ordinal);
    private ITimer? _spacesTimer;
    private int? _spacesPublished;
    private int _spacesBusy;

    /// <summary>The topic the free visitor spaces are published on, retained.</summary>
    public static string SpacesTopic(string estate) => $"parkinggate/{estate}/spaces";

    /// <summary>The visitor spaces free at the last look (null before the first).</summary>
    public int? FreeSpaces => _spacesPublished;

    /// <summary>Looks every 2 s of real time (not the gate's clock: a scaled soak must not look a thousand times a second).</summary>
    private void StartSpaces() =>
        _spacesTimer = TimeProvider.System.CreateTimer(_ => _ = SpacesAsync(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

    /// <summary>A decision was made on <paramref name="lane"/>: it is busy, and its board shows the free spaces again once it is quiet.</summary>
    private void LaneBusy(string lane)
    {
        _lastDecision[lane] = _time.GetUtcNow();
        _idleShown.TryRemove(lane, out _);
    }

    private async Task SpacesAsync()
    {
        if (Interlocked.Exchange(ref _spacesBusy, 1) == 1)
        {
            return;
        }

        try
        {
            var total = _settings.Rules.VisitorSpaces;
            var free = Math.Max(0, total - (await Stays.OpenPlatesAsync(_stop.Token)).Count);
            if (_spacesPublished != free)
            {
                var json = JsonSerializer.Serialize(new { visitorSpaces = total, free, atUtc = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) });
                await _link!.PublishAsync(SpacesTopic(_settings.Estate), json, retain: true, _stop.Token);
                _spacesPublished = free;
            }

            var now = _time.GetUtcNow();
            foreach (var lane in _settings.Lanes.Where(l => l.Way == LaneDirection.Entry).Select(l => l.Id))
            {
                var quiet = !_lastDecision.TryGetValue(lane, out var last) || now - last >= BoardIdleAfter;
                if (quiet && (!_idleShown.TryGetValue(lane, out var shown) || shown != free) && Controller.HoldOf(lane) is null)
                {
                    await _routed!.ShowIdleAsync(lane, free > 0 ? new LocalizedText($"空余车位 {free}", $"{free} spaces free") : new LocalizedText("车位已满", "lot full"), _stop.Token);
                    _idleShown[lane] = free;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException and not ObjectDisposedException)
        {
            Log.LaneError(_log, "(spaces)", "(free spaces)", e);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
            // stopping
        }
        finally
        {
            Volatile.Write(ref _spacesBusy, 0);
        }
    }
}
