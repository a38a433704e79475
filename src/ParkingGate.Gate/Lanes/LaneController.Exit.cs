using ParkingGate.Domain.Lanes;
using ParkingGate.Domain.Plates;
using ParkingGate.Domain.Stays;
using ParkingGate.Protocols.Cameras;
using ParkingGate.Storage.Stays;

namespace ParkingGate.Gate.Lanes;

public sealed partial class LaneController
{
    /// <summary>A resident's car left: its household has a space more (kept only while a rule on extra cars is on).</summary>
    private async Task LeftAsync(string plate, CancellationToken cancellationToken)
    {
        if (_rules.ExtraCars != ExtraCarRule.Allow && Presence is not null)
        {
            await Presence.OutsideAsync(plate, cancellationToken);
        }
    }

    private async Task<LaneDecision> ExitAsync(LaneSettings lane, CameraRead read, string text, DateTimeOffset now, CancellationToken cancellationToken, bool exact = false)
    {
        if (await SpecialAsync(lane, read, text, cancellationToken) is { } special)
        {
            return special;
        }

        var open = await _stays.OpenPlatesAsync(cancellationToken);
        // A plate a person chose (exact) is the stay's plate or none: no confusable is looked for.
        var stayMatch = exact ? null : new PlateMatcher(open, _rules.FuzzyBudget).Match(text);
        var stayPlate = exact ? open.FirstOrDefault(p => p == text) : stayMatch!.Plate;
        if (stayMatch is { Kind: MatchKind.Ambiguous })
        {
            return await HoldAsync(lane, read, text, new($"场内有相近车牌 {string.Join("、", stayMatch.Candidates.Select(c => c.Plate))}，请人工确认",
                $"close to {string.Join(", ", stayMatch.Candidates.Select(c => c.Plate))} inside: the booth decides"), cancellationToken);
        }

        if (stayPlate is null && await _registry.FindVehicleAsync(text, cancellationToken) is { } resident
            && ExitPolicy.WithoutStay(resident.Room) is { Kind: ExitVerdictKind.LeavesFree })
        {
            await _outputs.ShowAsync(lane.Id, new($"{resident.Plate} 一路顺风", $"{resident.Plate} goodbye"), cancellationToken);
            var left = await OpenAsync(lane, read, text, resident.Plate, Visitor.Resident, new($"住户车辆 {resident.Room}", $"resident vehicle of {resident.Room}"), null, cancellationToken);
            await LeftAsync(resident.Plate, cancellationToken);
            return left;
        }

        if (!exact && stayPlate is null && (await SnapshotAsync(now, cancellationToken)).Matcher.Match(text) is { Kind: MatchKind.Fuzzy, Plate: { } near }
            && await _registry.FindVehicleAsync(near, cancellationToken) is { } fuzzyResident
            && ExitPolicy.WithoutStay(fuzzyResident.Room) is { Kind: ExitVerdictKind.LeavesFree })
        {
            await _outputs.ShowAsync(lane.Id, new($"{near} 一路顺风", $"{near} goodbye"), cancellationToken);
            var left = await OpenAsync(lane, read, text, near, Visitor.Resident, new($"住户车辆 {fuzzyResident.Room}（识别为{text}）", $"resident vehicle of {fuzzyResident.Room} (read as {text})"), null, cancellationToken);
            await LeftAsync(near, cancellationToken);
            return left;
        }

        var plateText = stayPlate ?? text;
        if (!Plate.TryParse(plateText, out var plate, out var error))
        {
            return await HoldAsync(lane, read, text, new($"车牌无效：{error.Zh}", $"not a plate: {error.Message}"), cancellationToken);
        }

        var exit = await _stays.ExitAsync(new StayExit(plate, VehicleClasses.Infer(plate, read.Color), lane.Id, read.CapturedAt, read.MessageId), _tariffs, "lane:" + lane.Id, cancellationToken);
        if (!exit.IsSuccess)
        {
            return await HoldAsync(lane, read, text, new($"出场计费失败：{exit.Problem.Zh}", $"exit could not be priced: {exit.Problem.Message}"), cancellationToken);
        }

        var outcome = exit.Value;
        if (outcome.OpenGate)
        {
            await _outputs.ShowAsync(lane.Id, new($"{plate} 一路顺风", $"{plate} goodbye"), cancellationToken);
            return await OpenAsync(lane, read, text, plate.Text, Visitor.Visitor, outcome.Why ?? new("免费出场", "free exit"), outcome.Stay.Id, cancellationToken);
        }

        if (HoldOf(lane.Id) is { } hold)
        {
            // The barrier is held up: the car is through whatever it owes, so the hold's reason lets it out free, in the ledger.
            var free = await _stays.GrantFreeExitAsync(outcome.Stay.Id, $"常开放行 held open: {hold.Reason}（{hold.StartedBy}）", "lane:" + lane.Id, cancellationToken);
            return await OpenAsync(lane, read, text, plate.Text, Visitor.Visitor,
                free.IsSuccess ? new("常开期间免费放行", "let out free while held open") : new($"常开期间通过，未能记为免费：{free.Problem.Zh}", $"passed while held open, not recorded free: {free.Problem.Message}"),
                outcome.Stay.Id, cancellationToken);
        }

        var due = outcome.Stay.DueFen ?? 0;
        if (outcome.Quote.NeedsReview)
        {
            await _outputs.ShowAsync(lane.Id, new($"{plate} 请稍候，工作人员处理中", $"{plate} please wait for the booth"), cancellationToken);
            var review = outcome.Quote.Reviews[0].Reason;
            return await RecordAsync(Decide(lane, read, text, LaneOutcome.Held, Visitor.Visitor, review) with { Plate = plate.Text, StayId = outcome.Stay.Id, DueFen = due }, cancellationToken);
        }

        var owed = outcome.OwedFen;
        var total = due + owed;
        var (board, why) = owed == 0
            ? (new Domain.Tariffs.LocalizedText($"{plate} 请缴费{Yuan(due)}元", $"{plate} please pay {Yuan(due)} yuan"), new Domain.Tariffs.LocalizedText($"应缴 {Yuan(due)}元", $"{Yuan(due)} due"))
            : (new($"{plate} 请缴费{Yuan(total)}元 含欠费{Yuan(owed)}元", $"{plate} please pay {Yuan(total)} yuan, {Yuan(owed)} of it owed"),
               new($"应缴 {Yuan(due)}元，另欠费 {Yuan(owed)}元", $"{Yuan(due)} due and {Yuan(owed)} owed from before"));
        await _outputs.ShowAsync(lane.Id, board, cancellationToken);
        return await RecordAsync(Decide(lane, read, text, LaneOutcome.AwaitingPayment, Visitor.Visitor, why) with { Plate = plate.Text, StayId = outcome.Stay.Id, DueFen = total }, cancellationToken);
    }
}
