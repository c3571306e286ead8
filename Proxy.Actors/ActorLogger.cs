using Akka.Event;
using Microsoft.Extensions.Logging;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Proxy.Actors;

/// <summary>
/// An <see cref="ILogger"/> writing to an actor's own Akka log, so an actor can log through
/// source-generated <c>[LoggerMessage]</c> methods and still reach the node's log the way every actor
/// does (the formatted message, at the mapped level), whatever order the node starts its parts in.
/// </summary>
public sealed class ActorLogger(ILoggingAdapter log) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => Level(logLevel) is { } level && log.IsEnabled(level);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (Level(logLevel) is { } level && log.IsEnabled(level))
        {
            log.Log(level, exception, formatter(state, exception));
        }
    }

    private static Akka.Event.LogLevel? Level(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => Akka.Event.LogLevel.DebugLevel,
        LogLevel.Information => Akka.Event.LogLevel.InfoLevel,
        LogLevel.Warning => Akka.Event.LogLevel.WarningLevel,
        LogLevel.Error or LogLevel.Critical => Akka.Event.LogLevel.ErrorLevel,
        _ => null,
    };
}
