using System.Net.Http;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Proxy.Actors.Requests;
using Proxy.Node.Forwarding;
using Xunit;
using Yarp.ReverseProxy.Forwarder;

namespace Proxy.Node.Tests.Forwarding;

/// <summary>How far a failed attempt got decides whether it may be retried: the exceptions SocketsHttpHandler throws, mapped.</summary>
public sealed class FailureClassifierTests
{
    public static TheoryData<string, ForwarderError, Exception, FailureKind> Cases => new()
    {
        { "refused", ForwarderError.Request, new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused", new SocketException((int)SocketError.ConnectionRefused)), FailureKind.NotSent },
        { "closed before a response byte", ForwarderError.Request, new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely."), FailureKind.NoResponse },
        { "reset before a response byte", ForwarderError.Request, new HttpRequestException(HttpRequestError.Unknown, "An error occurred while sending the request.", new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset))), FailureKind.NoResponse },
        { "other request error", ForwarderError.Request, new HttpRequestException(HttpRequestError.InvalidResponse, "Received an invalid status line"), FailureKind.Sent },
        { "reset while the body streamed", ForwarderError.ResponseBodyDestination, new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset)), FailureKind.Sent },
        { "timeout", ForwarderError.RequestTimedOut, new TaskCanceledException(), FailureKind.TimedOut },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_ForwarderError_Kind(string name, ForwarderError error, Exception exception, FailureKind expected)
    {
        var context = new DefaultHttpContext();
        context.Features.Set<IForwarderErrorFeature>(new ErrorFeature(error, exception));

        var failure = FailureClassifier.Classify(context, error, bodyReplayable: true);

        Assert.True(expected == failure.Kind, $"{name}: expected {expected}, got {failure.Kind}");
    }

    private sealed record ErrorFeature(ForwarderError Error, Exception? Exception) : IForwarderErrorFeature;
}
