namespace Proxy.Actors.Requests;

/// <summary>How far a failed attempt got and whose failure it was, which decide whether another server may be tried and whether the server's health hears of it.</summary>
public enum FailureKind
{
    /// <summary>The connection could not be made: the backend never saw the request.</summary>
    NotSent,

    /// <summary>
    /// The request was sent, and the backend closed the connection without a byte of response:
    /// typically a keep-alive connection it closed as it began a graceful stop. Safe to repeat
    /// for idempotent methods only (RFC 9110, section 9.2.2).
    /// </summary>
    NoResponse,

    /// <summary>The request reached the backend, then the exchange broke on the backend's side.</summary>
    Sent,

    /// <summary>The backend did not answer in time.</summary>
    TimedOut,

    /// <summary>The client went away; nobody is left to answer.</summary>
    ClientAborted,

    /// <summary>
    /// The client's request could not be forwarded as it was sent: an authority no request can be
    /// built from, a malformed or short body, a body the client stopped sending. Answered with the
    /// 4xx in <see cref="AttemptFailure.Status"/>.
    /// </summary>
    BadRequest,

    /// <summary>
    /// A response body stopped until the timeout fired. When the client stops reading, Kestrel can
    /// answer the cancelled write by aborting the client's connection without an error, and the
    /// proxy's next read, from the server, is then what fails: a stalled client can look like a
    /// stalled server. So neither is blamed; the active health check finds a server that hangs.
    /// </summary>
    Stalled,

    /// <summary>An upgraded connection (a WebSocket) carried nothing for the timeout and was closed: nobody failed.</summary>
    Idle,
}

/// <summary>
/// A failed attempt as the request path saw it. <paramref name="ResponseStarted"/>: bytes already
/// went to the client. <paramref name="BodyReplayable"/>: the request body can be sent again
/// (there was none, none of it was read, or it was buffered).
/// </summary>
public sealed record AttemptFailure(FailureKind Kind, bool ResponseStarted, bool BodyReplayable, string Reason)
{
    /// <summary>
    /// For a failure that does not count against the server, what the client is answered if its
    /// response has not started: 400, 408 or 413 for a request it got wrong, 499 when it left,
    /// 504 when a body stalled.
    /// </summary>
    public int Status { get; init; } = RetryPolicy.ClientClosedRequest;

    /// <summary>
    /// A <see cref="FailureKind.NotSent"/> whose connect did not complete within the dial timeout: a timeout, so when no
    /// server is left to try the client is answered 504 (as Traefik does), not the 502 of a refused connection.
    /// </summary>
    public bool DialTimedOut { get; init; }

    /// <summary>What the client is answered when this server failure is the last: 504 after a dial timeout, else 502.</summary>
    public int GiveUpStatus => DialTimedOut ? 504 : 502;

    /// <summary>
    /// Only what the server did counts against its health: a refused or reset connection, a close
    /// without an answer, an exchange broken on its side, a timeout waiting for it. Whatever the
    /// client did (a bad request, leaving, reading or sending too slowly) never does: otherwise
    /// any client could take every server of a service out, on every node of the cluster.
    /// </summary>
    public bool CountsAgainstServer => Kind is FailureKind.NotSent or FailureKind.NoResponse or FailureKind.Sent or FailureKind.TimedOut;

    /// <summary>What the failed server's backend actor is told, or null when the failure is not the server's.</summary>
    public Backends.AttemptFailed? ReportFor(string serverUrl) =>
        CountsAgainstServer ? new(serverUrl, Kind != FailureKind.NotSent, Reason) : null;
}
