namespace Proxy.Actors.Requests;

/// <summary>How far a failed attempt got, which decides whether another server may be tried.</summary>
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

    /// <summary>The request reached the backend, then the exchange broke after it answered in part.</summary>
    Sent,

    /// <summary>The backend did not answer in time.</summary>
    TimedOut,

    /// <summary>The client went away; nobody is left to answer.</summary>
    ClientAborted,
}

/// <summary>
/// A failed attempt as the request path saw it. <paramref name="ResponseStarted"/>: bytes already
/// went to the client. <paramref name="BodyReplayable"/>: the request body can be sent again
/// (there was none, none of it was read, or it was buffered).
/// </summary>
public sealed record AttemptFailure(FailureKind Kind, bool ResponseStarted, bool BodyReplayable, string Reason)
{
    /// <summary>What the failed server's backend actor is told: one rule for "reached the backend".</summary>
    public Backends.AttemptFailed ReportFor(string serverUrl) => new(serverUrl, Kind != FailureKind.NotSent, Reason);
}
