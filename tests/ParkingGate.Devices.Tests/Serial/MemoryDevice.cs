using System.Collections.Concurrent;
using System.Threading.Channels;
using ParkingGate.Devices.Serial;

namespace ParkingGate.Devices.Tests.Serial;

/// <summary>
/// A device at the far end of an in-memory line: each write the gate makes is heard whole and answered by
/// <see cref="Answer"/>; <see cref="Send"/> puts bytes on the line by themselves (a late answer, noise, a plate unit's
/// output); <see cref="HangUp"/> and <see cref="Plugged"/> play the adapter pulled out and put back.
/// </summary>
internal sealed class MemoryDevice
{
    private MemoryLine? _line;

    /// <summary>What the device answers to a request, or null for silence.</summary>
    public Func<byte[], byte[]?> Answer { get; set; } = _ => null;

    /// <summary>Every request heard, in order.</summary>
    public ConcurrentQueue<byte[]> Heard { get; } = new();

    /// <summary>False while the adapter is out: opening fails as a missing port does.</summary>
    public bool Plugged { get; set; } = true;

    /// <summary>How many times the gate opened the line.</summary>
    public int Opens { get; private set; }

    /// <summary>Opens the line as the serial port would.</summary>
    public Task<(IDeviceLine? Line, string? Error)> OpenAsync(SerialSettings settings, TimeProvider time)
    {
        if (!Plugged)
        {
            return Task.FromResult<(IDeviceLine?, string?)>((null, $"{settings.Path}: no such port (is the adapter plugged in?)"));
        }

        Opens++;
        _line = new MemoryLine(this);
        return Task.FromResult<(IDeviceLine?, string?)>((_line, null));
    }

    /// <summary>Puts bytes on the line towards the gate.</summary>
    public void Send(params byte[] bytes) => _line?.Deliver(bytes);

    /// <summary>The line hangs up: reads end and the next request must reopen it.</summary>
    public void HangUp() => _line?.HangUp();

    private void Heard_(byte[] request)
    {
        Heard.Enqueue(request);
        if (Answer(request) is { } reply)
        {
            Send(reply);
        }
    }

    private sealed class MemoryLine(MemoryDevice device) : IDeviceLine
    {
        private readonly Channel<byte[]> _inbound = Channel.CreateUnbounded<byte[]>();
        private byte[] _pending = [];
        private int _offset;

        public bool IsOpen { get; private set; } = true;

        public void Deliver(byte[] bytes) => _inbound.Writer.TryWrite(bytes);

        public void HangUp()
        {
            IsOpen = false;
            _inbound.Writer.TryComplete();
        }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            if (!IsOpen)
            {
                throw new IOException("the line hung up");
            }

            device.Heard_(bytes.ToArray());
            return ValueTask.CompletedTask;
        }

        public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
        {
            if (_offset >= _pending.Length)
            {
                if (!await _inbound.Reader.WaitToReadAsync(cancellationToken) || !_inbound.Reader.TryRead(out var next))
                {
                    return 0;
                }

                (_pending, _offset) = (next, 0);
            }

            var n = Math.Min(buffer.Length, _pending.Length - _offset);
            _pending.AsMemory(_offset, n).CopyTo(buffer);
            _offset += n;
            return n;
        }

        public void DiscardInput()
        {
            while (_inbound.Reader.TryRead(out _))
            {
            }

            _offset = _pending.Length;
        }

        public ValueTask DisposeAsync()
        {
            HangUp();
            return ValueTask.CompletedTask;
        }
    }
}
