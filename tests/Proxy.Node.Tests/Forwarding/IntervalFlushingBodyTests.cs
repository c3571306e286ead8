using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Time.Testing;
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

    /// <summary>
    /// What a client has received of a three-piece body (a piece of 10 bytes each), written to the body put in front
    /// of the response: after the first piece, after the interval has passed on a fake clock, after the second piece
    /// and after the last. An interval that holds nothing shows no body put in front at all.
    /// </summary>
    [Theory]
    [InlineData("negative", -1, "text/plain", false, 10, 10, 20, 30)]
    [InlineData("zero: held until the body ends", 0, "text/plain", true, 0, 0, 0, 30)]
    [InlineData("positive: held for the interval", 100, "text/plain", true, 0, 10, 10, 30)]
    [InlineData("event stream with a Content-Length", 100, "text/event-stream; charset=utf-8", false, 10, 10, 20, 30)]
    public async Task InstallIfHeld_ThreePieces_SentAsTheIntervalSays(
        string name, int intervalMs, string contentType, bool installed, int afterFirst, int afterInterval, int afterSecond, int afterLast)
    {
        _ = name;
        var time = new FakeTimeProvider();
        var sent = new MemoryStream();
        var context = Response(sent, contentType, contentLength: 30);

        var body = IntervalFlushingBody.InstallIfHeld(context, TimeSpan.FromMilliseconds(intervalMs), time);

        Assert.Equal(installed, body is not null);
        var stream = context.Features.Get<IHttpResponseBodyFeature>()!.Stream;
        await stream.WriteAsync(new byte[10]);
        Assert.Equal(afterFirst, sent.Length);
        // Zero sets no timer: an hour passes with the piece still held.
        time.Advance(intervalMs > 0 ? TimeSpan.FromMilliseconds(intervalMs) : TimeSpan.FromHours(1));
        Assert.Equal(afterInterval, sent.Length);
        await stream.WriteAsync(new byte[10]);
        Assert.Equal(afterSecond, sent.Length);
        await stream.WriteAsync(new byte[10]);
        Assert.Equal(afterLast, sent.Length);
    }

    /// <summary>A response that cannot be held keeps its own body: no object, no feature set (the revision every cached feature is checked against).</summary>
    [Theory]
    [InlineData("no Content-Length", 100, "text/plain", null)]
    [InlineData("empty body", 100, "text/plain", 0L)]
    [InlineData("event stream", 100, "text/event-stream", 30L)]
    [InlineData("negative interval", -1, "text/plain", 30L)]
    public void InstallIfHeld_ResponseThatCannotBeHeld_LeavesTheFeaturesAlone(string name, int intervalMs, string contentType, long? contentLength)
    {
        _ = name;
        var context = Response(new MemoryStream(), contentType, contentLength);
        var revision = context.Features.Revision;

        var body = IntervalFlushingBody.InstallIfHeld(context, TimeSpan.FromMilliseconds(intervalMs), new FakeTimeProvider());

        Assert.Null(body);
        Assert.Equal(revision, context.Features.Revision);
    }

    /// <summary>
    /// The transformer puts the body in front once the server's headers are copied, and only for a response that
    /// can be held: a plain request pays nothing before the answer is known.
    /// </summary>
    [Theory]
    [InlineData("with a Content-Length", "text/plain", true, true)]
    [InlineData("without a Content-Length", "text/plain", false, false)]
    [InlineData("an event stream with a Content-Length", "text/event-stream", true, false)]
    public async Task ProxyTransformerTransformResponse_ServersHeaders_InstallsOnlyWhenHeld(string name, string contentType, bool sized, bool expected)
    {
        _ = name;
        var transformer = new ProxyTransformer(RequestRewrite.Unchanged, passHostHeader: true, trustedClient: false, TimeSpan.FromMilliseconds(100), new FakeTimeProvider());
        var context = Response(new MemoryStream(), contentType: null, contentLength: null);
        using var answer = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[30]) };
        answer.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        answer.Content.Headers.ContentLength = sized ? 30 : null;

        await transformer.TransformResponseAsync(context, answer, CancellationToken.None);

        Assert.Equal(expected, context.Features.Get<IHttpResponseBodyFeature>() is IntervalFlushingBody);
    }

    private static DefaultHttpContext Response(Stream sent, string? contentType, long? contentLength)
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(sent));
        context.Response.ContentType = contentType;
        context.Response.ContentLength = contentLength;
        return context;
    }
}
