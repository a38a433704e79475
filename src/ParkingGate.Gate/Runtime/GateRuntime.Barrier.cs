using ParkingGate.Gate.Lanes;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Gate;

/// <summary>The gate as the settlement and the desk ask it: open an exit, open by hand, decide a held read again; every decision logged once.</summary>
public sealed partial class GateRuntime
{
    /// <inheritdoc />
    public bool HasLane(string lane) => _lanes.ContainsKey(lane);

    /// <inheritdoc />
    public bool IsEntryLane(string lane) => _lanes.TryGetValue(lane, out var running) && running.Wiring.Lane.Direction == LaneDirection.Entry;

    /// <inheritdoc />
    public Task<LaneDecision> PulseByHandAsync(string lane, string? plate, string reason, string user, CancellationToken cancellationToken = default) =>
        AnnouncedAsync(Controller.OpenByHandAsync(_lanes[lane].Wiring.Lane, plate, reason, user, cancellationToken));

    /// <inheritdoc />
    public Task<LaneDecision> DecideByHandAsync(string lane, string plate, string? picture, string user, CancellationToken cancellationToken = default) =>
        AnnouncedAsync(Controller.DecideByHandAsync(_lanes[lane].Wiring.Lane, plate, picture, user, cancellationToken));

    /// <summary>
    /// Reads held for the booth longer than the configured minutes that nobody settled leave the booth's list, each
    /// with a record (run every minute by the gate, not by whoever happens to open the booth page). The same minute
    /// lifts blocklist entries whose end has come.
    /// </summary>
    public async Task<int> ExpireHeldAsync()
    {
        var expired = await Settlement.ExpireHeldAsync(TimeSpan.FromMinutes(_settings.HeldMinutes));
        if (expired > 0)
        {
            Log.HeldExpired(_log, expired, _settings.HeldMinutes);
        }

        return expired;
    }

    private async void ExpireHeld()
    {
        try
        {
            await ExpireHeldAsync();
            if (_blocklist is not null && await _blocklist.LiftEndedAsync() > 0)
            {
                RegistryChanged();
            }
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or Storage.StorageException or ObjectDisposedException or InvalidOperationException)
        {
            Log.LaneError(_log, "(held reads)", "-", e);
        }
    }

    /// <summary>Once a day: lane pictures and violation photos older than they are kept for are deleted.</summary>
    private async void Prune()
    {
        try
        {
            _pictures.Prune(_time.GetUtcNow(), _settings.PictureDays);
            if (_conduct is not null && _settings.Conduct is { } rules)
            {
                await _conduct.PrunePhotosAsync(rules.PhotoDays);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException or Storage.StorageException or ObjectDisposedException)
        {
            Log.LaneError(_log, "(pruning)", "-", e);
        }
    }

    /// <summary>Tells the lanes the registry changed, so the next read sees it.</summary>
    public void RegistryChanged()
    {
        Controller.InvalidateRegistry();
        _lists?.Wake();
    }

    /// <inheritdoc />
    public Task<LaneDecision> OpenAfterPaymentAsync(string lane, Stay stay, CancellationToken cancellationToken = default) =>
        AnnouncedAsync(Controller.OpenAfterPaymentAsync(_lanes[lane].Wiring.Lane, stay, cancellationToken));

    private async Task<LaneDecision> AnnouncedAsync(Task<LaneDecision> deciding)
    {
        var decision = await deciding;
        Announce(decision);
        return decision;
    }

    /// <summary>One log line per decision, then the event.</summary>
    private void Announce(LaneDecision decision)
    {
        LaneBusy(decision.Lane);
        Log.Decision(_log, decision);
        Decided?.Invoke(decision);
    }
}
