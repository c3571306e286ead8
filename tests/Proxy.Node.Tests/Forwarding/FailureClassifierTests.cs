using System.Net.Http;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Proxy.Actors.Requests;
using Proxy.Node.Forwarding;
using Xunit;
using Yarp.ReverseProxy.Forwarder;

namespace Proxy.Node.Tests.Forwarding;

/// <summary>
/// How far a failed attempt got decides whether it may be retried, and whose failure it was
/// whether the server's health hears of it: YARP's errors and the exceptions it wraps, mapped.
/// </summary>
public sealed class FailureClassifierTests
{
    private static readonly HttpRequestException SendFailed = new("An error occurred while sending the request.");

    /// <summary>Name, error, exception, expected kind, expected status for the client (0: the retry rules decide).</summary>
    public static TheoryData<string, ForwarderError, Exception, FailureKind, int> Cases => new()
    {
        { "refused", ForwarderError.Request, new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused)), FailureKind.NotSent, 0 },
        { "closed before a response byte", ForwarderError.Request, new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."), FailureKind.NoResponse, 0 },
        { "reset before a response byte", ForwarderError.Request, new HttpRequestException(HttpRequestError.Unknown, "An error occurred while sending the request.", new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset))), FailureKind.NoResponse, 0 },
        { "other request error", ForwarderError.Request, new HttpRequestException(HttpRequestError.InvalidResponse, "Received an invalid status line"), FailureKind.Sent, 0 },
        { "reset while the body streamed", ForwarderError.ResponseBodyDestination, new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset)), FailureKind.Sent, 0 },
        { "timeout", ForwarderError.RequestTimedOut, new TaskCanceledException(), FailureKind.TimedOut, 0 },
        { "server stopped reading the request body", ForwarderError.RequestBodyDestination, new AggregateException(new IOException("Broken pipe"), SendFailed), FailureKind.Sent, 0 },
        { "response the proxy cannot pass on", ForwarderError.ResponseHeaders, new InvalidOperationException("bad header"), FailureKind.Sent, 0 },
        { "WebSocket server side broke", ForwarderError.UpgradeResponseDestination, new IOException("Connection reset by peer"), FailureKind.Sent, 0 },

        { "unbuildable request (Host x:99999)", ForwarderError.RequestCreation, new UriFormatException("Invalid URI: Invalid port specified."), FailureKind.BadRequest, 400 },
        { "malformed chunked body", ForwarderError.RequestBodyClient, new AggregateException(new BadHttpRequestException("Bad chunk size data.", 400), SendFailed), FailureKind.BadRequest, 400 },
        { "body over Kestrel's limit", ForwarderError.RequestBodyClient, new AggregateException(new BadHttpRequestException("Request body too large.", 413), SendFailed), FailureKind.BadRequest, 413 },
        { "client stopped sending its body", ForwarderError.RequestBodyClient, new AggregateException(new TaskCanceledException(), SendFailed), FailureKind.BadRequest, 408 },
        { "client reset during upload", ForwarderError.RequestBodyClient, new AggregateException(new IOException("Connection reset by peer"), SendFailed), FailureKind.ClientAborted, 499 },
        { "client left before the response headers", ForwarderError.RequestCanceled, new TaskCanceledException(), FailureKind.ClientAborted, 499 },
        { "client left during upload", ForwarderError.RequestBodyCanceled, new TaskCanceledException(), FailureKind.ClientAborted, 499 },
        { "client reset during download", ForwarderError.ResponseBodyClient, new IOException("Connection reset by peer"), FailureKind.ClientAborted, 499 },
        { "client left during download", ForwarderError.ResponseBodyCanceled, new TaskCanceledException(), FailureKind.ClientAborted, 499 },
        { "WebSocket client left", ForwarderError.UpgradeRequestClient, new IOException("Connection reset by peer"), FailureKind.ClientAborted, 499 },
        { "WebSocket client stopped reading", ForwarderError.UpgradeResponseClient, new IOException("Broken pipe"), FailureKind.ClientAborted, 499 },
        { "WebSocket idle", ForwarderError.UpgradeActivityTimeout, new TaskCanceledException(), FailureKind.Idle, 504 },
        { "response body stalled for the timeout", ForwarderError.ResponseBodyDestination, new TaskCanceledException(), FailureKind.Stalled, 504 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_ForwarderError_KindAndStatus(string name, ForwarderError error, Exception exception, FailureKind expected, int status)
    {
        var failure = FailureClassifier.Classify(Context(error, exception), error, bodyReplayable: true);

        Assert.True(expected == failure.Kind, $"{name}: expected {expected}, got {failure.Kind}");
        Assert.True(status == 0 || status == failure.Status, $"{name}: expected status {status}, got {failure.Status}");
        Assert.Equal(expected is FailureKind.NotSent or FailureKind.NoResponse or FailureKind.Sent or FailureKind.TimedOut, failure.CountsAgainstServer);
        Assert.Equal(failure.CountsAgainstServer, failure.ReportFor("http://s") is not null);
    }

    [Fact]
    public void Classify_ServerBrokeMidBodyAndYarpAbortedTheClient_StillTheServers()
    {
        // YARP aborts the client's connection after a server fails mid-body: RequestAborted is then set.
        var context = Context(ForwarderError.ResponseBodyDestination, new IOException("Connection reset by peer"));
        context.RequestAborted = new CancellationToken(canceled: true);

        var failure = FailureClassifier.Classify(context, ForwarderError.ResponseBodyDestination, bodyReplayable: true);

        Assert.Equal(FailureKind.Sent, failure.Kind);
        Assert.True(failure.CountsAgainstServer);
    }

    [Fact]
    public void Classify_TimedOutAndTheClientHasLeftToo_NotTheServers()
    {
        // The timeout fired first, the client's reset was seen before the classification: after a
        // stall of the process both were due at once, and which came first cannot be told.
        var context = Context(ForwarderError.RequestTimedOut, new TaskCanceledException());
        context.RequestAborted = new CancellationToken(canceled: true);

        var failure = FailureClassifier.Classify(context, ForwarderError.RequestTimedOut, bodyReplayable: true);

        Assert.Equal(FailureKind.ClientAborted, failure.Kind);
        Assert.Equal(499, failure.Status);
        Assert.False(failure.CountsAgainstServer);
    }

    [Fact]
    public async Task Classify_TimedOutWhileReadingTheClientsBody_BadRequest408()
    {
        var body = new ReadTrackingStream(new NeverEndingStream());
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => _ = await body.ReadAsync(new byte[16], timeout.Token));

        var failure = FailureClassifier.Classify(Context(ForwarderError.RequestTimedOut, new TaskCanceledException()), ForwarderError.RequestTimedOut, bodyReplayable: false, body);

        Assert.Equal(FailureKind.BadRequest, failure.Kind);
        Assert.Equal(408, failure.Status);
        Assert.False(failure.CountsAgainstServer);
    }

    [Fact]
    public async Task Classify_TimedOutAfterTheClientsBodyWasRead_TheServers()
    {
        var body = new ReadTrackingStream(new MemoryStream([1, 2, 3]));
        while (await body.ReadAsync(new byte[16]) > 0)
        {
        }

        var failure = FailureClassifier.Classify(Context(ForwarderError.RequestTimedOut, new TaskCanceledException()), ForwarderError.RequestTimedOut, bodyReplayable: false, body);

        Assert.Equal(FailureKind.TimedOut, failure.Kind);
        Assert.True(failure.CountsAgainstServer);
    }

    private static DefaultHttpContext Context(ForwarderError error, Exception exception)
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IForwarderErrorFeature>(new ErrorFeature(error, exception));
        return context;
    }

    private sealed record ErrorFeature(ForwarderError Error, Exception? Exception) : IForwarderErrorFeature;

    /// <summary>A client body whose next bytes never come.</summary>
    private sealed class NeverEndingStream : MemoryStream
    {
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }
}
