using ParkingGate.Devices;
using ParkingGate.Domain;
using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Registry;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Gate.Lanes;

/// <summary>
/// Turns camera reads into gate decisions, as DESIGN.md decides them. Nothing that fails to parse, is too old or
/// is unsure opens the gate; every opening is pulsed once and never retried; every decision is stored and published.
/// </summary>
/// <remarks>Call it from one reader per lane (a bounded channel in the host): decisions for a lane are sequential.</remarks>
public sealed partial class LaneController
{
    private readonly IRegistryLookup _registry;
    private readonly IStayBook _stays;
    private readonly ILaneLog _events;
    private readonly TariffBook _tariffs;
    private readonly ILaneOutputs _outputs;
    private readonly TimeProvider _time;
    private readonly LaneRules _rules;
    private readonly ReadDeduplicator _dedupe;
    private readonly IOfflineLog? _offline;
    private volatile IReadOnlyDictionary<string, LaneHold> _holds = new Dictionary<string, LaneHold>();
    private volatile RegistrySnapshot? _snapshot;
    private int _rebuilding;

    /// <summary>Which residents' cars are inside, for the rule on more cars than a household's spaces; null without one.</summary>
    public IResidentPresence? Presence { get; init; }

    /// <summary>The reminders of recent parking violations (红黑榜) the entry board shows; null without conduct rules.</summary>
    public IConductReminders? Conduct { get; init; }

    /// <summary>
    /// Creates the controller over the estate's stores and the lanes' outputs; <paramref name="offline"/> sums the
    /// records cameras kept while offline (and says since when each camera had a list).
    /// </summary>
    public LaneController(IRegistryLookup registry, IStayBook stays, ILaneLog events, TariffBook tariffs, ILaneOutputs outputs, LaneRules rules, TimeProvider time, IOfflineLog? offline = null)
    {
        _offline = offline;
        _registry = registry;
        _stays = stays;
        _events = events;
        _tariffs = tariffs;
        _outputs = outputs;
        _rules = rules;
        _time = time;
        _dedupe = new ReadDeduplicator(rules.DedupeWindow);
    }

    /// <summary>How often the fuzzy index of registered plates is rebuilt (exact lookups always see the registry as it is).</summary>
    public static TimeSpan SnapshotAge { get; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Builds the fuzzy index and walks the decision path's look-ups once before the first car arrives, so no read
    /// waits for the index or pays for compiling code and preparing queries (measured: without it the first read on
    /// each lane after a start took 20–80 ms, every lane at once).
    /// </summary>
    public async Task WarmUpAsync(CancellationToken cancellationToken = default)
    {
        var snapshot = _snapshot = await BuildSnapshotAsync(_time.GetUtcNow(), cancellationToken);
        const string nobody = "(warm-up)"; // never a plate: normalised plates have no brackets
        var registered = snapshot.Plates.Keys.FirstOrDefault() ?? nobody; // a row read maps it: the mapper is built now
        _ = await _registry.FindBlocklistEntryAsync(snapshot.Blocked.Keys.FirstOrDefault() ?? nobody, cancellationToken);
        _ = await _registry.FindVehicleAsync(registered, cancellationToken);
        _ = await _stays.OpenPlatesAsync(cancellationToken);
        _ = snapshot.Matcher.Match(registered);
        _ = snapshot.BlockedMatcher.Match(nobody);
    }

    /// <summary>
    /// The lanes held open now (常开): their barrier is held up, so no read pulses it; each read is still decided and
    /// recorded, and a visitor leaving by a held exit is let out free with the hold's reason in the ledger.
    /// </summary>
    public void SetHolds(IEnumerable<LaneHold> open) => _holds = open.ToDictionary(h => h.Lane, StringComparer.Ordinal);

    /// <summary>The hold of <paramref name="lane"/>, or null.</summary>
    public LaneHold? HoldOf(string lane) => _holds.GetValueOrDefault(lane);

    /// <summary>Forgets the fuzzy index, e.g. after the desk registered a plate.</summary>
    public void InvalidateRegistry() => _snapshot = null;

    /// <summary>Decides what <paramref name="lane"/> does with <paramref name="read"/>, acts on it and records it.</summary>
    public async Task<LaneDecision> HandleAsync(LaneSettings lane, CameraRead read, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lane);
        ArgumentNullException.ThrowIfNull(read);
        if (read.Offline is { } record)
        {
            return await ImportOfflineAsync(lane, read, record, cancellationToken);
        }

        var now = _time.GetUtcNow();
        var text = PlateNormalizer.Normalize(read.PlateText);
        if (read.TurnedBack && _dedupe.FirstMessage($"{read.Format}:{read.Device}:{read.MessageId}", now))
        {
            return await TurnedBackAsync(lane, read, text, cancellationToken);
        }

        if (!_dedupe.FirstMessage($"{read.Format}:{read.Device}:{read.MessageId}", now))
        {
            return Decide(lane, read, text, LaneOutcome.Ignored, Visitor.Unknown, new("重复消息", "duplicate message"));
        }

        var age = now - read.CapturedAt;
        if (age > _rules.StaleAfter || -age > _rules.StaleAfter)
        {
            return await RecordAsync(Decide(lane, read, text, LaneOutcome.Ignored, Visitor.Unknown,
                new($"识别时间相差{(long)Math.Abs(age.TotalSeconds)}秒，已忽略", $"read is {(long)age.TotalSeconds} s old: ignored")), cancellationToken);
        }

        if (text.Length > 0 && !_dedupe.FirstPlate(lane.Id, text, now))
        {
            return Decide(lane, read, text, LaneOutcome.Ignored, Visitor.Unknown, new("同一车牌重复识别", "same plate again"));
        }

        if (text.Length == 0 || read.Confidence < _rules.MinConfidence)
        {
            return await HoldAsync(lane, read, text, new($"识别不确定（{read.Confidence}），请人工确认", $"unsure read ({read.Confidence}): the booth decides"), cancellationToken);
        }

        return lane.Direction == LaneDirection.Entry
            ? await EntryAsync(lane, read, text, now, cancellationToken)
            : await ExitAsync(lane, read, text, now, cancellationToken);
    }

    /// <summary>
    /// Decides a read again with the plate a person chose for it at the booth (a candidate, or typed): the same entry or
    /// exit rules, but on that plate exactly (no fuzzy match, no second hold for a near plate), with the held read's
    /// picture. The lane's usual checks of the camera's message (repeat, age, confidence) do not apply to a person.
    /// </summary>
    public async Task<LaneDecision> DecideByHandAsync(LaneSettings lane, string plate, string? picture, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lane);
        var now = _time.GetUtcNow();
        var text = PlateNormalizer.Normalize(plate);
        var read = new CameraRead("booth", actor, $"booth-{Guid.NewGuid():N}", plate, PlateColor.Unknown, 100, now, null) { PicturePath = picture };
        return lane.Direction == LaneDirection.Entry
            ? await EntryAsync(lane, read, text, now, cancellationToken, exact: true)
            : await ExitAsync(lane, read, text, now, cancellationToken, exact: true);
    }

    /// <summary>Opens the gate for a stay just settled in the ledger (paid, or let out free); the decision says which.</summary>
    public async Task<LaneDecision> OpenAfterPaymentAsync(LaneSettings lane, Stay stay, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stay);
        LocalizedText why = stay switch
        {
            { ClosedHow: StayClosing.Paid, FeeFen: > 0 } => new($"已缴费 {Yuan(stay.FeeFen.Value)}元，一路顺风", $"paid {Yuan(stay.FeeFen.Value)} yuan: have a good trip"),
            { OwedFen: > 0 } => new($"欠费 {Yuan(stay.OwedFen.Value)}元放行，下次入场时追缴", $"let out owing {Yuan(stay.OwedFen.Value)} yuan, collected at the next visit"),
            _ => new("免费放行，一路顺风", "left free: have a good trip"),
        };
        var decision = await OpenAsync(lane, null, stay.Plate, stay.Plate, Visitor.Visitor, why, stay.Id, cancellationToken);
        await _outputs.ShowAsync(lane.Id, new($"{stay.Plate} 一路顺风", $"{stay.Plate} goodbye"), cancellationToken);
        return decision;
    }

    /// <summary>
    /// Opens the gate by hand from the desk (the ledger entry with operator and reason is written first, by the
    /// caller); the decision names both.
    /// </summary>
    public async Task<LaneDecision> OpenByHandAsync(LaneSettings lane, string? plate, string reason, string user, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lane);
        var relay = await _outputs.OpenGateAsync(lane.Id, cancellationToken);
        var why = new LocalizedText($"人工开闸（{user}）：{reason}", $"opened by hand ({user}): {reason}");
        if (relay == RelayResult.NoReply)
        {
            why = new(why.Zh + "；道闸未确认开启，请收费亭查看", why.En + "; the barrier did not confirm: booth, please check");
        }

        var decision = new LaneDecision(lane.Id, _time.GetUtcNow(), null, null, plate, relay == RelayResult.Confirmed ? LaneOutcome.Opened : LaneOutcome.OpenUncertain, Visitor.Unknown, why, null, null);
        var recorded = await RecordAsync(decision, cancellationToken);
        Opened(lane, recorded);
        return recorded;
    }

    /// <summary>Puts a problem of <paramref name="lane"/>'s devices on the booth's queue (a held record with no plate), and publishes it.</summary>
    public Task<LaneDecision> ReportAsync(LaneSettings lane, LocalizedText problem, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lane);
        return RecordAsync(new LaneDecision(lane.Id, _time.GetUtcNow(), null, null, null, LaneOutcome.Held, Visitor.Unknown, problem, null, null), cancellationToken);
    }

    /// <summary>
    /// The fuzzy index of registered plates. Only the first build happens on a read; afterwards a stale index is
    /// rebuilt in the background (one rebuild at a time) while reads go on with the one they have, so no lane's read
    /// waits for thousands of plates to be re-indexed.
    /// </summary>
    private async Task<RegistrySnapshot> SnapshotAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_snapshot is not { } current)
        {
            var built = await BuildSnapshotAsync(now, cancellationToken);
            _snapshot = built;
            return built;
        }

        if (now - current.At >= SnapshotAge && Interlocked.CompareExchange(ref _rebuilding, 1, 0) == 0)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    _snapshot = await BuildSnapshotAsync(_time.GetUtcNow(), CancellationToken.None);
                }
                catch (Exception e) when (e is InvalidOperationException or System.Data.Common.DbException)
                {
                    // Keep the index we have; the next read tries again.
                }
                finally
                {
                    Interlocked.Exchange(ref _rebuilding, 0);
                }
            }, CancellationToken.None);
        }

        return current;
    }

    private async Task<RegistrySnapshot> BuildSnapshotAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var plates = (await _registry.RegisteredPlatesAsync(now, cancellationToken)).ToDictionary(p => p.Plate, StringComparer.Ordinal);
        var blocked = (await _registry.ListBlocklistAsync(cancellationToken)).ToDictionary(b => b.Plate, StringComparer.Ordinal);
        return new RegistrySnapshot(now, new PlateMatcher(plates.Keys, _rules.FuzzyBudget), plates, new PlateMatcher(blocked.Keys, _rules.FuzzyBudget), blocked);
    }

    /// <summary>
    /// The fuzzy indexes of registered and of blocklisted plates and what each plate is, as of <paramref name="At"/>;
    /// replaced whole, never changed.
    /// </summary>
    private sealed record RegistrySnapshot(
        DateTimeOffset At, PlateMatcher Matcher, Dictionary<string, RegisteredPlate> Plates, PlateMatcher BlockedMatcher, Dictionary<string, BlocklistEntry> Blocked);

    private async Task<LaneDecision> HoldAsync(LaneSettings lane, CameraRead read, string text, LocalizedText reason, CancellationToken cancellationToken)
    {
        await _outputs.ShowAsync(lane.Id, new("请稍候，工作人员处理中", "please wait for the booth"), cancellationToken);
        return await RecordAsync(Decide(lane, read, text, LaneOutcome.Held, Visitor.Unknown, reason), cancellationToken);
    }

    private async Task<LaneDecision> OpenAsync(LaneSettings lane, CameraRead? read, string? plateRead, string plate, Visitor who, LocalizedText reason, long? stayId, CancellationToken cancellationToken, string? special = null)
    {
        var relay = HoldOf(lane.Id) is null ? await _outputs.OpenGateAsync(lane.Id, cancellationToken) : RelayResult.Confirmed; // held up already: a pulse would drop a held relay
        var outcome = relay == RelayResult.Confirmed ? LaneOutcome.Opened : LaneOutcome.OpenUncertain;
        if (relay == RelayResult.NoReply)
        {
            reason = new(reason.Zh + "；道闸未确认开启，请收费亭查看", reason.En + "; the barrier did not confirm: booth, please check");
        }

        var decision = new LaneDecision(lane.Id, _time.GetUtcNow(), read?.MessageId, plateRead, plate, outcome, who, reason, stayId, null) { Picture = read?.PicturePath, Special = special };
        var recorded = await RecordAsync(decision, cancellationToken);
        Opened(lane, recorded);
        return recorded;
    }

    private async Task<LaneDecision> RecordAsync(LaneDecision decision, CancellationToken cancellationToken)
    {
        if (HoldOf(decision.Lane) is { } hold)
        {
            decision = decision with
            {
                Reason = new($"{decision.Reason.Zh}（常开中：{hold.Reason}）", $"{decision.Reason.En} (held open: {hold.Reason})"),
            };
        }

        await _events.AppendAsync(new LaneEventRecord(0, decision.At, decision.Lane, decision.ReadId, decision.PlateRead, decision.Plate,
            decision.Outcome, decision.Who, decision.Reason, decision.StayId, decision.DueFen, decision.Picture) { Special = decision.Special }, cancellationToken);
        await _outputs.PublishAsync(decision, cancellationToken);
        return decision;
    }

    /// <summary>
    /// A special vehicle (police, armed police, emergency, or a kind the estate lists) passes free at entry and exit,
    /// before any other check (an emergency is never kept waiting), with no stay and no fee, recorded as a special
    /// passage with its kind for the reports. Null when the plate is of no such kind, or at an exit when it has a stay
    /// inside (it entered before it was listed): that stay is settled as usual.
    /// </summary>
    private async Task<LaneDecision?> SpecialAsync(LaneSettings lane, CameraRead read, string text, CancellationToken cancellationToken)
    {
        if (_rules.Specials.Match(text) is not { } kind
            || (lane.Direction == LaneDirection.Exit && (await _stays.OpenPlatesAsync(cancellationToken)).Contains(text, StringComparer.Ordinal)))
        {
            return null;
        }

        await _outputs.ShowAsync(lane.Id, new($"{text} {kind.Name} 免费通行", $"{text} {kind.NameEn}: free passage"), cancellationToken);
        return await OpenAsync(lane, read, text, text, Visitor.Special, new($"特种车辆（{kind.Name}）免费通行", $"special vehicle ({kind.NameEn}): free passage"), null, cancellationToken, kind.Name);
    }

    private LaneDecision Decide(LaneSettings lane, CameraRead read, string text, LaneOutcome outcome, Visitor who, LocalizedText reason) =>
        new(lane.Id, _time.GetUtcNow(), read.MessageId, read.PlateText, text.Length == 0 ? null : text, outcome, who, reason, null, null) { Picture = read.PicturePath };

    private static string Yuan(long fen) => Money.Yuan(fen);
}
