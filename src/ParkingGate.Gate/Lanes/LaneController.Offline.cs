using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Tariffs;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Storage.Lanes;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Gate.Lanes;

public sealed partial class LaneController
{
    /// <summary>How old an offline record may be: older ones are set aside for a person (a camera's clock gone wrong).</summary>
    public static readonly TimeSpan OldestOfflineRecord = TimeSpan.FromDays(31);

    /// <summary>
    /// Takes in a read the camera made by itself while the gate was down, as what happened then: nothing is shown or
    /// opened now. A passage (the camera opened by its own list) is recorded with its capture time and the camera's
    /// record key, a pass holder's or visitor's stay opened or closed for it (what is due stays owed; a resident and a
    /// valid pass owe nothing); a read the camera did not open for is kept but is no passage; a record that cannot be
    /// trusted as dated is set aside for a person. Each record is taken in once, whatever number of times it is sent.
    /// </summary>
    private async Task<LaneDecision> ImportOfflineAsync(LaneSettings lane, CameraRead read, OfflineRecord record, CancellationToken cancellationToken)
    {
        var key = $"{read.Format}:{read.Device}:{record.RecordId}";
        var text = PlateNormalizer.Normalize(read.PlateText);
        if (await _events.HasCameraRecordAsync(key, cancellationToken))
        {
            return Decide(lane, read, text, LaneOutcome.Ignored, Visitor.Unknown, new("脱机记录已导入过", "offline record imported before"));
        }

        var at = read.CapturedAt;
        if (await DistrustAsync(read, cancellationToken) is { } doubt)
        {
            return await RecordOfflineAsync(lane, read, key, OfflineTally.SetAside, Decide(lane, read, text, LaneOutcome.Ignored, Visitor.Unknown,
                new($"脱机记录待核对：{doubt.Zh}", $"offline record set aside: {doubt.En}")) with { At = at }, cancellationToken);
        }

        var blocked = text.Length == 0 ? null : await _registry.FindBlocklistEntryAsync(text, cancellationToken);
        var resident = text.Length == 0 ? null : await _registry.FindVehicleAsync(text, cancellationToken);
        var pass = text.Length == 0 || resident is not null ? null
            : (await _registry.RegisteredPlatesAsync(at, cancellationToken)).FirstOrDefault(p => p.Plate == text && p.PassUntilUtc is not null);
        var listed = blocked is null && (resident is not null || pass is not null);
        if (!(record.OpenedByList ?? listed) || text.Length == 0)
        {
            var why = blocked is not null ? new LocalizedText($"黑名单：{blocked.Reason}", $"blocklisted: {blocked.Reason}")
                : text.Length == 0 ? new LocalizedText("未识别车牌", "no plate read") : new LocalizedText("不在相机名单", "not on the camera's list");
            return await RecordOfflineAsync(lane, read, key, OfflineTally.NotOpened, Decide(lane, read, text, LaneOutcome.Ignored,
                blocked is null ? Visitor.Visitor : Visitor.Blocked, new($"脱机期间相机未开闸（{why.Zh}）", $"the camera did not open while offline ({why.En})")) with { At = at }, cancellationToken);
        }

        var who = resident is not null ? Visitor.Resident : pass is not null ? Visitor.PassHolder : Visitor.Visitor;
        var (stayId, note) = resident is not null
            ? (null, new LocalizedText($"住户车辆 {resident.Room}", $"resident vehicle of {resident.Room}"))
            : await OfflineStayAsync(lane, read, text, key, who, cancellationToken);
        var decision = new LaneDecision(lane.Id, at, read.MessageId, read.PlateText, text, LaneOutcome.Opened, who,
            new($"脱机期间相机按名单开闸：{note.Zh}", $"opened by the camera's own list while offline: {note.En}"), stayId, null) { Picture = read.PicturePath };
        return await RecordOfflineAsync(lane, read, key, OfflineTally.Passage, decision, cancellationToken);
    }

    /// <summary>Why an offline record cannot be taken as dated (in the future, too old, before the camera had a list), or null.</summary>
    private async Task<LocalizedText?> DistrustAsync(CameraRead read, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var at = read.CapturedAt;
        if (at - now > _rules.StaleAfter)
        {
            return new($"记录时间 {at:yyyy-MM-dd HH:mm} UTC 晚于现在", $"dated {at:yyyy-MM-dd HH:mm} UTC, in the future");
        }

        if (now - at > OldestOfflineRecord)
        {
            return new($"记录时间 {at:yyyy-MM-dd HH:mm} UTC 早于 {OldestOfflineRecord.TotalDays} 天前", $"dated {at:yyyy-MM-dd HH:mm} UTC, over {OldestOfflineRecord.TotalDays} days ago");
        }

        if (_offline is not null && await _offline.ListSinceAsync(read.Device, cancellationToken) is { } since && at < since)
        {
            return new($"记录时间早于相机获得名单（{since:yyyy-MM-dd HH:mm} UTC）", $"dated before the camera was given its list ({since:yyyy-MM-dd HH:mm} UTC)");
        }

        return null;
    }

    /// <summary>
    /// The stay of a pass holder (or a visitor the camera's list still held) that passed offline: opened at an entry,
    /// priced and closed at an exit (what is due stays owed). The stay is found by the record's key first, so a record
    /// taken in before a crash is not entered twice.
    /// </summary>
    private async Task<(long? StayId, LocalizedText Note)> OfflineStayAsync(LaneSettings lane, CameraRead read, string text, string key, Visitor who, CancellationToken cancellationToken)
    {
        var kind = who == Visitor.PassHolder ? new LocalizedText("月卡车", "pass holder") : new LocalizedText("名单外车辆，按临时车计费，请核对", "not entitled: charged as a visitor, please check");
        if (!Plate.TryParse(text, out var plate, out var error))
        {
            return (null, new($"{kind.Zh}；车牌无效：{error.Zh}", $"{kind.En}; not a plate: {error.Message}"));
        }

        var actor = "offline:" + lane.Id;
        if (await _stays.FindByReadAsync(key, cancellationToken) is { } done)
        {
            return (done.Id, kind);
        }

        if (lane.Direction == LaneDirection.Entry)
        {
            var entered = await _stays.EnterAsync(new StayEntry(plate, VehicleClasses.Infer(plate, read.Color), lane.Id, read.CapturedAt, key, false), actor, cancellationToken);
            return entered.IsSuccess ? (entered.Value.Id, kind) : (null, new($"{kind.Zh}；已在场内：{entered.Problem.Zh}", $"{kind.En}; already inside: {entered.Problem.Message}"));
        }

        if (!(await _stays.OpenPlatesAsync(cancellationToken)).Contains(plate.Text, StringComparer.Ordinal))
        {
            return (null, new($"{kind.Zh}；无入场记录", $"{kind.En}; no entry record"));
        }

        var exit = await _stays.ExitAsync(new StayExit(plate, VehicleClasses.Infer(plate, read.Color), lane.Id, read.CapturedAt, key), _tariffs, actor, cancellationToken);
        if (!exit.IsSuccess)
        {
            return (null, new($"{kind.Zh}；出场计费失败，请收费亭处理：{exit.Problem.Zh}", $"{kind.En}; the exit could not be priced, booth please settle: {exit.Problem.Message}"));
        }

        var stay = exit.Value.Stay;
        if (exit.Value.ClosedBy is not null)
        {
            return (stay.Id, kind);
        }

        var left = await _stays.LeftUnsettledAsync(stay.Id, "脱机期间相机按名单放行 let out by the camera's list while the gate was down", actor, cancellationToken);
        return left.IsSuccess
            ? (stay.Id, new($"{kind.Zh}；应缴 {Yuan(stay.DueFen ?? 0)}元 记为欠费", $"{kind.En}; {Yuan(stay.DueFen ?? 0)} due is owed"))
            : (stay.Id, new($"{kind.Zh}；请收费亭处理：{left.Problem.Zh}", $"{kind.En}; booth please settle: {left.Problem.Message}"));
    }

    private async Task<LaneDecision> RecordOfflineAsync(LaneSettings lane, CameraRead read, string key, OfflineTally tally, LaneDecision decision, CancellationToken cancellationToken)
    {
        var id = await _events.AppendAsync(new LaneEventRecord(0, decision.At, decision.Lane, decision.ReadId, decision.PlateRead, decision.Plate,
            decision.Outcome, decision.Who, decision.Reason, decision.StayId, decision.DueFen, decision.Picture) { CameraRecord = key }, cancellationToken);
        if (id == 0)
        {
            return decision with { Outcome = LaneOutcome.Ignored, Reason = new("脱机记录已导入过", "offline record imported before") };
        }

        if (_offline is not null)
        {
            await _offline.NoteAsync(read.Device, lane.Id, read.CapturedAt, tally, cancellationToken);
        }

        await _outputs.PublishAsync(decision, cancellationToken);
        return decision;
    }
}
