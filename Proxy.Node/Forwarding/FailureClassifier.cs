using System.Net.Http;
using Microsoft.AspNetCore.Http;
using Proxy.Actors.Requests;
using Yarp.ReverseProxy.Forwarder;

namespace Proxy.Node.Forwarding;

/// <summary>Maps YARP's forwarding errors to how far the attempt got, the input of the retry rules.</summary>
internal static class FailureClassifier
{
    public static AttemptFailure Classify(HttpContext context, ForwarderError error, bool bodyReplayable)
    {
        var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
        var reason = exception is null ? error.ToString() : $"{error}: {exception.GetBaseException().Message}";
        var kind = error switch
        {
            _ when context.RequestAborted.IsCancellationRequested => FailureKind.ClientAborted,
            ForwarderError.RequestTimedOut => FailureKind.TimedOut,
            ForwarderError.Request when NeverSent(exception) => FailureKind.NotSent,
            ForwarderError.Request when NoResponse(exception) => FailureKind.NoResponse,
            _ => FailureKind.Sent,
        };
        return new AttemptFailure(kind, context.Response.HasStarted, bodyReplayable, reason);
    }

    /// <summary>
    /// The connection closed or was reset before any response byte: nginx does this to idle
    /// keep-alive connections when it begins a graceful stop, racing a request just written on
    /// one (a close when the request had not arrived yet, a reset when it had). Either way no
    /// answer came, which RFC 9110 (9.2.2) lets an idempotent request be repeated after.
    /// </summary>
    private static bool NoResponse(Exception? exception) =>
        exception is HttpRequestException { HttpRequestError: HttpRequestError.ResponseEnded }
        || (exception is HttpRequestException && Reset(exception));

    private static bool Reset(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionReset or System.Net.Sockets.SocketError.ConnectionAborted })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Only a failure to connect proves the backend never saw the request; anything later (reset,
    /// premature end) may have reached it and is not safe to repeat.
    /// </summary>
    private static bool NeverSent(Exception? exception) =>
        exception is HttpRequestException
        {
            HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError,
        };
}
