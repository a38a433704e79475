using System.Threading.Channels;
using ParkingGate.Domain.Lanes;
using ParkingGate.Gate.Lanes;
using ParkingGate.Protocols.Cameras;

namespace ParkingGate.Gate;

/// <summary>Each lane's reader: its camera's reads decided one at a time.</summary>
public sealed partial class GateRuntime
{
    /// <summary>
    /// One lane's reads, one at a time (a lane's decisions are sequential): live reads first, the records its camera
    /// kept while offline when no live read waits.
    /// </summary>
    private async Task ReadLaneAsync(LaneSettings lane, ChannelReader<CameraRead> reads, ChannelReader<CameraRead> offline, CancellationToken stop)
    {
        try
        {
            while (true)
            {
                if (!reads.TryRead(out var read) && !offline.TryRead(out read))
                {
                    var live = reads.WaitToReadAsync(stop).AsTask();
                    var kept = offline.WaitToReadAsync(stop).AsTask();
                    var first = await Task.WhenAny(live, kept);
                    if (!await first)
                    {
                        return; // stopping: the queues are closed
                    }

                    continue;
                }

                var taken = false;
                _push?.Begin(lane.Id, read);
                try
                {
                    var kept = read.Picture is { Length: > 0 } picture
                        ? read with { PicturePath = await _pictures.SaveAsync(read.CapturedAt, lane.Id, read.MessageId, picture, stop) }
                        : read;
                    var decision = await Controller.HandleAsync(lane, kept, stop);
                    taken = true;
                    _push?.End(lane.Id, taken: true); // a camera waiting on this read gets its reply now
                    Announce(decision);
                    if (decision is { Outcome: LaneOutcome.AwaitingPayment, StayId: { } stay } && _terminals.Contains(lane.Id))
                    {
                        await RequestPaymentAsync(lane.Id, stay, stop);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One bad read (or a database hiccup: locked, disk full) must not stop the lane: nothing was recorded,
                    // so nothing opens; say so on the board, log, and take the next read.
                    Log.LaneError(_log, lane.Id, read.PlateText, e);
                    if (read.Offline is null)
                    {
                        await TellDriverAsync(lane.Id); // a record from the past has no driver waiting
                    }
                }
                finally
                {
                    if (!taken)
                    {
                        _push?.End(lane.Id, taken: false);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private async Task TellDriverAsync(string lane)
    {
        try
        {
            await _routed!.ShowAsync(lane, new Domain.Tariffs.LocalizedText("系统暂时无法记录，请联系工作人员", "cannot record now: please call the booth"), _stop.Token);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LaneError(_log, lane, "(board)", e);
        }
    }

    /// <summary>An on-off relay that would not switch off: the barrier may be held up; the booth is told.</summary>
    private async Task RelayStuckAsync(string lane, string answer)
    {
        try
        {
            Announce(await Controller.ReportAsync(_lanes[lane].Wiring.Lane,
                new($"道闸继电器未能断开（{answer}），道闸可能一直抬起：请检查继电器和线路", $"the barrier relay would not switch off ({answer}): the barrier may be held up; check the relay and its wiring"), _stop.Token));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.LaneError(_log, lane, "(relay off)", e);
        }
    }

    /// <summary>On lanes with a ground loop: voids the entries no car crossed the loop for in time.</summary>
    private async Task ExpireOpeningsSafelyAsync()
    {
        foreach (var (wiring, _, _) in _lanes.Values.Where(l => l.Wiring.Lane.LoopInput is not null))
        {
            try
            {
                foreach (var decision in await Controller.ExpireOpeningsAsync(wiring.Lane, _stop.Token))
                {
                    Announce(decision);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException and not ObjectDisposedException)
            {
                Log.LaneError(_log, wiring.Lane.Id, "(pass timeout)", e);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return; // stopping
            }
        }
    }
}
