using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using ParkingGate.Devices;
using ParkingGate.Storage.Lanes;

namespace ParkingGate.Gate;

/// <summary>
/// Lanes held open (常开): what <see cref="LaneHoldStore"/> says is held is applied to the barriers, whoever wrote it
/// (the desk nudges at once; the command line is picked up within <see cref="HoldCheck"/>), after a restart too. A
/// relay that does not confirm is tried again at the next check (a hold longer than the config allows is an alert of the
/// health checks).
/// </summary>
public sealed partial class GateRuntime
{
    /// <summary>How often the holds written elsewhere (the command line) are looked for, and unconfirmed ones sent again.</summary>
    public static readonly TimeSpan HoldCheck = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, bool> _holdApplied = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _applyingHolds = new(1, 1);
    private LaneHoldStore? _holdStore;
    private ITimer? _holdTimer;

    /// <summary>Whether each lane's barrier confirmed the hold state it was last sent (true held up, false let go); absent until sent.</summary>
    public IReadOnlyDictionary<string, bool> HoldApplied => _holdApplied;

    /// <summary>Lanes whose hold state the barrier has not confirmed yet.</summary>
    public IReadOnlyCollection<string> HoldUnconfirmed => _holdUnconfirmed.Keys.ToList();

    private readonly ConcurrentDictionary<string, bool> _holdUnconfirmed = new(StringComparer.Ordinal);

    /// <summary>Applies the holds now (the desk just started or ended one).</summary>
    public void HoldsChanged() => _ = ApplyHoldsSafelyAsync();

    private void StartHolds(LaneHoldStore store)
    {
        _holdStore = store;
        _holdTimer = _time.CreateTimer(_ =>
        {
            _ = ApplyHoldsSafelyAsync();
            _ = ExpireOpeningsSafelyAsync();
        }, null, TimeSpan.Zero, HoldCheck);
    }

    private async Task ApplyHoldsSafelyAsync()
    {
        try
        {
            await ApplyHoldsAsync(_stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or Microsoft.Data.Sqlite.SqliteException or Storage.StorageException or InvalidOperationException)
        {
            // stopping, or the database is busy: the next check tries again
        }
    }

    /// <summary>Sends each lane whose hold changed its barrier command, and tells the lanes which are held.</summary>
    private async Task ApplyHoldsAsync(CancellationToken cancellationToken)
    {
        if (_holdStore is null || !await _applyingHolds.WaitAsync(0, cancellationToken))
        {
            return; // one pass at a time; the timer comes back
        }

        try
        {
            var open = await _holdStore.OpenAsync(cancellationToken);
            Controller.SetHolds(open);
            var held = open.ToDictionary(h => h.Lane, StringComparer.Ordinal);
            foreach (var lane in _lanes.Keys)
            {
                var want = held.ContainsKey(lane);
                // At start nothing is known: a held lane is sent its hold; a lane not held is left as it is (pulses work).
                if (_holdApplied.TryGetValue(lane, out var applied) ? applied == want : !want)
                {
                    _holdUnconfirmed.TryRemove(lane, out _);
                    continue;
                }

                var result = await _routed!.HoldGateAsync(lane, want, cancellationToken);
                if (result == RelayResult.Confirmed)
                {
                    _holdApplied[lane] = want;
                    _holdUnconfirmed.TryRemove(lane, out _);
                    Log.HoldApplied(_log, lane, want ? "held open" : "let go");
                }
                else
                {
                    _holdUnconfirmed[lane] = want;
                    Log.HoldUnconfirmed(_log, lane, want ? "hold open" : "let go");
                }
            }
        }
        finally
        {
            _applyingHolds.Release();
        }
    }
}
