using ParkingGate.Devices.PaymentTerminal;
using ParkingGate.Protocols.PaymentTerminal;

namespace ParkingGate.Gate;

public sealed partial class GateRuntime
{
    private readonly System.Threading.Channels.Channel<(string Lane, byte[] Payload)> _payments =
        System.Threading.Channels.Channel.CreateBounded<(string, byte[])>(new System.Threading.Channels.BoundedChannelOptions(256) { SingleReader = true });

    /// <summary>Handles terminal results one at a time, off the MQTT receive loop.</summary>
    private async Task ReadPaymentsAsync(CancellationToken stop)
    {
        try
        {
            await foreach (var (lane, payload) in _payments.Reader.ReadAllAsync(stop))
            {
                try
                {
                    await OnPaymentResultAsync(lane, payload);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    Log.LaneError(_log, lane, "(payment)", failure);
                    Count($"payment on {lane} could not be handled: {failure.GetType().Name}: {failure.Message}");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    /// <summary>Asks the lane's terminal to collect what a stay owes.</summary>
    private async Task RequestPaymentAsync(string lane, long stayId, CancellationToken cancellationToken)
    {
        var request = await Stays.RequestPaymentAsync(stayId, cancellationToken);
        if (!request.IsSuccess)
        {
            Count($"payment request for stay {stayId}: {request.Problem.Message}");
            return;
        }

        var r = request.Value;
        var message = PaymentTerminalMessages.Format(new PaymentTerminalRequest(r.RequestId, r.StayId, r.Plate, r.AmountFen, _time.GetUtcNow().ToUnixTimeSeconds()));
        await _link!.PublishAsync(PaymentTerminalFamily.RequestTopic(_settings.Estate, lane), message, retain: false, cancellationToken);
    }

    /// <summary>
    /// The terminal's answer: a payment is committed to the ledger (replays recognised) before the gate is told to open;
    /// a failure or a wrong amount leaves the stay waiting for the booth.
    /// </summary>
    private async Task OnPaymentResultAsync(string lane, byte[] payload)
    {
        if (!PaymentTerminalMessages.TryParseResult(payload, out var result, out var error))
        {
            Count($"payment result on {lane}: {error}");
            return;
        }

        if (!result.Paid)
        {
            Count($"payment on {lane} failed: {result.Reason}");
            return;
        }

        var settled = await Settlement.PayByTerminalAsync(result.Id, result.Channel!, result.Reference!, result.AmountFen, $"terminal:{lane}", _stop.Token);
        if (!settled.IsSuccess)
        {
            Count($"payment on {lane}: {settled.Problem.Message}");
        }
    }
}
