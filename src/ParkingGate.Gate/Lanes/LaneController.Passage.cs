using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Protocols.Cameras;

namespace ParkingGate.Gate.Lanes;

/// <summary>
/// On a lane with a ground loop after the barrier: each opening waits for a car to cross the loop. An entry nobody
/// crossed the loop for within <see cref="LaneRules.PassTimeout"/>, or whose car the camera saw turn back, is voided
/// (no stay, its space free again, recorded); a car crossing with no opening waiting is a second car through one
/// opening, reported to the booth as tailgating. The barrier's own report that it is up confirms an opening the
/// relay left unconfirmed.
/// </summary>
public sealed partial class LaneController
{
    private readonly Dictionary<string, LanePassages> _passages = new(StringComparer.Ordinal);

    /// <summary>An opening waiting for its car to cross the loop.</summary>
    private sealed record Opening(DateTimeOffset At, string? Plate, long? StayId, LaneOutcome Outcome);

    /// <summary>A lane's openings waiting for a car, the last one a car crossed for, and its barrier as last reported.</summary>
    private sealed class LanePassages
    {
        public Queue<Opening> Waiting { get; } = new();

        /// <summary>Openings within the pass timeout, for a camera's "turned back" on a lane without a loop.</summary>
        public List<Opening> Recent { get; } = [];

        public Opening? LastPassed { get; set; }

        public Opening? LastOpened { get; set; }

        public (bool Up, DateTimeOffset At)? Barrier { get; set; }
    }

    /// <summary>Each lane's barrier as it last reported itself (up or down, and when), for the desk.</summary>
    public IReadOnlyDictionary<string, (bool Up, DateTimeOffset At)> Barriers
    {
        get
        {
            lock (_passages)
            {
                return _passages.Where(p => p.Value.Barrier is not null).ToDictionary(p => p.Key, p => p.Value.Barrier!.Value, StringComparer.Ordinal);
            }
        }
    }

    private LanePassages PassagesOf(string lane)
    {
        if (!_passages.TryGetValue(lane, out var passages))
        {
            _passages[lane] = passages = new LanePassages();
        }

        return passages;
    }

    /// <summary>Notes an opening of <paramref name="lane"/> (called for every opening the gate made).</summary>
    private void Opened(LaneSettings lane, LaneDecision decision)
    {
        lock (_passages)
        {
            var opening = new Opening(decision.At, decision.Plate, decision.StayId, decision.Outcome);
            var passages = PassagesOf(lane.Id);
            passages.LastOpened = opening;
            passages.Recent.RemoveAll(o => decision.At - o.At > _rules.PassTimeout);
            passages.Recent.Add(opening);
            if (lane.LoopInput is not null && HoldOf(lane.Id) is null)
            {
                passages.Waiting.Enqueue(opening);
            }
        }
    }

    /// <summary>
    /// What a lane's camera reported of its barrier or its ground loop: a car across the loop takes the oldest opening
    /// waiting (or is reported as tailgating when none waits); the barrier up confirms an unconfirmed opening.
    /// </summary>
    public async Task<LaneDecision?> SignalAsync(LaneSettings lane, LaneSignal signal, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lane);
        ArgumentNullException.ThrowIfNull(signal);
        var now = _time.GetUtcNow();
        Opening? confirm = null;
        bool tailgating = false;
        Opening? before = null;
        lock (_passages)
        {
            var passages = PassagesOf(lane.Id);
            switch (signal.Kind)
            {
                case LaneSignalKind.BarrierUp or LaneSignalKind.BarrierDown:
                    passages.Barrier = (signal.Kind == LaneSignalKind.BarrierUp, now);
                    if (signal.Kind == LaneSignalKind.BarrierUp && passages.LastOpened is { Outcome: LaneOutcome.OpenUncertain } uncertain && now - uncertain.At < BarrierConfirmWindow)
                    {
                        confirm = uncertain;
                        passages.LastOpened = uncertain with { Outcome = LaneOutcome.Opened };
                    }

                    break;
                case LaneSignalKind.LoopFree when signal.Input == lane.LoopInput:
                    if (passages.Waiting.TryDequeue(out var passed))
                    {
                        passages.LastPassed = passed;
                    }
                    else if (HoldOf(lane.Id) is null)
                    {
                        tailgating = true;
                        before = passages.LastPassed;
                    }

                    break;
            }
        }

        if (confirm is not null)
        {
            return await RecordAsync(new LaneDecision(lane.Id, now, null, null, confirm.Plate, LaneOutcome.Opened, Visitor.Unknown,
                new("道闸报告已抬起：开闸确认", "the barrier reports it is up: the opening is confirmed"), confirm.StayId, null), cancellationToken);
        }

        if (tailgating)
        {
            var after = before is { Plate: { } p } ? $"（跟在 {p} 后面）" : "";
            var afterEn = before is { Plate: { } pe } ? $" (behind {pe})" : "";
            return await RecordAsync(new LaneDecision(lane.Id, now, null, null, null, LaneOutcome.Held, Visitor.Unknown,
                new($"尾随：一次开闸通过了两辆车{after}，请核对监控", $"tailgating: a second car crossed the loop on one opening{afterEn}; check the recording"), null, null), cancellationToken);
        }

        return null;
    }

    /// <summary>How soon after an unconfirmed opening the barrier's "up" still confirms it.</summary>
    public static readonly TimeSpan BarrierConfirmWindow = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Voids what did not pass: the openings of <paramref name="lane"/> no car crossed the loop for within the pass
    /// timeout (called by the gate every few seconds). An entry's stay is voided; an exit's opening is only dropped.
    /// </summary>
    public async Task<IReadOnlyList<LaneDecision>> ExpireOpeningsAsync(LaneSettings lane, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lane);
        var now = _time.GetUtcNow();
        var expired = new List<Opening>();
        lock (_passages)
        {
            var waiting = PassagesOf(lane.Id).Waiting;
            while (waiting.TryPeek(out var oldest) && now - oldest.At > _rules.PassTimeout)
            {
                expired.Add(waiting.Dequeue());
            }
        }

        var decisions = new List<LaneDecision>();
        foreach (var opening in expired.Where(_ => lane.Direction == LaneDirection.Entry))
        {
            var seconds = (int)_rules.PassTimeout.TotalSeconds;
            decisions.Add(await VoidAsync(lane, opening, new($"{seconds}秒内未过地感，视为未入场", $"no car crossed the loop within {seconds} s: taken as not entered"), cancellationToken));
        }

        return decisions;
    }

    /// <summary>The camera saw the car at the entry turn back: its opening (the newest for that plate, else the newest) is voided.</summary>
    private async Task<LaneDecision> TurnedBackAsync(LaneSettings lane, CameraRead read, string text, CancellationToken cancellationToken)
    {
        Opening? opening;
        lock (_passages)
        {
            var passages = PassagesOf(lane.Id);
            var now = _time.GetUtcNow();
            var recent = passages.Recent.Where(o => now - o.At <= _rules.PassTimeout).ToList();
            opening = recent.LastOrDefault(o => text.Length > 0 && o.Plate == text) ?? recent.LastOrDefault();
            if (opening is not null)
            {
                passages.Recent.Remove(opening);
                var others = passages.Waiting.Where(o => o != opening).ToList();
                passages.Waiting.Clear();
                others.ForEach(passages.Waiting.Enqueue);
            }
        }

        if (opening is null || lane.Direction != LaneDirection.Entry)
        {
            return await RecordAsync(Decide(lane, read, text, LaneOutcome.Ignored, Visitor.Unknown, new("摄像机报告车辆掉头", "the camera reports a car turned back")), cancellationToken);
        }

        return await VoidAsync(lane, opening, new("车辆掉头（摄像机报告折返）", "the car turned back (the camera reports it)"), cancellationToken, read);
    }

    private async Task<LaneDecision> VoidAsync(LaneSettings lane, Opening opening, LocalizedText why, CancellationToken cancellationToken, CameraRead? read = null)
    {
        var stayId = opening.StayId;
        var voided = stayId is { } id ? await _stays.VoidEntryAsync(id, why.Zh, "lane:" + lane.Id, cancellationToken) : default;
        var reason = stayId is null
            ? new LocalizedText($"入场未完成：{why.Zh}", $"entry not completed: {why.En}")
            : voided.IsSuccess
                ? new LocalizedText($"入场作废：{why.Zh}，车位已释放", $"entry voided: {why.En}; the space is free again")
                : new LocalizedText($"入场未能作废：{voided.Problem!.Zh}", $"the entry could not be voided: {voided.Problem.Message}");
        return await RecordAsync(new LaneDecision(lane.Id, _time.GetUtcNow(), read?.MessageId, read?.PlateText, opening.Plate, LaneOutcome.Ignored, Visitor.Unknown, reason, stayId, null)
        {
            Picture = read?.PicturePath,
        }, cancellationToken);
    }
}
