using ParkingGate.Devices.Serial;
using ParkingGate.Protocols.Modbus;

namespace ParkingGate.Devices.ModbusBoard;

/// <summary>
/// A barrier relay on a Modbus RTU board: one self-timed flash per opening, confirmed only by the board's exact
/// echo. No echo (or an exception) in time makes the opening uncertain; it is never retried.
/// </summary>
public sealed class ModbusRelay(SerialLink bus, byte slave, byte relay, int pulseMs, TimeSpan replyTimeout)
{
    /// <summary>What the board answered to the last pulse, for logs and the installer's command.</summary>
    public string? LastAnswer { get; private set; }

    /// <summary>The port the board is on.</summary>
    public SerialLink Bus => bus;

    /// <summary>
    /// Asks the board for its coils (FC01), which changes nothing: true when it answers at all (an exception reply
    /// too), so the desk can show the board online and an unplugged adapter is noticed before the next car.
    /// </summary>
    public async Task<bool> ProbeAsync(CancellationToken cancellationToken = default)
    {
        var request = ModbusRtu.ReadCoilsRequest(slave, 0, 8);
        var expected = ModbusRtu.ExpectedReplyLength(request);
        var reply = await bus.TransactAsync(request, r => r.Count >= expected || (r.Count >= 5 && (r[1] & 0x80) != 0), replyTimeout, cancellationToken);
        return reply.Length > 0 && ModbusRtu.TryReadReply(request, reply, out _, out _);
    }

    /// <summary>Pulses the relay once.</summary>
    public Task<RelayResult> PulseAsync(CancellationToken cancellationToken = default) => SendAsync(ModbusRtu.Flash(slave, relay, pulseMs), cancellationToken);

    /// <summary>Holds the relay on (FC05 0xFF00 on its coil: the barrier stays up) or switches it off, confirmed by the echo.</summary>
    public Task<RelayResult> HoldAsync(bool on, CancellationToken cancellationToken = default) => SendAsync(ModbusRtu.WriteCoil(slave, relay, on), cancellationToken);

    private async Task<RelayResult> SendAsync(byte[] request, CancellationToken cancellationToken)
    {
        var expected = ModbusRtu.ExpectedReplyLength(request);
        var reply = await bus.TransactAsync(request, r => r.Count >= expected || (r.Count >= 5 && (r[1] & 0x80) != 0), replyTimeout, cancellationToken);
        if (reply.Length == 0)
        {
            LastAnswer = bus.LastError ?? "no answer in time";
            return RelayResult.NoReply;
        }

        if (!ModbusRtu.TryReadReply(request, reply, out var answer, out var error))
        {
            LastAnswer = error;
            return RelayResult.NoReply;
        }

        LastAnswer = answer.Ok ? "echo received" : $"exception {answer.ExceptionCode}";
        return answer.Ok ? RelayResult.Confirmed : RelayResult.NoReply;
    }
}
