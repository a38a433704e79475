using Microsoft.Extensions.Logging;
using ParkingGate.Domain.Lanes;

namespace ParkingGate.Gate;

/// <summary>The gate's log lines, with stable names.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "gate started: {LaneCount} lane(s), broker port {Port}")]
    public static partial void Started(ILogger logger, int laneCount, int port);

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "message refused ({Count} so far): {Reason}")]
    public static partial void Rejected(ILogger logger, string reason, long count);

    [LoggerMessage(EventId = 102, Level = LogLevel.Error, Message = "lane {LaneId} could not handle the read of {Plate}")]
    public static partial void LaneError(ILogger logger, string laneId, string plate, Exception exception);

    [LoggerMessage(EventId = 160, Level = LogLevel.Information, Message = "camera {Camera}: its list read back and compared with the registry: {Result} ({Unreadable} end(s) it could not show)")]
    public static partial void ListChecked(ILogger logger, string camera, Storage.Cameras.CameraListCheck result, int unreadable);

    [LoggerMessage(EventId = 161, Level = LogLevel.Warning, Message = "camera {Camera}: its list could not be read back (no answer); tried again the next night")]
    public static partial void ListCheckFailed(ILogger logger, string camera);

    [LoggerMessage(EventId = 150, Level = LogLevel.Information, Message = "lane {LaneId}: the barrier confirmed it is {State}")]
    public static partial void HoldApplied(ILogger logger, string laneId, string state);

    [LoggerMessage(EventId = 151, Level = LogLevel.Warning, Message = "lane {LaneId}: the barrier did not confirm the command to {State}; trying again")]
    public static partial void HoldUnconfirmed(ILogger logger, string laneId, string state);

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "serial port {Port} is out of service: {Reason}")]
    public static partial void SerialLost(ILogger logger, string port, string? reason);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "serial port {Port} is back in service after {Seconds:0.0} s")]
    public static partial void SerialBack(ILogger logger, string port, double seconds);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "lane {LaneId}: the LED/voice board did not take a message: {Problem}")]
    public static partial void DisplayProblem(ILogger logger, string laneId, string problem);

    /// <summary>One line per decision: at Information, but a camera's repeats (ignored) only at Debug.</summary>
    public static void Decision(ILogger logger, Lanes.LaneDecision decision)
    {
        if (decision.Outcome == LaneOutcome.Ignored)
        {
            Ignored(logger, decision.Lane, decision.PlateRead, decision.ReadId, decision.Reason.En);
        }
        else if (logger.IsEnabled(LogLevel.Information))
        {
            var stay = decision.StayId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";
            var due = decision.DueFen is { } fen ? $"{Domain.Money.Yuan(fen)} yuan" : "-";
            Decided(logger, decision.Lane, decision.Outcome, decision.Plate, decision.PlateRead, decision.Who, stay, due, decision.ReadId, decision.Reason.En);
        }
    }

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "lane {LaneId}: {Outcome} {Plate} (read {PlateRead}, {Who}), stay {StayId}, due {Due}, message {ReadId}: {Reason}")]
    public static partial void Decided(ILogger logger, string laneId, LaneOutcome outcome, string? plate, string? plateRead, Visitor who, string stayId, string due, string? readId, string reason);

    [LoggerMessage(EventId = 121, Level = LogLevel.Debug, Message = "lane {LaneId}: ignored {PlateRead}, message {ReadId}: {Reason}")]
    public static partial void Ignored(ILogger logger, string laneId, string? plateRead, string? readId, string reason);

    [LoggerMessage(EventId = 130, Level = LogLevel.Information, Message = "ledger {Seq}: {How} {AmountFen} fen for stay {StayId} ({Plate}) by {Actor}; exit {Opening}")]
    public static partial void Settled(ILogger logger, long seq, string how, long amountFen, long stayId, string plate, string actor, Settlement.ExitOpening opening);

    [LoggerMessage(EventId = 140, Level = LogLevel.Information, Message = "camera {Camera}: its whole list is queued (a camera not seen before)")]
    public static partial void ListFullSync(ILogger logger, string camera);

    [LoggerMessage(EventId = 141, Level = LogLevel.Warning, Message = "camera {Camera}: {Count} list operation(s) not confirmed ({Why}); tried again later")]
    public static partial void ListRetry(ILogger logger, string camera, int count, string why);

    [LoggerMessage(EventId = 142, Level = LogLevel.Error, Message = "camera lists: {Problem}")]
    public static partial void ListProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 132, Level = LogLevel.Information, Message = "{Count} read(s) held for the booth expired unsettled after {Minutes} min, each recorded")]
    public static partial void HeldExpired(ILogger logger, int count, int minutes);

    [LoggerMessage(EventId = 131, Level = LogLevel.Information, Message = "ledger {Seq}: lane {LaneId} opened by hand for {Plate} by {Actor}: {Outcome}")]
    public static partial void OpenedByHand(ILogger logger, long seq, string laneId, string? plate, string actor, LaneOutcome outcome);
}
