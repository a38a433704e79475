using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace ParkingGate.Host.Tests;

/// <summary>Keeps every log line the gate writes (level, message, and the exception's type and message).</summary>
internal sealed class CollectingLogger : ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue(exception is null ? $"{logLevel}: {formatter(state, exception)}" : $"{logLevel}: {formatter(state, exception)} {exception.GetType().Name}: {exception.Message}");
}
