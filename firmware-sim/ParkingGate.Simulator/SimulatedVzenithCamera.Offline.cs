using System.Collections.Concurrent;

namespace ParkingGate.Simulator;

/// <summary>While its link to the gate is down: the camera opens by its own list and keeps every read, sent once it is back.</summary>
public sealed partial class SimulatedVzenithCamera
{
    /// <summary>The camera's time zone, for the expiry times on its list (its local wall clock).</summary>
    public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>The plates it opened for by its own list while it could not reach the gate, in order.</summary>
    public ConcurrentQueue<string> OpenedOffline { get; } = new();

    /// <summary>The plates it read while offline and did not open for, in order.</summary>
    public ConcurrentQueue<string> RefusedOffline { get; } = new();

    /// <summary>Records kept while offline and not sent yet.</summary>
    public int OfflinePending => _offline.Count;

    /// <summary>Records sent after coming back (each once, unless <see cref="ReplayAgainAsync"/> sends them again).</summary>
    public int OfflineSent => _sent.Count;

    private readonly ConcurrentQueue<string> _offline = new();
    private readonly ConcurrentQueue<string> _sent = new();
    private readonly SemaphoreSlim _replaying = new(1, 1);

    /// <summary>
    /// A car read while the link to the gate is down: the camera opens by its own list (in the mode "only while offline"
    /// or "always") when the plate is on it and not past its expiry, and keeps the record either way, to send on
    /// <c>offline_record</c> once it is back (ctrltype 2 opened by the list, 0 not opened).
    /// </summary>
    private void KeepOffline(string plate, int confidence, DateTimeOffset at, int count)
    {
        var local = TimeZoneInfo.ConvertTime(at, Zone).DateTime;
        var opens = ListMode is 0 or 1 && WhiteList.TryGetValue(plate, out var until)
            && DateTime.ParseExact(until, "yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture) >= local;
        (opens ? OpenedOffline : RefusedOffline).Enqueue(plate);
        Log.Enqueue(opens ? $"offline: opened for {plate} by the list" : $"offline: {plate} not on the list, barrier stays down");
        var recordId = 100_000 + count;
        _offline.Enqueue(ReadJson("offline_record", Sn, $"{Sn}-offline-{recordId}", plate, confidence, SimPicture.Png(32, 16, (byte)(count * 37)), at, (recordId, opens)));
    }

    /// <summary>Sends the records kept while offline, oldest first, each once (called when the link is back).</summary>
    public async Task ReplayOfflineAsync(CancellationToken cancellationToken = default)
    {
        await _replaying.WaitAsync(cancellationToken);
        try
        {
            while (_offline.TryPeek(out var record) && Client.IsConnected)
            {
                await PublishAsync($"device/{Sn}/message/up/offline_record", record, cancellationToken);
                _offline.TryDequeue(out _);
                _sent.Enqueue(record);
            }
        }
        finally
        {
            _replaying.Release();
        }
    }

    /// <summary>Sends every record already sent once more (a replay interrupted and started again): the gate must take each in once.</summary>
    public async Task ReplayAgainAsync(CancellationToken cancellationToken = default)
    {
        foreach (var record in _sent.ToArray())
        {
            await PublishAsync($"device/{Sn}/message/up/offline_record", record, cancellationToken);
        }
    }

    /// <inheritdoc />
    protected override Task OnReconnectedAsync() => ReplayOfflineAsync();
}
