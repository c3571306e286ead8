using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Proxy.Node.Observability;

namespace Proxy.Node.Tests.Observability;

public sealed class SingleLineLogFormatterTests
{
    [Fact]
    public void Write_MessageWithLineBreaksAndEscapes_OneEscapedLine()
    {
        var line = Format(LogLevel.Warning, "GET /a\r\nfail: Proxy[0] forged\u2028\u001b[2J answered 502: refused", null);

        Assert.Equal(@"warn: Proxy.Node.Forwarding.ProxyHandler[7] GET /a\r\nfail: Proxy[0] forged\u2028\x1B[2J answered 502: refused" + "\n", line);
    }

    [Fact]
    public void Write_Exception_StackTraceOnTheSameLine()
    {
        Exception thrown;
        try
        {
            throw new InvalidOperationException("bad\nthing");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        var line = Format(LogLevel.Error, "failed", thrown);

        Assert.StartsWith(@"fail: Proxy.Node.Forwarding.ProxyHandler[7] failed System.InvalidOperationException: bad\nthing\n   at ", line, StringComparison.Ordinal);
        Assert.Equal(1, line.Count(c => c == '\n'));
        Assert.EndsWith("\n", line, StringComparison.Ordinal);
    }

    private static string Format(LogLevel level, string message, Exception? exception)
    {
        var writer = new StringWriter();
        new SingleLineLogFormatter().Write(
            new LogEntry<string>(level, "Proxy.Node.Forwarding.ProxyHandler", new EventId(7), message, exception, (state, _) => state),
            null,
            writer);
        return writer.ToString();
    }
}
