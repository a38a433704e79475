using ParkingGate.Devices.Serial;
using ParkingGate.Protocols.Modbus;

namespace ParkingGate.Devices.ModbusBoard;

/// <summary>How a Modbus relay makes one pulse.</summary>
public enum ModbusPulseMode
{
    /// <summary>The self-timed flash of the common 8-channel boards (FC05 at 0x0200+relay): the board drops the relay by itself.</summary>
    Flash,

    /// <summary>
    /// Standard Modbus (a PLC, a generic coil module): FC05 on the coil, then off after the pulse, each confirmed by its
    /// echo; an off not confirmed is written again, and reported when it never is (the barrier may stay up).
    /// </summary>
    OnOff,
}

/// <summary>
/// A barrier relay on a Modbus RTU board: one pulse per opening (a self-timed flash, or on then off), confirmed only
/// by the board's exact echo. No echo (or an exception) in time makes the opening uncertain; it is never retried. The
/// pulse is timed by <paramref name="time"/> (the system clock unless a test gives another): it is physical.
/// </summary>
public sealed class ModbusRelay(SerialLink bus, byte slave, byte relay, int pulseMs, TimeSpan replyTimeout, ModbusPulseMode mode = ModbusPulseMode.Flash, TimeProvider? time = null)
{
    /// <summary>How many times an off write not confirmed is written again before it is reported.</summary>
    public const int OffAttempts = 4;

    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <summary>How this relay pulses.</summary>
    public ModbusPulseMode Mode => mode;

    /// <summary>
    /// Raised (with what the board last answered) when, in on-off mode, the relay could not be switched off after a
    /// pulse: the barrier may be held up. The gate tells the booth.
    /// </summary>
    public event Action<string>? OffFailed;

    /// <summary>The background switch-off of the last on-off pulse (completed at once in flash mode): true when confirmed.</summary>
    public Task<bool> LastOff { get; private set; } = Task.FromResult(true);

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

    /// <summary>
    /// Pulses the relay once. In on-off mode the answer comes with the "on" echo (the barrier is rising); the relay is
    /// switched off <c>pulseMs</c> later in the background (<see cref="LastOff"/>), even when "on" was not confirmed.
    /// </summary>
    public async Task<RelayResult> PulseAsync(CancellationToken cancellationToken = default)
    {
        if (mode == ModbusPulseMode.Flash)
        {
            return await SendAsync(ModbusRtu.Flash(slave, relay, pulseMs), cancellationToken);
        }

        var on = await SendAsync(ModbusRtu.WriteCoil(slave, relay, true), cancellationToken);
        LastOff = SwitchOffAsync();
        return on;
    }

    /// <summary>After the pulse, the coil off: written again until the echo confirms it, else reported.</summary>
    private async Task<bool> SwitchOffAsync()
    {
        await Task.Delay(TimeSpan.FromMilliseconds(pulseMs), _time);
        for (var attempt = 1; attempt <= OffAttempts; attempt++)
        {
            if (await SendAsync(ModbusRtu.WriteCoil(slave, relay, false), CancellationToken.None) == RelayResult.Confirmed)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), _time);
        }

        OffFailed?.Invoke(LastAnswer ?? "no answer");
        return false;
    }

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
