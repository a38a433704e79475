using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Gate.Lanes;

public sealed partial class LaneController
{
    /// <summary>
    /// A household's car when its cars inside already fill its spaces (一位多车), by the estate's rule: refused, or let in
    /// on a stay charged as a visitor's from entry (for its whole stay, even if another car of the household leaves).
    /// </summary>
    private async Task<LaneDecision> ExtraCarAsync(LaneSettings lane, CameraRead read, string text, Storage.Registry.Vehicle vehicle, Storage.Lanes.HouseholdPresence household, CancellationToken cancellationToken)
    {
        var full = new Domain.Tariffs.LocalizedText(
            $"{vehicle.Room}户{household.Spaces}个车位已有{string.Join("、", household.Inside)}在场",
            $"the {household.Spaces} space(s) of {vehicle.Room} are taken by {string.Join(", ", household.Inside)}");
        if (_rules.ExtraCars == ExtraCarRule.Refuse)
        {
            await _outputs.ShowAsync(lane.Id, new($"{vehicle.Plate} 本户车位已满 请勿入场", $"{vehicle.Plate}: the household's spaces are full, no entry"), cancellationToken);
            return await RecordAsync(Decide(lane, read, text, LaneOutcome.Refused, Visitor.Resident,
                new($"一位多车：{full.Zh}，按小区规定不予入场", $"more cars than spaces: {full.En}; refused by the estate's rule")), cancellationToken);
        }

        var plate = Plate.Parse(vehicle.Plate);
        var stay = await _stays.EnterAsync(new StayEntry(plate, vehicle.Class, lane.Id, read.CapturedAt, read.MessageId, false) { ChargedAsVisitor = true }, "lane:" + lane.Id, cancellationToken);
        await _outputs.ShowAsync(lane.Id, new($"{vehicle.Plate} 本户车位已满 按临时车计费", $"{vehicle.Plate}: the household's spaces are full, charged as a visitor"), cancellationToken);
        var reason = stay.IsSuccess
            ? new Domain.Tariffs.LocalizedText($"一位多车：{full.Zh}，按临时车计费", $"more cars than spaces: {full.En}; charged as a visitor")
            : new Domain.Tariffs.LocalizedText($"已在场内：{stay.Problem.Zh}", $"already inside: {stay.Problem.Message}");
        return await OpenAsync(lane, read, text, vehicle.Plate, Visitor.Visitor, reason, stay.IsSuccess ? stay.Value.Id : null, cancellationToken);
    }

    /// <summary>The conduct rules' reminder for a plate with a recent violation (红黑榜), or null; a failed look-up never stops the gate.</summary>
    private async Task<Domain.Tariffs.LocalizedText?> ConductReminderAsync(string plate, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (Conduct is null)
        {
            return null;
        }

        try
        {
            return await Conduct.ReminderAsync(plate, at, cancellationToken);
        }
        catch (Microsoft.Data.Sqlite.SqliteException)
        {
            return null;
        }
    }

    /// <summary>
    /// What the board tells a pass holder during the pass's last <see cref="LaneRules.PassReminderDays"/> days, or in its
    /// grace days; null otherwise. Days are counted as started days.
    /// </summary>
    private Domain.Tariffs.LocalizedText? PassReminder(Storage.Registry.RegisteredPlate pass, DateTimeOffset now)
    {
        if (_rules.PassReminderDays == 0 || pass.PassEndsUtc is not { } ends || pass.PassUntilUtc is not { } until)
        {
            return null;
        }

        if (now >= ends)
        {
            var grace = (int)Math.Ceiling((until - now).TotalDays);
            return new($"月卡已到期 宽限{grace}天 请及时续费", $"pass ended: {grace} day(s) of grace left, please renew");
        }

        var left = (int)Math.Ceiling((ends - now).TotalDays);
        return left <= _rules.PassReminderDays ? new($"月卡剩余{left}天 请及时续费", $"{left} day(s) left on the pass, please renew") : null;
    }

    private async Task<LaneDecision> EntryAsync(LaneSettings lane, CameraRead read, string text, DateTimeOffset now, CancellationToken cancellationToken, bool exact = false)
    {
        if (await SpecialAsync(lane, read, text, cancellationToken) is { } special)
        {
            return special;
        }

        if (await _registry.FindBlocklistEntryAsync(text, cancellationToken) is { } blocked)
        {
            await _outputs.ShowAsync(lane.Id, new($"{text} 禁止入场：{blocked.Reason}", $"{text} refused: {blocked.Reason}"), cancellationToken);
            return await RecordAsync(Decide(lane, read, text, LaneOutcome.Refused, Visitor.Blocked, new($"黑名单：{blocked.Reason}", $"blocklisted: {blocked.Reason}")), cancellationToken);
        }

        var snapshot = await SnapshotAsync(now, cancellationToken);
        var (matcher, plates) = (snapshot.Matcher, snapshot.Plates);
        var resident = await _registry.FindVehicleAsync(text, cancellationToken);
        if (!exact && resident is null && !plates.ContainsKey(text) && snapshot.BlockedMatcher.Match(text) is { Kind: MatchKind.Fuzzy or MatchKind.Ambiguous } nearBlocked)
        {
            // One confusable character from a blocked plate (a dirty or half-covered plate reads that way too): the
            // booth looks before anyone is let in; an exact resident or pass plate is not held for this.
            var suspects = nearBlocked.Candidates.Select(c => $"{c.Plate}（{snapshot.Blocked[c.Plate].Reason}）");
            return await HoldAsync(lane, read, text, new($"可能是黑名单车辆 {string.Join(" 或 ", suspects)}，请人工确认",
                $"could be the blocklisted {string.Join(" or ", nearBlocked.Candidates.Select(c => c.Plate))}: the booth decides"), cancellationToken);
        }

        var match = resident is null && !exact ? matcher.Match(text) : null;
        if (match is { Kind: MatchKind.Ambiguous })
        {
            return await HoldAsync(lane, read, text, new($"可能是 {string.Join(" 或 ", match.Candidates.Select(c => c.Plate))}，请人工确认",
                $"could be {string.Join(" or ", match.Candidates.Select(c => c.Plate))}: the booth decides"), cancellationToken);
        }

        var plate = resident?.Plate ?? match?.Plate ?? (exact ? text : null);
        var registered = plate is null ? null : plates.GetValueOrDefault(plate);
        var fuzzy = match is { Kind: MatchKind.Fuzzy };
        if (resident is not null || registered is { PassUntilUtc: null })
        {
            var room = resident?.Room ?? registered!.Room;
            var vehicle = _rules.ExtraCars == ExtraCarRule.Allow || Presence is null ? null : resident ?? await _registry.FindVehicleAsync(plate!, cancellationToken);
            if (vehicle is not null && await Presence!.HouseholdAsync(vehicle.HouseholdId, vehicle.Plate, cancellationToken) is { } household && household.Inside.Count >= household.Spaces)
            {
                return await ExtraCarAsync(lane, read, text, vehicle, household, cancellationToken);
            }

            var conduct = await ConductReminderAsync(plate!, read.CapturedAt, cancellationToken);
            await _outputs.ShowAsync(lane.Id, conduct is null
                ? new($"{plate} 欢迎回家", $"{plate} welcome home")
                : new($"{plate} 欢迎回家 {conduct.Zh}", $"{plate} welcome home: {conduct.En}"), cancellationToken);
            var note = fuzzy ? $"（识别为{text}）" : "";
            var opened = await OpenAsync(lane, read, text, plate!, Visitor.Resident, new($"住户车辆 {room}{note}", $"resident vehicle of {room}"), null, cancellationToken);
            if (vehicle is not null)
            {
                await Presence!.InsideAsync(vehicle.Plate, vehicle.HouseholdId, lane.Id, read.CapturedAt, cancellationToken);
            }

            return opened;
        }

        var isPass = registered is { PassUntilUtc: not null };
        var entering = Plate.TryParse(isPass ? plate : text, out var parsed, out var error) ? parsed : null;
        if (entering is null)
        {
            return await HoldAsync(lane, read, text, new($"车牌无效：{error!.Zh}", $"not a plate: {error.Message}"), cancellationToken);
        }

        if (!isPass && (await _stays.OpenPlatesAsync(cancellationToken)).Count >= _rules.VisitorSpaces)
        {
            await _outputs.ShowAsync(lane.Id, new("车位已满", "lot full"), cancellationToken);
            return await RecordAsync(Decide(lane, read, text, LaneOutcome.Refused, Visitor.Visitor, new("访客车位已满", "no visitor space left")), cancellationToken);
        }

        var stay = await _stays.EnterAsync(new StayEntry(entering, VehicleClasses.Infer(entering, read.Color), lane.Id, read.CapturedAt, read.MessageId, fuzzy), "lane:" + lane.Id, cancellationToken);
        var who = isPass ? Visitor.PassHolder : Visitor.Visitor;
        var invitation = stay.IsSuccess ? stay.Value.InvitationId : null;
        var (kindZh, kindEn) = isPass ? ("月卡车", "pass holder") : invitation is null ? ("临时车", "visitor") : ("预约访客", "invited visitor");
        var owed = await _stays.OwedFenAsync(entering.Text, cancellationToken);
        var reminder = isPass ? PassReminder(registered!, now) : null;
        var manners = owed > 0 || reminder is not null ? null : await ConductReminderAsync(entering.Text, read.CapturedAt, cancellationToken);
        await _outputs.ShowAsync(lane.Id, owed > 0
            ? new($"{entering} 欢迎光临 您有欠费{Yuan(owed)}元 出场时请缴纳", $"{entering} welcome: {Yuan(owed)} yuan owed from before, to pay at the exit")
            : reminder is { } soon ? new($"{entering} 欢迎光临 {soon.Zh}", $"{entering} welcome: {soon.En}")
            : manners is { } conductText ? new($"{entering} {kindZh} {conductText.Zh}", $"{entering} {kindEn}: {conductText.En}")
            : new($"{entering} {kindZh} 欢迎光临", $"{entering} {kindEn}: welcome"), cancellationToken);
        var reason = stay.IsSuccess
            ? isPass ? new Domain.Tariffs.LocalizedText("月卡有效" + (reminder is null ? "" : $"（{reminder.Zh}）"), "valid pass" + (reminder is null ? "" : $" ({reminder.En})"))
            : invitation is { } id ? new Domain.Tariffs.LocalizedText($"预约访客入场（第 {id} 号预约）", $"invited visitor enters (invitation {id})")
            : new Domain.Tariffs.LocalizedText("访客入场", "visitor enters")
            : new Domain.Tariffs.LocalizedText($"已在场内：{stay.Problem.Zh}", $"already inside: {stay.Problem.Message}");
        return await OpenAsync(lane, read, text, entering.Text, who, reason, stay.IsSuccess ? stay.Value.Id : null, cancellationToken);
    }
}
