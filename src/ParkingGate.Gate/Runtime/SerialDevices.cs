using System.IO.Ports;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using ParkingGate.Devices.Families;
using ParkingGate.Devices.LedVoiceBoard;
using ParkingGate.Devices.ModbusBoard;
using ParkingGate.Devices.Serial;
using ParkingGate.Gate.Configuration;
using ParkingGate.Gate.Lanes;
using ParkingGate.Gate.Outputs;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Protocols.SerialCamera;

namespace ParkingGate.Gate;

/// <summary>
/// The lanes' devices on serial lines: one owner per port (lanes whose devices share an RS-485 bus take turns on it),
/// Modbus relay boards and their probes, LED/voice boards, and plate units whose lines become reads.
/// </summary>
internal sealed class SerialDevices(GateSettings settings, TimeProvider time, ILogger log, Action<string> heard, Action<string> refuse) : IAsyncDisposable
{
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Serial timings (write and reply timeouts, inter-frame silence, reopen backoff) are physical: they run on the
    /// real clock even when the gate's clock is scaled (the demo), while reads are stamped with the gate's clock.
    /// </summary>
    private static readonly TimeProvider LineClock = TimeProvider.System;
    private readonly Dictionary<string, SerialLink> _buses = new(StringComparer.Ordinal);
    private readonly List<SerialReader> _serialCameras = [];
    private readonly Dictionary<string, ModbusRelay> _modbusRelays = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private RoutedLaneOutputs? _routed;
    private ITimer? _probing;

    /// <summary>
    /// The ports the gate owns and their last problem (null while working), for the desk and the installer. A bus is
    /// opened by its first request; a camera's line is open as long as it is being read.
    /// </summary>
    public IReadOnlyDictionary<string, string?> PortStates =>
        _buses.Select(b => KeyValuePair.Create(b.Key, b.Value.LastError))
            .Concat(_serialCameras.Select(r => KeyValuePair.Create(r.Settings.Path, r.IsOpen ? null : r.LastError ?? "opening")))
            .ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>The lanes' outputs, serial devices where the config puts them and MQTT for the rest.</summary>
    /// <summary>Raised (lane, what the board answered) when an on-off relay could not be switched off after a pulse.</summary>
    public event Action<string, string>? RelayStuck;

    public RoutedLaneOutputs Route(ILaneOutputs mqtt)
    {
        var displays = new Dictionary<string, SerialDisplay>(StringComparer.Ordinal);
        foreach (var lane in settings.Lanes)
        {
            if (lane.Relay is { Device.Link: DeviceLink.Serial, Serial: { } relayPort })
            {
                var relay = new ModbusRelay(Bus(relayPort), (byte)lane.Relay.Slave, (byte)lane.Relay.Coil, lane.Relay.PulseMs, TimeSpan.FromMilliseconds(lane.Relay.ReplyTimeoutMs),
                    lane.Relay.Mode == "on-off" ? ModbusPulseMode.OnOff : ModbusPulseMode.Flash); // the relay's timing is physical: the system clock
                var laneId = lane.Id;
                relay.OffFailed += answer => RelayStuck?.Invoke(laneId, answer);
                _modbusRelays[lane.Id] = relay;
            }

            if (lane.Display is { Device.Link: DeviceLink.Serial, Serial: { } displayPort } display)
            {
                var board = new LedBoard(Bus(displayPort), (byte)display.Volume, display.Lines, display.LineWidth, TimeSpan.FromMilliseconds(display.ReplyTimeoutMs));
                displays[lane.Id] = new SerialDisplay(board, display.Speak);
            }
        }

        if (_modbusRelays.Count > 0)
        {
            _probing = LineClock.CreateTimer(_ => _ = ProbeRelaysAsync(), null, ProbeEvery, ProbeEvery);
        }

        _routed = new RoutedLaneOutputs(mqtt, _modbusRelays, displays, (lane, problem) => Log.DisplayProblem(log, lane, problem));
        return _routed;
    }

    /// <summary>Starts reading the lanes' serial cameras into their lanes' queues.</summary>
    public void StartCameras(Func<string, ChannelWriter<CameraRead>> queueOf)
    {
        foreach (var lane in settings.Lanes.Where(l => l.Camera is { Device.Link: DeviceLink.Serial, Serial: not null }))
        {
            SerialCameraLines.TryEncoding(lane.Camera.Encoding, out var encoding);
            var pattern = lane.Camera.Pattern is { } text && SerialCameraLines.TryPattern(text, out var custom, out _)
                ? custom!
                : new Regex(SerialCameraLines.DefaultPattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(50));
            var device = string.IsNullOrWhiteSpace(lane.Camera.Id) ? lane.Id : lane.Camera.Id;
            var lines = new SerialCameraLines(encoding, pattern, device);
            var queue = queueOf(lane.Id);
            var reader = new SerialReader(Settings(lane.Camera.Serial!), LineClock, bytes =>
            {
                heard(device);
                foreach (var result in lines.Feed(bytes.Span, time.GetUtcNow()))
                {
                    if (result.Read is { } read)
                    {
                        queue.TryWrite(read);
                    }
                    else
                    {
                        refuse($"serial camera {device}: {result.Error}");
                    }
                }
            });
            reader.StateChanged += (r, error, outage) => LogPort(r.Settings.Path, error, outage);
            _serialCameras.Add(reader);
            reader.Start();
        }
    }

    private async Task ProbeRelaysAsync()
    {
        foreach (var (lane, relay) in _modbusRelays)
        {
            if (relay.Bus.IdleFor >= ProbeEvery && !_stop.IsCancellationRequested && await relay.ProbeAsync(_stop.Token).ConfigureAwait(false))
            {
                heard($"relay:{lane}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_probing is not null)
        {
            await _probing.DisposeAsync();
        }

        if (_routed is not null)
        {
            await _routed.DisposeAsync();
        }

        foreach (var reader in _serialCameras)
        {
            await reader.DisposeAsync();
        }

        foreach (var bus in _buses.Values)
        {
            await bus.DisposeAsync();
        }

        _stop.Dispose();
    }

    /// <summary>One owner per port: lanes whose devices share an RS-485 bus share its link and take turns on it.</summary>
    private SerialLink Bus(SerialPortOptions port)
    {
        if (!_buses.TryGetValue(port.Port, out var bus))
        {
            bus = new SerialLink(Settings(port), LineClock);
            bus.StateChanged += (b, error, outage) => LogPort(b.Settings.Path, error, outage);
            _buses[port.Port] = bus;
        }

        return bus;
    }

    private void LogPort(string port, string? error, TimeSpan? outage)
    {
        if (outage is { } back)
        {
            Log.SerialBack(log, port, back.TotalSeconds);
        }
        else
        {
            Log.SerialLost(log, port, error);
        }
    }

    internal static SerialSettings Settings(SerialPortOptions port) => new(
        port.Port, port.Baud, port.Parity switch { "even" => Parity.Even, "odd" => Parity.Odd, _ => Parity.None }, port.StopBits == 2 ? StopBits.Two : StopBits.One);
}
