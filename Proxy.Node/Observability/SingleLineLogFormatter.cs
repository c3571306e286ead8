using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Proxy.Node.Observability;

/// <summary>
/// The node's console log: one line per entry, <c>level: category[event] message</c>, as the simple
/// console formatter's single-line mode writes it, with the message and exception passed through
/// <see cref="LogText.Escape(string)"/>. The simple formatter turns a newline into a space but lets a
/// carriage return, an escape sequence or a line separator through, and its colours are escape
/// sequences of their own; this one writes plain text.
/// </summary>
public sealed class SingleLineLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "proxy-single-line";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        textWriter.Write(Level(logEntry.LogLevel));
        textWriter.Write(": ");
        textWriter.Write(LogText.Escape(logEntry.Category));
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id);
        textWriter.Write("] ");
        textWriter.Write(LogText.Escape(message));
        if (logEntry.Exception is { } exception)
        {
            textWriter.Write(' ');
            textWriter.Write(LogText.Escape(exception.ToString()));
        }

        textWriter.Write('\n');
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        LogLevel.Critical => "crit",
        _ => "none",
    };
}
