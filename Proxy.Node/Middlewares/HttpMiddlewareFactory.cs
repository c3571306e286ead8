using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.RateLimiting;
using Proxy.Actors.Routing.Middlewares;

namespace Proxy.Node.Middlewares;

/// <summary>
/// The one place that knows which handler class runs which middleware type. Router actors call it
/// when their chain is built, never per request.
/// </summary>
/// <param name="time">The clock of handlers that measure time (circuitBreaker, the limits' buckets, basicAuth's remembered credentials).</param>
/// <param name="log">Where handlers log what happens to a router (a breaker tripping, a body refused, an auth server that cannot be reached).</param>
/// <param name="clusterLimiter">The node's way to the cluster-wide limits (rateLimit and inFlightReq with scope cluster); none in unit tests.</param>
public sealed class HttpMiddlewareFactory(TimeProvider time, ILogger log, ClusterLimiter? clusterLimiter = null) : IMiddlewareHandlerFactory, IDisposable
{
    public HttpMiddlewareFactory()
        : this(TimeProvider.System, NullLogger.Instance)
    {
    }

    // One pool for every forwardAuth of the node without tls, one per client TLS material, each made when first needed.
    private readonly Auth.AuthServerClients _authServers = new();

    // One budget for the bodies every forwardAuth of the node holds for its auth server (forwardBody).
    private readonly Auth.AuthBodyBudget _authBodies = new(Auth.AuthBodyBudget.DefaultBytes);

    // One gate for the slow password checks of every basicAuth of the node: N routers must not mean N times the cores.
    private readonly Auth.SlowCheckGate _passwordChecks = new();

    public IMiddlewareHandler Create(MiddlewareSnapshot definition) => definition switch
    {
        RetryMiddleware retry => new RetryHandler(retry),
        { Options: StripPrefixConfig strip } => new StripPrefixHandler(definition, strip),
        { Options: AddPrefixConfig add } => new AddPrefixHandler(definition, add),
        { Options: HeadersConfig headers } => new HeadersHandler(definition, headers),
        { Options: RedirectSchemeConfig redirect } => new RedirectSchemeHandler(definition, redirect),
        { Options: BasicAuthConfig basic } => new Auth.BasicAuthHandler(definition, basic, time, _passwordChecks),
        { Options: DigestAuthConfig digest } => new Auth.DigestAuthHandler(definition, digest, time),
        { Options: ForwardAuthConfig forward } => new Auth.ForwardAuthHandler(definition, forward, _authServers, _authBodies, log),
        { Options: CompressConfig compress } => new Compress.CompressHandler(definition, compress),
        { Options: ContentTypeConfig contentType } => new ContentType.ContentTypeHandler(definition, contentType),
        { Options: RedirectRegexConfig redirect } => new RedirectRegexHandler(definition, redirect),
        { Options: ReplacePathConfig replace } => new ReplacePathHandler(definition, replace),
        { Options: ReplacePathRegexConfig replace } => new ReplacePathRegexHandler(definition, replace),
        { Options: StripPrefixRegexConfig strip } => new StripPrefixRegexHandler(definition, strip),
        { Options: IpAllowListConfig allowList } => new IpAllowList.IpAllowListHandler(definition, allowList),
        { Options: CircuitBreakerConfig breaker } => new CircuitBreaking.CircuitBreakerHandler(definition, breaker, time, log),
        { Options: BufferingConfig buffering } => new Buffering.BufferingHandler(definition, buffering, log),
        { Options: RateLimitConfig rate } => new Limits.RateLimitHandler(definition, rate, time, clusterLimiter),
        { Options: InFlightReqConfig inFlight } => new Limits.InFlightHandler(definition, inFlight, time, clusterLimiter),
        { Options: ErrorsConfig errors } => new ErrorsHandler(definition, errors),
        _ => throw new NotSupportedException(
            $"middleware '{definition.Name}' has type '{definition.Type}', for which this node has no handler"),
    };

    /// <summary>What the node's handlers share: the auth servers' connection pool and the password-check gate.</summary>
    public void Dispose()
    {
        _authServers.Dispose();
        _passwordChecks.Dispose();
    }
}
