using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using Proxy.Actors.Certificates;
using Proxy.Actors.Configuration;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.Requests;
using Proxy.Actors.Routing;
using Proxy.Actors.Services.Composite;
using Proxy.Actors.Services.LoadBalancing;
using Proxy.Node.Hosting;
using Proxy.Node.Middlewares;
using Proxy.Node.Observability;
using Yarp.ReverseProxy.Forwarder;

namespace Proxy.Node.Forwarding;

/// <summary>
/// The request path: read the snapshot once, match a router, apply its middlewares, pick a
/// server, forward with YARP, and on failure hand the retrying to a request actor. It tells
/// outcomes to actors and never waits on one unless an attempt failed.
/// </summary>
public sealed partial class ProxyHandler(
    SnapshotCell cell,
    IHttpForwarder forwarder,
    BackendInvokers backends,
    ActorSystem system,
    InternalServices internalServices,
    ForwardingOptions options,
    ILogger<ProxyHandler> log,
    IRequestObserver? observer = null)
{
    private static readonly TimeSpan ActorReplyTimeout = TimeSpan.FromSeconds(70);

    private readonly AcmeChallengeCell _acmeChallenges = AcmeChallengeCell.Get(system);

    private readonly ForwarderRequestConfig _requestConfig = new()
    {
        ActivityTimeout = options.ResponseHeaderTimeout,
        Version = System.Net.HttpVersion.Version11,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    // An h2c server (gRPC without TLS) is spoken to in HTTP/2 with prior knowledge on its http:// address: only
    // Exact makes SocketsHttpHandler send the HTTP/2 preface on plain TCP, and there is nothing to fall back to.
    private readonly ForwarderRequestConfig _h2cRequestConfig = new()
    {
        ActivityTimeout = options.ResponseHeaderTimeout,
        Version = System.Net.HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionExact,
    };

    // An https server of a service without a transport is offered HTTP/2 by ALPN and answers in what it chooses, as
    // through a transport without disableHTTP2 (Traefik's default@internal does the same): gRPC over TLS needs it.
    private readonly ForwarderRequestConfig _httpsRequestConfig = new()
    {
        ActivityTimeout = options.ResponseHeaderTimeout,
        Version = System.Net.HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
    };

    private readonly TransportRequestConfigs _transportConfigs = new();

    // Routers without middlewares, of services with the default flushInterval, share these: no per-request
    // transformer on the common path. Built again when Time is given.
    private readonly PlainTransformers _plain = new(TimeProvider.System);

    /// <summary>The TLS options by host, for the domain-fronting check of TLS requests; null: no check (a handler without TLS entry points).</summary>
    public Tls.HandshakeOptionsCell? TlsOptions { get; init; }

    /// <summary>The clock of <c>responseForwarding.flushInterval</c>'s timers and of <c>leasttime</c>'s response times and probes.</summary>
    public TimeProvider Time
    {
        get;
        init
        {
            field = value;
            _plain = new PlainTransformers(value);
        }
    } = TimeProvider.System;

    // Without observers the request path takes no clock, no trace and no extra async frame.
    public Task HandleAsync(HttpContext context, string entryPoint) =>
        observer is null ? HandleCoreAsync(context, entryPoint, null) : HandleObservedAsync(context, entryPoint, observer);

    private async Task HandleObservedAsync(HttpContext context, string entryPoint, IRequestObserver observer)
    {
        var started = Stopwatch.GetTimestamp();
        var startUtc = DateTime.UtcNow;
        var trace = new RequestTrace();
        try
        {
            await HandleCoreAsync(context, entryPoint, trace).ConfigureAwait(false);
        }
        finally
        {
            trace.StopCounting(context);
            var request = context.Request;
            var headers = request.Headers;
            var size = trace.BodySize(context);
            // A body a middleware re-encoded (compress) or replaced (errors) reached the client in another size
            // than the server's; a body no server sent (the node's own answer) has an origin size of 0.
            var (downstream, origin) = size is not null && trace.RewrittenBody is { } rewritten
                ? ((long?)rewritten.Downstream, (long?)rewritten.Origin)
                : (size, trace.OriginStatus == 0 && size is not null ? 0 : trace.OriginBodySize ?? size);
            observer.Observe(new RequestRecord(
                entryPoint,
                trace.Route?.Router,
                trace.Route?.Service,
                trace.Server?.Url,
                request.Method,
                request.Protocol,
                // The target as the client sent it, query included: Traefik's RequestPath. Kestrel holds it already.
                context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path.Value ?? "/",
                context.Connection.RemoteIpAddress,
                context.Response.StatusCode,
                trace.OriginStatus,
                Stopwatch.GetElapsedTime(started),
                Math.Max(0, trace.Attempts - 1),
                startUtc,
                downstream,
                origin,
                // The first value, as Traefik's: the string Kestrel already holds, no copy.
                First(headers.Referer),
                First(headers.UserAgent),
                trace.ClientUsername));
        }
    }

    private static string? First(StringValues values) => values.Count == 0 ? null : values[0];

    private async Task HandleCoreAsync(HttpContext context, string entryPoint, RequestTrace? trace)
    {
        // Inactive unless the node has an ACME resolver: one field read for every other request.
        var challenges = _acmeChallenges.Current;
        if (AcmeChallengeResponse.Claims(challenges, context.Request, options.HttpChallengeEntryPoints.Contains(entryPoint)) is { } answer)
        {
            await AcmeChallengeResponse.WriteAsync(context, answer).ConfigureAwait(false);
            return;
        }

        var snapshot = cell.Current;
        // A TLS router answers only TLS connections and any other router only plain ones, as in Traefik.
        // Kestrel fixed the scheme when the connection started: a plain request pays one string compare.
        var tls = context.Request.IsHttps;
        if (tls && TlsOptions is { } tlsOptions && Tls.DomainFronting.Misdirected(tlsOptions.Current, entryPoint, context))
        {
            await ErrorResponses.Write(context, StatusCodes.Status421MisdirectedRequest).ConfigureAwait(false);
            return;
        }

        var route = (tls ? snapshot.TlsEntryPoints : snapshot.EntryPoints).TryGetValue(entryPoint, out var table)
            ? table.Match(new HttpRequestFacts(context.Request))
            : null;
        // Checked only when some entry point redirects, so the others pay one count read. Traefik's
        // redirection is a plain router: a TLS connection on the same entry point is routed, not redirected.
        if (options.Redirections.Count != 0
            && !tls
            && options.Redirections.TryGetValue(entryPoint, out var redirection)
            && EntryPointRedirect.Applies(redirection, route))
        {
            await EntryPointRedirect.WriteAsync(context, redirection).ConfigureAwait(false);
            return;
        }

        if (route is null)
        {
            await ErrorResponses.Write(context, 404).ConfigureAwait(false);
            return;
        }

        // The matched router's options, not the host's: a rule without Host(...) has no SNI to choose its
        // options by, and the options table may lag the route tables for a moment after a change.
        if (tls && !Tls.HandshakeOptionsApplied.Allows(context.Features.Get<Tls.HandshakeOptionsApplied>(), route.TlsOptions))
        {
            await ErrorResponses.Write(context, StatusCodes.Status421MisdirectedRequest).ConfigureAwait(false);
            return;
        }

        trace?.Route = route;
        // What escapes as an exception is the node failing the request, unless the connection went.
        // Counted here, in the frame that exists anyway: another async layer would cost an allocation.
        var outcome = RouterOutcome.Failed;
        try
        {
            if (!snapshot.Services.TryGetValue(route.Service, out var service))
            {
                await ErrorResponses.Write(context, 503).ConfigureAwait(false);
                outcome = RouterOutcome.Unavailable;
                return;
            }

            if (service.IsInternal)
            {
                // Internal services stream what they write (the API, the dashboard): count it.
                trace?.CountBody(context);
            }

            outcome = await ForwardAsync(context, route, service, options.ForwardedHeadersOf(entryPoint), trace).ConfigureAwait(false);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The connection went, which surfaces as a cancellation, an IOException or a reset. The
            // client left, unless the proxy cut it because the server failed mid-body: the classifier
            // tells, as it does for the server's health.
            outcome = FailureClassifier.ServerFailedLastAttempt(context) ? RouterOutcome.Failed : RouterOutcome.ClientFailed;
            throw;
        }
        finally
        {
            route.Counters.Count(outcome);
        }
    }

    /// <param name="forwarded">
    /// The entry point's trust in forwarded headers. Middlewares that act on the client's address (an IP
    /// allow-list, a rate limit) read the peer, or X-Forwarded-For from a trusted peer by their ipStrategy
    /// (<see cref="Middlewares.ClientIpStrategy"/>).
    /// </param>
    private ValueTask<RouterOutcome> ForwardAsync(HttpContext context, RouteTarget route, ServiceSnapshot service, ForwardedHeadersPolicy forwarded, RequestTrace? trace)
    {
        // An internal service is the end of the chain like a server: a router's allow-list or auth guards
        // whoami (which echoes credentials and cookies) and ping as it guards any other service.
        if (service.IsInternal)
        {
            return MiddlewareRequest.Needed(route.Chain)
                ? new MiddlewareRequest(context, route, service, forwarded, trace, this).RunAsync()
                : ServeInternalAsync(context, route, service, RequestRewrite.For(context.Request, route.Chain));
        }

        if (CdnLoop.OfThisProcess.Looped(context.Request.Headers[CdnLoop.HeaderName]))
        {
            return new(LoopedAsync(context, route));
        }

        if (service.PassHostHeader && !ForwardableHost.IsValid(RequestHost.Of(context.Request)))
        {
            return new(BadHostAsync(context));
        }

        // Only a chain with a middleware that runs around the rest pays for running it step by step.
        return MiddlewareRequest.Needed(route.Chain)
            ? new MiddlewareRequest(context, route, service, forwarded, trace, this).RunAsync()
            : new(SendAsync(context, route, service, RequestRewrite.For(context.Request, route.Chain), forwarded, trace));
    }

    /// <summary>The end of a chain that wraps: the forwarding, with the path and headers as the chain left them.</summary>
    internal ValueTask<RouterOutcome> ForwardRewrittenAsync(MiddlewareRequest request, RequestRewrite rewrite) =>
        request.Service.IsInternal
            ? ServeInternalAsync(request.Context, request.Route, request.Service, rewrite)
            : new(SendAsync(request.Context, request.Route, request.Service, rewrite, request.Forwarded, request.Trace));

    /// <summary>
    /// An internal service at the end of the chain. It reads the request itself, so the chain's path is
    /// the request's path and its request headers steps change the request's headers (whoami echoes both as
    /// a server would receive them, as Traefik's internal handlers read the request its middlewares changed);
    /// its response headers steps set the response's.
    /// </summary>
    private async ValueTask<RouterOutcome> ServeInternalAsync(HttpContext context, RouteTarget route, ServiceSnapshot service, RequestRewrite rewrite)
    {
        if (rewrite.RawPath is { } rawPath)
        {
            context.Request.Path = PathString.FromUriComponent(rawPath);
        }

        rewrite.TransformServedRequest(context.Request);
        rewrite.TransformResponse(context.Response);
        await internalServices.HandleAsync(context, service.Name, route).ConfigureAwait(false);
        return RouterOutcome.Served;
    }

    /// <summary>
    /// An errors middleware's page request: a GET of <paramref name="pathAndQuery"/> sent straight to a server of
    /// <paramref name="serviceName"/> in the current snapshot, with the client's headers (only <paramref name="onlyHeaders"/>
    /// when given: errorRequestHeaders) and, when that service
    /// passes it, its Host. It goes through no router, so no middleware runs on it (no errors middleware can loop),
    /// and it is tried once: a page that cannot be fetched is no reason to load another server.
    /// </summary>
    internal async Task<ErrorPageAnswer> FetchErrorPageAsync(
        HttpContext context, string middleware, string serviceName, string pathAndQuery, ImmutableArray<string>? onlyHeaders)
    {
        // A service over services sends the page request where it would send a request: to the load balancer it resolves to.
        var service = cell.Current.Services.TryGetValue(serviceName, out var named) && !named.IsInternal
            ? named.Composite is null ? named : CompositePolicy.Resolve(named, null)
            : null;
        var server = service is not null
            ? LoadBalancingPolicy.Pick(service, context.Connection.RemoteIpAddress, Time)
            : null;
        if (server is null)
        {
            LogErrorPageFailed(log, middleware, serviceName, "no server", pathAndQuery, "the service has no server available");
            return new ErrorPageAnswer(null, StatusCodes.Status503ServiceUnavailable);
        }

        using var request = ServerRequest.Create(HttpMethod.Get, server, pathAndQuery, RequestConfigOf(server));
        foreach (var (name, values) in context.Request.Headers)
        {
            if (!ErrorPageRequestSkips(name) && (onlyHeaders is not { } only || only.Contains(name, StringComparer.OrdinalIgnoreCase)))
            {
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        // Whatever onlyHeaders keeps: a page whose server leads back to this node is a pass through it like any other.
        request.Headers.TryAddWithoutValidation(CdnLoop.HeaderName, CdnLoop.OfThisProcess.AppendedTo(context.Request));
        request.Headers.Host = service!.PassHostHeader ? RequestHost.Of(context.Request).Value : null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        timeout.CancelAfter(options.ResponseHeaderTimeout);
        server.Counters.Started();
        // Held for the headers only: a pool closed while the page's body is read keeps that connection until it is.
        using var lease = backends.Rent(server);
        try
        {
            var page = await lease.Invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
            return new ErrorPageAnswer(page, 0);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
        {
            var status = e is OperationCanceledException ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway;
            LogErrorPageFailed(log, middleware, serviceName, server.Url, pathAndQuery, e.Message);
            return new ErrorPageAnswer(null, status);
        }
        finally
        {
            server.Counters.Finished();
        }
    }

    private ForwarderRequestConfig RequestConfigOf(ServerSnapshot server) =>
        server.Transport is { } transport ? _transportConfigs.For(server, transport)
        : server.IsH2c ? _h2cRequestConfig
        : server.IsHttps ? _httpsRequestConfig
        : _requestConfig;

    // A GET without a body: the client's body headers and this hop's own do not go with it.
    private static bool ErrorPageRequestSkips(string name) =>
        name.StartsWith(':')
        || name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)
        || HopByHop.IsOwnRequestHeader(name);

    /// <summary>
    /// A request that came round through this node <see cref="CdnLoop.MaxPasses"/> times: a server of the chain is the
    /// node itself. Answered 508 (Loop Detected, RFC 5842), which unwinds the chain; the configuration is at fault, so it
    /// counts as the router's failure and is logged with the router and service to mend.
    /// </summary>
    private async Task<RouterOutcome> LoopedAsync(HttpContext context, RouteTarget route)
    {
        LogLooped(log, route.Router, route.Service, CdnLoop.MaxPasses, context.Request.Method, context.Request.Path.Value ?? "/");
        await ErrorResponses.Write(context, StatusCodes.Status508LoopDetected).ConfigureAwait(false);
        return RouterOutcome.Failed;
    }

    private static async Task<RouterOutcome> BadHostAsync(HttpContext context)
    {
        await ErrorResponses.BadRequest(context, "the Host header is not a host name").ConfigureAwait(false);
        return RouterOutcome.ClientFailed;
    }

    /// <summary>Forwards to a server of <paramref name="service"/>, and through the request actor to others when an attempt fails.</summary>
    /// <param name="weightedCookies">The <c>Set-Cookie</c> values of the sticky weighted services that resolved to <paramref name="service"/>.</param>
    private async Task<RouterOutcome> SendAsync(
        HttpContext context,
        RouteTarget route,
        ServiceSnapshot service,
        RequestRewrite rewrite,
        ForwardedHeadersPolicy forwarded,
        RequestTrace? trace,
        List<string>? weightedCookies = null)
    {
        if (service.Composite is not null)
        {
            return await SendCompositeAsync(context, route, service, rewrite, forwarded, trace).ConfigureAwait(false);
        }

        var trusted = !forwarded.TrustsNobody && forwarded.Trusts(ClientAddress.Of(context));
        // An observed request gets its own transformer, which counts a chunked response's body.
        var transformer = trace is null && ReferenceEquals(rewrite, RequestRewrite.Unchanged) && service.FlushInterval == PlainTransformers.FlushInterval
            ? _plain.Of(service.PassHostHeader, trusted)
            : new ProxyTransformer(rewrite, service.PassHostHeader, trusted, service.FlushInterval, Time, trace);
        var body = PrepareBody(context.Request, route.Retry);
        IActorRef? requestActor = null;
        var sticky = service.Sticky;
        var pinned = sticky is null ? null : StickySession.Pinned(sticky, context.Request);
        try
        {
            ServerSnapshot? server;
            if (pinned is not null)
            {
                // The client's cookie chose: a request actor hears of this server only if the attempt fails.
                server = pinned;
            }
            else if (options.RequestActorMode == RequestActorMode.Always)
            {
                requestActor = system.ActorOf(RequestActor.Props(service.Name, route.Retry, context.Request.Method, cell, Time, context.Connection.RemoteIpAddress));
                (server, var stopped) = await AskAsync(requestActor, ChooseServer.Instance, context).ConfigureAwait(false);
                if (server is null)
                {
                    return stopped;
                }
            }
            else
            {
                server = LoadBalancingPolicy.Pick(service, context.Connection.RemoteIpAddress, Time);
                if (server is null)
                {
                    await ErrorResponses.Write(context, 503).ConfigureAwait(false);
                    return RouterOutcome.Unavailable;
                }
            }

            while (true)
            {
                server.Counters.Started();
                if (trace is not null)
                {
                    trace.Server = server;
                    trace.Attempts++;
                }

                StickySession.StampWeighted(context.Response, weightedCookies);
                var stamped = sticky is null ? null : StickySession.Stamp(context.Response, sticky, server, pinned);

                ForwarderError error;
                var lease = backends.Rent(server);
                try
                {
                    // Only leasttime reads response times, so only its requests pay for timing one.
                    error = await forwarder.SendAsync(
                        context,
                        server.DestinationPrefix,
                        lease.Invoker,
                        RequestConfigOf(server),
                        service.Strategy == LoadBalancingStrategy.LeastTime ? new ResponseTimer(transformer, server.Counters, Time) : transformer).ConfigureAwait(false);
                }
                finally
                {
                    lease.Dispose();
                    server.Counters.Finished();
                }

                if (error == ForwarderError.None)
                {
                    trace?.OriginStatus = context.Response.StatusCode;
                    return RouterOutcome.Served;
                }

                if (context.Response.HasStarted)
                {
                    trace?.CutOff();
                }
                else
                {
                    StickySession.Unstamp(context.Response, stamped);
                    StickySession.UnstampWeighted(context.Response, weightedCookies);
                }

                var failure = FailureClassifier.Classify(context, error, body.Replayable, body.Tracker);
                LogAttemptFailed(log, route.Router, server.Url, failure.Kind, failure.Reason);
                if (!failure.CountsAgainstServer)
                {
                    // The client's failure (or nobody's): no other server would do better, and this
                    // one's health must not hear of it, or any client could eject every server.
                    LogNotTheServers(log, context.Request.Method, context.Request.Path, server.Url, failure.Status, failure.Kind, failure.Reason);
                    await ErrorResponses.Write(context, failure.Status).ConfigureAwait(false);
                    return RouterOutcome.ClientFailed;
                }

                if (route.Retry is null && requestActor is null && failure.Kind != FailureKind.NotSent)
                {
                    // Nothing to decide: YARP already chose 502 or 504. Passive health still hears of it.
                    // A request that never left the node goes on to the request actor, which tries another
                    // server even without a retry middleware (RetryPolicy.NotSentAttempts).
                    if (failure.ReportFor(server.Url) is { } report)
                    {
                        server.Backend.Tell(report);
                    }

                    LogGaveUp(log, context.Request.Method, context.Request.Path, context.Response.StatusCode, failure.Reason);
                    return RouterOutcome.Failed;
                }

                requestActor ??= system.ActorOf(RequestActor.Props(service.Name, route.Retry, context.Request.Method, cell, Time, context.Connection.RemoteIpAddress));
                var failed = new AttemptFailedOn(server, failure);
                (server, var stoppedAs) = await AskAsync(requestActor, failed, context).ConfigureAwait(false);
                if (server is null)
                {
                    return stoppedAs;
                }

                ResetForRetry(context, body);
            }
        }
        finally
        {
            requestActor?.Tell(RequestFinished.Instance);
            // Put in place by the transformer only for a response that could be held.
            if (context.Features.Get<IHttpResponseBodyFeature>() is IntervalFlushingBody flushing)
            {
                await flushing.UninstallAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Asks the request actor; answers the client itself when the actor says stop, and then returns
    /// no server and how the request ended.
    /// </summary>
    private async Task<(ServerSnapshot? Server, RouterOutcome Stopped)> AskAsync(IActorRef actor, object message, HttpContext context)
    {
        var reply = await actor.Ask<object>(message, ActorReplyTimeout, context.RequestAborted).ConfigureAwait(false);
        switch (reply)
        {
            case UseServer use:
                return (use.Server, RouterOutcome.Served);
            case StopTrying stop:
                if (stop.StatusCode != RetryPolicy.ClientClosedRequest)
                {
                    LogGaveUp(log, context.Request.Method, context.Request.Path, stop.StatusCode, stop.Reason);
                }

                await ErrorResponses.Write(context, stop.StatusCode).ConfigureAwait(false);
                return (null, stop.StatusCode switch
                {
                    RetryPolicy.ClientClosedRequest => RouterOutcome.ClientFailed,
                    StatusCodes.Status503ServiceUnavailable => RouterOutcome.Unavailable,
                    _ => RouterOutcome.Failed,
                });
            default:
                await ErrorResponses.Write(context, 502).ConfigureAwait(false);
                return (null, RouterOutcome.Failed);
        }
    }

    private static void ResetForRetry(HttpContext context, RequestBody body)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.Headers.Clear();
        context.Features.Set<IForwarderErrorFeature>(null);
        if (body.Buffered is { } buffered)
        {
            buffered.Position = 0;
        }
    }

    /// <summary>
    /// Watches every request body, so that a timeout can be told apart: the server's when it kept
    /// the proxy waiting, the client's when the proxy was waiting on the client's body. When a
    /// retry may need the body, it is also buffered if small enough, or else its watch tells
    /// whether a body nobody read yet can still go to another server.
    /// </summary>
    private static RequestBody PrepareBody(HttpRequest request, RetryMiddleware? retry)
    {
        if (!RequestBodies.MayHave(request))
        {
            return new RequestBody(null, null);
        }

        Stream? buffered = null;
        if (retry is not null && request.ContentLength is { } length && length <= retry.MaxBodyBytes)
        {
            request.EnableBuffering(bufferThreshold: (int)Math.Min(length, 1024 * 1024), bufferLimit: retry.MaxBodyBytes);
            buffered = request.Body;
        }

        var tracker = new ReadTrackingStream(request.Body);
        request.Body = tracker;
        return new RequestBody(tracker, buffered);
    }

    /// <param name="Tracker">Null when the request has no body.</param>
    /// <param name="Buffered">The buffered body a retry rewinds, when the retry allowed buffering it.</param>
    private readonly record struct RequestBody(ReadTrackingStream? Tracker, Stream? Buffered)
    {
        public bool Replayable => Tracker is null || Buffered is not null || !Tracker.AnyRead;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Router {Router}: attempt on {Server} failed ({Kind}): {Reason}")]
    private static partial void LogAttemptFailed(ILogger logger, string router, string server, FailureKind kind, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Method} {Path} answered {Status}, not counted against {Server}, the failure was not the server's ({Kind}): {Reason}")]
    private static partial void LogNotTheServers(ILogger logger, string method, string path, string server, int status, FailureKind kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Middleware {Middleware}: the error page from service {Service} ({Server}, {Page}) failed, the client gets the original status with a short body: {Reason}")]
    private static partial void LogErrorPageFailed(ILogger logger, string middleware, string service, string server, string page, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Router {Router}: {Method} {Path} came through this node {Passes} times (its CDN-Loop), answered 508: a server of service {Service} leads back to the node")]
    private static partial void LogLooped(ILogger logger, string router, string service, int passes, string method, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered {Status}: {Reason}")]
    private static partial void LogGaveUp(ILogger logger, string method, string path, int status, string reason);
}
