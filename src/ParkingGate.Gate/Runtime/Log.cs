using Microsoft.Extensions.Logging;

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

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "serial port {Port} is out of service: {Reason}")]
    public static partial void SerialLost(ILogger logger, string port, string? reason);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "serial port {Port} is back in service after {Seconds:0.0} s")]
    public static partial void SerialBack(ILogger logger, string port, double seconds);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "lane {LaneId}: the LED/voice board did not take a message: {Problem}")]
    public static partial void DisplayProblem(ILogger logger, string laneId, string problem);
}
