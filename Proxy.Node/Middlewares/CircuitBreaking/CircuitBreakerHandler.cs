using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Proxy.Actors.CircuitBreaking;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Routing;
using Yarp.ReverseProxy.Forwarder;

namespace Proxy.Node.Middlewares.CircuitBreaking;

/// <summary>
/// circuitBreaker: runs around the rest of the chain and the forwarding, watches what comes back (status,
/// latency, network failures) and, once the expression holds, answers the configured status itself until
/// the breaker recovers. One instance per router, as Traefik builds one per router, so each router has its
/// own breaker and its own metrics.
/// </summary>
internal sealed partial class CircuitBreakerHandler : IHttpMiddleware
{
    private readonly CircuitBreaker _breaker;
    private readonly TimeProvider _time;
    private readonly ILogger _log;
    private readonly int _responseCode;
    private readonly byte[] _fallbackBody;
    private readonly string _expression;
    private readonly TimeSpan _fallbackDuration;

    public CircuitBreakerHandler(MiddlewareSnapshot definition, CircuitBreakerConfig options, TimeProvider time, ILogger log)
    {
        Definition = definition;
        _time = time;
        _log = log;
        _expression = options.Expression!;
        _fallbackDuration = Duration.Checked(options.FallbackDuration);
        _breaker = new CircuitBreaker(
            BreakerExpressionParser.ParseChecked(_expression),
            new BreakerTimings(Duration.Checked(options.CheckPeriod), _fallbackDuration, Duration.Checked(options.RecoveryDuration)),
            time);
        _responseCode = options.ResponseCode!.Value;
        // Traefik's fallback writes the status text alone.
        _fallbackBody = Encoding.ASCII.GetBytes(ReasonPhrases.GetReasonPhrase(_responseCode));
    }

    public MiddlewareSnapshot Definition { get; }

    public bool Wraps => true;

    public async ValueTask<RouterOutcome> InvokeAsync(MiddlewareRequest request, NextStep next)
    {
        var context = request.Context;
        var admitted = _breaker.Admit(out var entered);
        if (entered is { } state)
        {
            LogStateChanged(_log, Definition.Name, request.Route.Router, state);
        }

        if (!admitted)
        {
            return await FallbackAsync(context).ConfigureAwait(false);
        }

        // The servers' latency is the time to the response's headers, as Traefik measures it: the body goes
        // at the pace the client reads it, and a slow reader or a long stream must not trip it for everyone.
        var latency = new HeadersLatency(_time);
        context.Response.OnStarting(HeadersLatency.Mark, latency);
        var outcome = await next.InvokeAsync().ConfigureAwait(false);
        // A request the client gave up on tells nothing about the servers; an upgrade (a WebSocket) lives
        // as long as its conversation, which is no latency of the server's.
        if (!context.RequestAborted.IsCancellationRequested && context.Response.StatusCode != StatusCodes.Status101SwitchingProtocols)
        {
            var tripped = _breaker.Record(context.Response.StatusCode, latency.Elapsed, ServerUnreachable(context));
            if (tripped)
            {
                LogTripped(_log, Definition.Name, request.Route.Router, _expression, _responseCode, _fallbackDuration);
            }
        }

        return outcome;
    }

    private async ValueTask<RouterOutcome> FallbackAsync(HttpContext context)
    {
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = _responseCode;
            context.Response.ContentType = "text/plain; charset=utf-8";
            context.Response.ContentLength = _fallbackBody.Length;
            await context.Response.Body.WriteAsync(_fallbackBody, context.RequestAborted).ConfigureAwait(false);
        }

        return RouterOutcome.Unavailable;
    }

    /// <summary>
    /// Whether the forwarding failed on the servers' side of the network: no connection, no answer, a
    /// broken body from the server. Failures on the client's side (it left, it sent a bad body) do not
    /// count, so that no client can trip a breaker for everyone.
    /// </summary>
    private static bool ServerUnreachable(HttpContext context) =>
        context.Features.Get<IForwarderErrorFeature>()?.Error is ForwarderError.Request
            or ForwarderError.RequestTimedOut
            or ForwarderError.RequestBodyDestination
            or ForwarderError.ResponseHeaders
            or ForwarderError.ResponseBodyDestination
            or ForwarderError.UpgradeResponseDestination
            or ForwarderError.NoAvailableDestinations;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Circuit breaker {Middleware} on router {Router} tripped ({Expression} holds): answering {Status} for {FallbackDuration}")]
    private static partial void LogTripped(ILogger logger, string middleware, string router, string expression, int status, TimeSpan fallbackDuration);

    [LoggerMessage(Level = LogLevel.Information, Message = "Circuit breaker {Middleware} on router {Router} is now {State}")]
    private static partial void LogStateChanged(ILogger logger, string middleware, string router, BreakerState state);
}
