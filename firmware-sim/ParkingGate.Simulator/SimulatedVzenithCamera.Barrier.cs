using System.Text.Json;

namespace ParkingGate.Simulator;

/// <summary>After a pulse: the barrier rises and falls (reported when asked), and the car passes the loop, turns back, stays put or is followed.</summary>
public sealed partial class SimulatedVzenithCamera
{
    /// <summary>True to report the barrier (barr_gate_status) as it rises and falls after a pulse.</summary>
    public bool ReportsBarrier { get; set; }

    /// <summary>The input its ground loop after the barrier is wired to (0–3), or null for a lane without one.</summary>
    public int? LoopInput { get; set; }

    /// <summary>What the next car let through does: passes (the default), turns back, stays put, or has a second car follow it.</summary>
    public NextCar Next { get; set; } = NextCar.Passes;

    /// <summary>How the car behaves once the barrier is up.</summary>
    public enum NextCar
    {
        /// <summary>Drives over the loop.</summary>
        Passes,

        /// <summary>Turns back: the camera reports it (triggerType 66) and no car crosses the loop.</summary>
        TurnsBack,

        /// <summary>Neither passes nor turns back (the camera sees nothing more).</summary>
        Stays,

        /// <summary>Passes, and a second car follows it through before the barrier falls.</summary>
        Tailgated,
    }

    /// <summary>The plate the camera read last (the car at the barrier).</summary>
    private string? _lastPlate;

    /// <summary>After a pulse: the barrier rises, the car does what <see cref="Next"/> says, the barrier falls.</summary>
    private async Task BarrierCycleAsync()
    {
        try
        {
            await Task.Delay(BarrierRise, _time);
            Log.Enqueue("barrier up");
            var next = Next;
            Next = NextCar.Passes;
            if (ReportsBarrier)
            {
                await PublishStateAsync("barr_gate_status", new { connect_status = 1, enable = 1, gate_ctrl_id = 1, gate_status = 1 });
            }

            switch (next)
            {
                case NextCar.TurnsBack:
                    await PublishTurnedBackAsync(_lastPlate ?? "");
                    Log.Enqueue("the car turned back");
                    break;
                case NextCar.Passes or NextCar.Tailgated when LoopInput is { } loop:
                    for (var car = 0; car < (next == NextCar.Tailgated ? 2 : 1); car++)
                    {
                        await PublishStateAsync("gpio_in", new { source = loop, value = 1 });
                        await Task.Delay(TimeSpan.FromMilliseconds(100), _time);
                        await PublishStateAsync("gpio_in", new { source = loop, value = 0 });
                        Log.Enqueue("a car crossed the loop");
                    }

                    break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(300), _time);
            if (ReportsBarrier)
            {
                await PublishStateAsync("barr_gate_status", new { connect_status = 1, enable = 1, gate_ctrl_id = 1, gate_status = 0 });
            }

            Log.Enqueue("barrier down");
        }
        catch (Exception e) when (e is MQTTnet.Exceptions.MqttCommunicationException or InvalidOperationException or OperationCanceledException)
        {
            Log.Enqueue($"barrier cycle cut short: {e.Message}");
        }
    }

    private Task PublishStateAsync(string name, object body) =>
        PublishAsync($"device/{Sn}/message/up/{name}", JsonSerializer.Serialize(new
        {
            id = Guid.NewGuid().ToString("N"), sn = Sn, name, version = "1.0", timestamp = _time.GetUtcNow().ToUnixTimeSeconds(), payload = new { type = name, body },
        }));

    private Task PublishTurnedBackAsync(string plate)
    {
        var now = _time.GetUtcNow();
        var json = ReadJson("ivs_result", Sn, $"{Sn}-back-{Interlocked.Increment(ref _reads)}", plate, 90, SimPicture.Png(32, 16, 7), now, null)
            .Replace("\"triggerType\":1", "\"triggerType\":66", StringComparison.Ordinal);
        return PublishAsync($"device/{Sn}/message/up/ivs_result", json);
    }
}
