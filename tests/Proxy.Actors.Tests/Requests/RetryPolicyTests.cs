using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Requests;
using Xunit;

namespace Proxy.Actors.Tests.Requests;

public sealed class RetryPolicyTests
{
    private static readonly Dictionary<string, RetryMiddleware?> Retries = new()
    {
        ["none"] = null,
        ["3x100ms"] = new RetryMiddleware("r@file", 3, TimeSpan.FromMilliseconds(100), false, Proxy.Actors.Model.Config.RetryConfig.DefaultMaxBodyBytes),
        ["3x100ms+post"] = new RetryMiddleware("r@file", 3, TimeSpan.FromMilliseconds(100), true, Proxy.Actors.Model.Config.RetryConfig.DefaultMaxBodyBytes),
        ["1x"] = new RetryMiddleware("r@file", 1, TimeSpan.FromMilliseconds(100), false, Proxy.Actors.Model.Config.RetryConfig.DefaultMaxBodyBytes),
        ["5x0"] = new RetryMiddleware("r@file", 5, TimeSpan.Zero, false, Proxy.Actors.Model.Config.RetryConfig.DefaultMaxBodyBytes),
    };

    /// <summary>Status 0 means the expected decision is a retry after <c>delayMs</c>.</summary>
    [Theory]
    // The client left: nobody to answer, whatever else holds.
    [InlineData("3x100ms", 1, "GET", FailureKind.ClientAborted, false, true, 499, 0)]
    [InlineData("3x100ms", 1, "GET", FailureKind.ClientAborted, true, false, 499, 0)]
    // A timeout is reported as such and not retried: the backend may still be working on it.
    [InlineData("3x100ms", 1, "GET", FailureKind.TimedOut, false, true, 504, 0)]
    [InlineData("none", 1, "GET", FailureKind.TimedOut, false, true, 504, 0)]
    // Bytes already went to the client.
    [InlineData("3x100ms", 1, "GET", FailureKind.NotSent, true, true, 502, 0)]
    // No retry middleware: a request never sent goes to another server at once, any method, up to 3 attempts in all.
    [InlineData("none", 1, "GET", FailureKind.NotSent, false, true, 0, 0)]
    [InlineData("none", 2, "GET", FailureKind.NotSent, false, true, 0, 0)]
    [InlineData("none", 1, "POST", FailureKind.NotSent, false, true, 0, 0)]
    [InlineData("none", 2, "PATCH", FailureKind.NotSent, false, true, 0, 0)]
    [InlineData("none", 3, "GET", FailureKind.NotSent, false, true, 502, 0)]
    [InlineData("none", 9, "POST", FailureKind.NotSent, false, true, 502, 0)]
    [InlineData("none", 1, "POST", FailureKind.NotSent, false, false, 502, 0)]
    [InlineData("none", 1, "GET", FailureKind.NotSent, true, true, 502, 0)]
    // No retry middleware: anything that may have reached a server is not retried.
    [InlineData("none", 1, "GET", FailureKind.Sent, false, true, 502, 0)]
    [InlineData("none", 1, "POST", FailureKind.Sent, false, true, 502, 0)]
    [InlineData("none", 1, "PUT", FailureKind.NoResponse, false, true, 502, 0)]
    [InlineData("none", 1, "POST", FailureKind.TimedOut, false, true, 504, 0)]
    // The backend saw the request.
    [InlineData("3x100ms", 1, "GET", FailureKind.Sent, false, true, 502, 0)]
    [InlineData("3x100ms+post", 1, "POST", FailureKind.Sent, false, true, 502, 0)]
    // The backend closed without answering: idempotent methods may be repeated, others never.
    [InlineData("3x100ms", 1, "GET", FailureKind.NoResponse, false, true, 0, 100)]
    [InlineData("3x100ms", 1, "PUT", FailureKind.NoResponse, false, true, 0, 100)]
    [InlineData("3x100ms", 1, "POST", FailureKind.NoResponse, false, true, 502, 0)]
    [InlineData("3x100ms+post", 1, "POST", FailureKind.NoResponse, false, true, 502, 0)]
    [InlineData("3x100ms", 1, "GET", FailureKind.NoResponse, true, true, 502, 0)]
    [InlineData("3x100ms", 3, "GET", FailureKind.NoResponse, false, true, 502, 0)]
    [InlineData("none", 1, "GET", FailureKind.NoResponse, false, true, 502, 0)]
    // Idempotency.
    [InlineData("3x100ms", 1, "POST", FailureKind.NotSent, false, true, 0, 0)]
    [InlineData("3x100ms", 2, "PATCH", FailureKind.NotSent, false, true, 0, 0)]
    [InlineData("3x100ms", 3, "POST", FailureKind.NotSent, false, true, 502, 0)]
    [InlineData("3x100ms", 1, "POST", FailureKind.NotSent, false, false, 502, 0)]
    [InlineData("3x100ms+post", 1, "POST", FailureKind.NotSent, false, true, 0, 100)]
    [InlineData("3x100ms", 1, "PUT", FailureKind.NotSent, false, true, 0, 100)]
    [InlineData("3x100ms", 1, "DELETE", FailureKind.NotSent, false, true, 0, 100)]
    // A body that was read and not buffered cannot be sent again.
    [InlineData("3x100ms", 1, "PUT", FailureKind.NotSent, false, false, 502, 0)]
    [InlineData("3x100ms+post", 1, "POST", FailureKind.NotSent, false, false, 502, 0)]
    // Attempts count the first try: 3 attempts allow two retries.
    [InlineData("3x100ms", 1, "GET", FailureKind.NotSent, false, true, 0, 100)]
    [InlineData("3x100ms", 2, "GET", FailureKind.NotSent, false, true, 0, 200)]
    [InlineData("3x100ms", 3, "GET", FailureKind.NotSent, false, true, 502, 0)]
    [InlineData("3x100ms", 7, "GET", FailureKind.NotSent, false, true, 502, 0)]
    [InlineData("1x", 1, "GET", FailureKind.NotSent, false, true, 0, 0)]
    [InlineData("1x", 3, "GET", FailureKind.NotSent, false, true, 502, 0)]
    // No backoff configured.
    [InlineData("5x0", 4, "GET", FailureKind.NotSent, false, true, 0, 0)]
    public void Decide_Failure_FollowsTraefikRules(
        string retry, int attemptsMade, string method, FailureKind kind, bool responseStarted, bool replayable, int status, int delayMs)
    {
        var decision = RetryPolicy.Decide(Retries[retry], attemptsMade, method, new AttemptFailure(kind, responseStarted, replayable, "connection refused"));

        if (status == 0)
        {
            Assert.Equal(new RetryAfter(TimeSpan.FromMilliseconds(delayMs)), decision);
        }
        else
        {
            var giveUp = Assert.IsType<GiveUp>(decision);
            Assert.Equal(status, giveUp.StatusCode);
            Assert.False(string.IsNullOrWhiteSpace(giveUp.Reason));
        }
    }

    [Fact]
    public void Decide_NotSentWithoutMiddlewareExhausted_ReasonNamesAttemptsAndLastFailure()
    {
        var decision = RetryPolicy.Decide(null, RetryPolicy.NotSentAttempts, "POST", new AttemptFailure(FailureKind.NotSent, false, true, "connection refused"));

        Assert.Equal(new GiveUp(502, "no connection could be opened in 3 attempts, the last: connection refused"), decision);
    }

    /// <summary>A dial timeout is retried as any request never sent (status 0: a retry), and a timeout when the attempts are spent.</summary>
    [Theory]
    [InlineData("none", 1, 0)]
    [InlineData("none", 3, 504)]
    [InlineData("3x100ms", 1, 0)]
    [InlineData("3x100ms", 3, 504)]
    public void Decide_NotSentDialTimedOut_RetriedThen504(string retry, int attemptsMade, int status)
    {
        var failure = new AttemptFailure(FailureKind.NotSent, false, true, "dial timeout after 1s") { DialTimedOut = true };

        var decision = RetryPolicy.Decide(Retries[retry], attemptsMade, "GET", failure);

        Assert.Equal(status, decision is GiveUp giveUp ? giveUp.StatusCode : 0);
    }

    [Theory]
    [InlineData(FailureKind.BadRequest, 400)]
    [InlineData(FailureKind.BadRequest, 413)]
    [InlineData(FailureKind.Idle, 504)]
    public void Decide_NotTheServersFailure_GivesUpWithTheFailuresStatus(FailureKind kind, int status)
    {
        // Retryable in every other respect: an idempotent GET, nothing sent to the client, attempts left.
        var decision = RetryPolicy.Decide(Retries["3x100ms"], 1, "GET", new AttemptFailure(kind, false, true, "RequestCreation: Invalid port") { Status = status });

        Assert.Equal(new GiveUp(status, $"not the server's failure ({kind}): RequestCreation: Invalid port"), decision);
    }

    [Fact]
    public void Decide_AttemptsExhausted_ReasonNamesAttemptsAndLastFailure()
    {
        var decision = RetryPolicy.Decide(Retries["3x100ms"], 3, "GET", new AttemptFailure(FailureKind.NotSent, false, true, "connection refused"));

        Assert.Equal(new GiveUp(502, "all 3 attempts failed, the last: connection refused"), decision);
    }

    [Theory]
    [InlineData(100, 0, 100)]
    [InlineData(100, 1, 100)]
    [InlineData(100, 2, 200)]
    [InlineData(100, 3, 400)]
    [InlineData(100, 4, 800)]
    [InlineData(250, 5, 4000)]
    [InlineData(0, 9, 0)]
    [InlineData(1000, 6, 32_000)]
    [InlineData(1000, 7, 60_000)]
    [InlineData(100, 40, 60_000)]
    [InlineData(100, int.MaxValue, 60_000)]
    [InlineData(120_000, 1, 60_000)]
    public void Backoff_Attempts_DoublesFromInitialUpToOneMinute(int initialMs, int attemptsMade, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), RetryPolicy.Backoff(TimeSpan.FromMilliseconds(initialMs), attemptsMade));

    [Theory]
    [InlineData("GET", true)]
    [InlineData("HEAD", true)]
    [InlineData("OPTIONS", true)]
    [InlineData("TRACE", true)]
    [InlineData("PUT", true)]
    [InlineData("DELETE", true)]
    [InlineData("POST", false)]
    [InlineData("PATCH", false)]
    [InlineData("CONNECT", false)]
    [InlineData("PROPFIND", false)]
    // Methods are case-sensitive tokens (RFC 9110 9.1): "get" is not GET.
    [InlineData("get", false)]
    public void IsIdempotent_Method_FollowsRfc9110(string method, bool expected) =>
        Assert.Equal(expected, RetryPolicy.IsIdempotent(method));
}
