using System.Net.Http;
using Microsoft.AspNetCore.Http;
using Proxy.Actors.Requests;
using Yarp.ReverseProxy.Forwarder;

namespace Proxy.Node.Forwarding;

/// <summary>
/// Maps YARP's forwarding errors to how far the attempt got and whose failure it was: the input
/// of the retry rules and of the server's passive health. YARP's error names say which side
/// failed (<c>...Client</c>, <c>...Destination</c>; a timeout during a body is blamed on the side
/// YARP was waiting on); they decide, never RequestAborted alone: once YARP aborts the client's
/// connection after a server failed mid-body, the request looks aborted by the client.
/// </summary>
internal static class FailureClassifier
{
    public static AttemptFailure Classify(HttpContext context, ForwarderError error, bool bodyReplayable, ReadTrackingStream? body = null)
    {
        var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
        var reason = exception is null ? error.ToString() : $"{error}: {exception.GetBaseException().Message}";
        var (kind, status) = error switch
        {
            // YARP could not make a request out of the client's (an authority such as x:99999).
            ForwarderError.RequestCreation => (FailureKind.BadRequest, StatusCodes.Status400BadRequest),

            // Reading the client's body failed: Kestrel rejected it (malformed chunks, shorter than
            // declared, slower than its minimum rate) with the status it chose, the timeout fired
            // while the proxy waited on the client (YARP blames the side it was waiting on), or
            // the connection went.
            ForwarderError.RequestBodyClient => Find<BadHttpRequestException>(exception) is { } rejected
                ? (FailureKind.BadRequest, rejected.StatusCode)
                : Find<OperationCanceledException>(exception) is not null
                    ? (FailureKind.BadRequest, StatusCodes.Status408RequestTimeout)
                    : (FailureKind.ClientAborted, RetryPolicy.ClientClosedRequest),

            // Only the client's RequestAborted cancels these: a timeout is blamed on a side instead.
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled
                or ForwarderError.ResponseBodyClient or ForwarderError.ResponseBodyCanceled
                or ForwarderError.UpgradeRequestClient or ForwarderError.UpgradeResponseClient
                or ForwarderError.UpgradeRequestCanceled or ForwarderError.UpgradeResponseCanceled
                => (FailureKind.ClientAborted, RetryPolicy.ClientClosedRequest),

            // The timeout fired during the response body, seemingly while reading from the server:
            // see FailureKind.Stalled for why that may be a client that stopped reading.
            ForwarderError.ResponseBodyDestination when Find<OperationCanceledException>(exception) is not null
                => (FailureKind.Stalled, StatusCodes.Status504GatewayTimeout),

            ForwarderError.UpgradeActivityTimeout => (FailureKind.Idle, StatusCodes.Status504GatewayTimeout),

            // The server was waiting for the rest of a body the client stopped sending. YARP says
            // RequestBodyClient when the body's copy ended first; when the send's timeout is
            // reported before it, the watch on the body still tells whom the proxy was waiting on.
            ForwarderError.RequestTimedOut when body is { WaitingOnClient: true } => (FailureKind.BadRequest, StatusCodes.Status408RequestTimeout),

            // The client has left too (before any response, YARP aborts nobody): YARP saw the
            // timeout first, but after a stall of the process both were due at once and which came
            // first cannot be told. In doubt, not the server's: a client's leaving never counts.
            ForwarderError.RequestTimedOut when context.RequestAborted.IsCancellationRequested => (FailureKind.ClientAborted, RetryPolicy.ClientClosedRequest),
            ForwarderError.RequestTimedOut => (FailureKind.TimedOut, 0),
            ForwarderError.Request when NeverSent(exception) => (FailureKind.NotSent, 0),
            ForwarderError.Request when NoResponse(exception) => (FailureKind.NoResponse, 0),

            // Request, RequestBodyDestination, ResponseHeaders, ResponseBodyDestination, Upgrade*Destination.
            _ => (FailureKind.Sent, 0),
        };
        // ServersTransportConnection throws a dial timeout as a connection error around a TimeoutException.
        var failure = new AttemptFailure(kind, context.Response.HasStarted, bodyReplayable, reason)
        {
            DialTimedOut = kind == FailureKind.NotSent && Find<TimeoutException>(exception) is not null,
        };
        return status == 0 ? failure : failure with { Status = status };
    }

    /// <summary>
    /// Whether the last attempt's forwarding error, if any, was the server's: when it was, YARP cut
    /// the client's connection because of it, and the request looks aborted by the client.
    /// </summary>
    public static bool ServerFailedLastAttempt(HttpContext context) =>
        context.Features.Get<IForwarderErrorFeature>() is { } failed
        && Classify(context, failed.Error, bodyReplayable: false).CountsAgainstServer;

    /// <summary>The first exception of this type in the chain, wherever YARP wrapped it (it aggregates the body's error with the send's).</summary>
    private static T? Find<T>(Exception? exception)
        where T : Exception => exception switch
        {
            null => null,
            T found => found,
            AggregateException aggregate => aggregate.InnerExceptions.Select(Find<T>).FirstOrDefault(e => e is not null),
            _ => Find<T>(exception.InnerException),
        };

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
