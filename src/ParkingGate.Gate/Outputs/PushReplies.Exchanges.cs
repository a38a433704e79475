using ParkingGate.Devices.Http;

namespace ParkingGate.Gate.Outputs;

/// <summary>What a reply carries: the read being answered, and what waits for the camera's next request.</summary>
public sealed partial class PushReplies
{
    /// <summary>One read the camera waits on: the frames and the opening its reply will carry.</summary>
    private sealed class Exchange
    {
        private readonly Lock _gate = new();
        private readonly List<byte[]> _frames = [];
        private readonly TaskCompletionSource<bool> _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _sent;

        public TaskCompletionSource<PushAnswer> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool TryAdd(byte[] frame)
        {
            lock (_gate)
            {
                if (!_sent)
                {
                    _frames.Add(frame);
                }

                return !_sent;
            }
        }

        /// <summary>Sends the reply now, opening; null when it went already (then the opening must wait for a heartbeat).</summary>
        public Task<bool>? TryOpen()
        {
            lock (_gate)
            {
                if (_sent)
                {
                    return null;
                }

                _sent = true;
                Answer.TrySetResult(new PushAnswer(true, true, [.. _frames], ok => _delivered.TrySetResult(ok)));
                return _delivered.Task;
            }
        }

        public void Finish(bool taken)
        {
            lock (_gate)
            {
                if (!_sent)
                {
                    _sent = true;
                    Answer.TrySetResult(new PushAnswer(taken, false, [.. _frames], null));
                }
            }
        }

        /// <summary>The camera stopped waiting: what comes later waits for its heartbeat.</summary>
        public PushAnswer Abandon()
        {
            lock (_gate)
            {
                _sent = true;
                return Answer.Task.IsCompletedSuccessfully ? Answer.Task.Result : new PushAnswer(false, false, [], null);
            }
        }
    }

    /// <summary>What waits for a camera's next request; taken whole by the reply that carries it.</summary>
    private sealed class Mailbox
    {
        private readonly Lock _gate = new();
        private readonly List<byte[]> _frames = [];
        private readonly List<TaskCompletionSource<bool>> _waiters = [];
        private readonly List<Task<bool>> _openings = [];
        private bool _open;
        private bool? _hold;

        public Task<bool> Open()
        {
            lock (_gate)
            {
                _open = true;
                var waiter = Waiter();
                _openings.Add(waiter);
                return waiter;
            }
        }

        /// <summary>An opening nobody carried in time is taken back (unless another one still waits).</summary>
        public void Withdraw(Task<bool> opening)
        {
            lock (_gate)
            {
                _openings.Remove(opening);
                _open &= _openings.Count > 0;
            }
        }

        public Task<bool> Hold(bool held)
        {
            lock (_gate)
            {
                _hold = held;
                return Waiter();
            }
        }

        public void Add(byte[] frame)
        {
            lock (_gate)
            {
                if (_frames.Count == 4)
                {
                    _frames.RemoveAt(0); // the newest few messages, as for a serial board
                }

                _frames.Add(frame);
            }
        }

        public WaitingCommands? Take()
        {
            lock (_gate)
            {
                if (!_open && _hold is null && _frames.Count == 0)
                {
                    return null;
                }

                var waiters = _waiters.ToArray();
                var taken = new WaitingCommands(_open, _hold, [.. _frames], ok =>
                {
                    foreach (var waiter in waiters)
                    {
                        waiter.TrySetResult(ok);
                    }
                });
                (_open, _hold) = (false, null);
                _frames.Clear();
                _waiters.Clear();
                _openings.Clear();
                return taken;
            }
        }

        private Task<bool> Waiter()
        {
            var waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add(waiter);
            return waiter.Task;
        }
    }
}
