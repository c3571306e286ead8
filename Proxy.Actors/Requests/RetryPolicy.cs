using Proxy.Actors.Model.Middlewares;

namespace Proxy.Actors.Requests;

/// <summary>
/// Traefik's retry rules, as a pure decision: never retry what the client caused; never retry
/// once the client has bytes; retry network errors only when the request never reached the
/// backend, or when the backend closed the connection without answering an idempotent request;
/// only idempotent methods unless asked; only with a body that can be replayed; at most
/// <c>attempts</c> tries; backoff <c>initialInterval × 2^n</c>. Without a retry middleware, only
/// a request that was never sent goes to another server (<see cref="NotSentAttempts"/>).
/// </summary>
public static class RetryPolicy
{
    public const int ClientClosedRequest = 499;

    /// <summary>
    /// Attempts in all for a request no server saw, on a router without a retry middleware. Bounded
    /// because a service whose servers all refuse (a stack being restarted) must answer 502 quickly
    /// instead of walking every server of a large service; three covers a stop racing its drain,
    /// even with a second server stopping at the same time. A retry middleware's attempts replace it.
    /// </summary>
    public const int NotSentAttempts = 3;

    public static RetryDecision Decide(RetryMiddleware? retry, int attemptsMade, string method, AttemptFailure failure)
    {
        if (failure.Kind == FailureKind.ClientAborted)
        {
            return new GiveUp(ClientClosedRequest, "the client closed the request");
        }

        if (!failure.CountsAgainstServer)
        {
            // The client's own request (or nobody) failed: another server would fail the same way.
            return new GiveUp(failure.Status, $"not the server's failure ({failure.Kind}): {failure.Reason}");
        }

        if (failure.Kind == FailureKind.TimedOut)
        {
            return new GiveUp(504, $"the backend did not answer in time: {failure.Reason}");
        }

        if (failure.ResponseStarted)
        {
            return new GiveUp(502, "the response had already started");
        }

        if (retry is null)
        {
            return DecideWithoutMiddleware(attemptsMade, failure);
        }

        // A request no server saw goes elsewhere without a middleware: adding one (with few attempts, or without
        // retryNonIdempotent for a POST) must never lose it.
        var decision = DecideWithMiddleware(retry, attemptsMade, method, failure);
        return decision is GiveUp && failure.Kind == FailureKind.NotSent && DecideWithoutMiddleware(attemptsMade, failure) is RetryAfter again
            ? again
            : decision;
    }

    private static RetryDecision DecideWithMiddleware(RetryMiddleware retry, int attemptsMade, string method, AttemptFailure failure)
    {
        if (failure.Kind == FailureKind.Sent)
        {
            return new GiveUp(502, $"the request reached the backend, so it is not retried: {failure.Reason}");
        }

        if (failure.Kind == FailureKind.NoResponse && !IsIdempotent(method))
        {
            // The backend may have acted on it before closing; only a method that may be repeated is.
            return new GiveUp(502, $"{method} reached the backend, which closed without answering; not idempotent, so not retried: {failure.Reason}");
        }

        if (!retry.RetryNonIdempotent && !IsIdempotent(method))
        {
            return new GiveUp(502, $"{method} is not idempotent and retryNonIdempotent is off: {failure.Reason}");
        }

        if (!failure.BodyReplayable)
        {
            return new GiveUp(502, $"the request body cannot be replayed: {failure.Reason}");
        }

        if (attemptsMade >= retry.Attempts)
        {
            return new GiveUp(failure.GiveUpStatus, $"all {retry.Attempts} attempts failed, the last: {failure.Reason}");
        }

        return new RetryAfter(Backoff(retry.InitialInterval, attemptsMade));
    }

    /// <summary>
    /// Without a retry middleware, only a request that never left the node goes to another server,
    /// as nginx's default <c>proxy_next_upstream error</c> does: a connection that could not be
    /// opened (refused, the handshake failed) carried nothing, so any method is safe to send
    /// elsewhere, and a server that stops refuses connections before its drain reaches the node.
    /// At once, since another server is no busier for the refusal.
    /// </summary>
    private static RetryDecision DecideWithoutMiddleware(int attemptsMade, AttemptFailure failure)
    {
        if (failure.Kind != FailureKind.NotSent)
        {
            return new GiveUp(502, failure.Reason);
        }

        if (!failure.BodyReplayable)
        {
            return new GiveUp(502, $"the request body cannot be replayed: {failure.Reason}");
        }

        if (attemptsMade >= NotSentAttempts)
        {
            return new GiveUp(failure.GiveUpStatus, $"no connection could be opened in {NotSentAttempts} attempts, the last: {failure.Reason}");
        }

        return new RetryAfter(TimeSpan.Zero);
    }

    /// <summary>The wait before retry number <paramref name="attemptsMade"/> (1 = the first retry).</summary>
    public static TimeSpan Backoff(TimeSpan initialInterval, int attemptsMade)
    {
        var exponent = Math.Clamp(attemptsMade - 1, 0, 30);
        var ticks = initialInterval.Ticks * (double)(1L << exponent);
        return ticks >= TimeSpan.FromMinutes(1).Ticks ? TimeSpan.FromMinutes(1) : TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>RFC 9110 section 9.2.2.</summary>
    public static bool IsIdempotent(string method) => method switch
    {
        "GET" or "HEAD" or "OPTIONS" or "TRACE" or "PUT" or "DELETE" => true,
        _ => false,
    };
}
