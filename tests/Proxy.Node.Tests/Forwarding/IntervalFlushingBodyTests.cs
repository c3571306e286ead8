using Proxy.Node.Forwarding;
using Xunit;

namespace Proxy.Node.Tests.Forwarding;

public sealed class IntervalFlushingBodyTests
{
    /// <summary>Server-sent events by media type, as Go's mime.ParseMediaType compares it for Traefik: parameters and case do not matter.</summary>
    [Theory]
    [InlineData("text/event-stream", true)]
    [InlineData("text/event-stream; charset=utf-8", true)]
    [InlineData("Text/Event-Stream;charset=utf-8", true)]
    [InlineData("  text/event-stream  ", true)]
    [InlineData("text/event-stream ;x=1", true)]
    [InlineData("text/event-streams", false)]
    [InlineData("text/event-stream-x", false)]
    [InlineData("text/plain", false)]
    [InlineData("application/grpc", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsEventStream_ContentType_IsTheMediaTypeOnly(string? contentType, bool expected)
    {
        Assert.Equal(expected, IntervalFlushingBody.IsEventStream(contentType));
    }
}
