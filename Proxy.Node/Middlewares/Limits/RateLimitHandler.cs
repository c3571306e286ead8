using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.RateLimiting;
using Proxy.Actors.Routing;

namespace Proxy.Node.Middlewares.Limits;

/// <summary>
/// rateLimit: a token bucket per client, in this handler (one per router, as Traefik's) for scope
/// <c>node</c>; for scope <c>cluster</c> the bucket is the key's owner's and this handler keeps the
/// leases (<see cref="ClusterRateKey"/>). A request under the limit goes on without a lock beyond its
/// client's bucket and without an allocation; one over it gets 429 with Retry-After.
/// </summary>
internal sealed class RateLimitHandler : IHttpMiddleware
{
    /// <summary>The most clients tracked per router and middleware, as Traefik's maxSources.</summary>
    public const int MaxClients = 65_536;

    private readonly RateSpec _spec;
    private readonly LimitSource _source;
    private readonly TimeProvider _time;
    private readonly BoundedKeyMap<UInt128, TokenBucket>? _buckets;
    private readonly BoundedKeyMap<UInt128, ClusterRateKey>? _clusterKeys;
    private readonly ClusterLimiter? _cluster;
    private readonly LimitFallback _fallback;

    public RateLimitHandler(MiddlewareSnapshot definition, RateLimitConfig options, TimeProvider time, ClusterLimiter? cluster)
    {
        Definition = definition;
        _spec = RateSpec.Of(options.Average!.Value, Duration.Checked(options.Period), options.Burst!.Value);
        _time = time;
        var clusterScope = LimitScope.Cluster.Equals(options.Scope, StringComparison.OrdinalIgnoreCase);
        _source = LimitSource.Of(options.SourceCriterion, clusterScope ? LimitKeyHash.ForCluster(definition.Name) : LimitKeyHash.ForNode());
        _fallback = LimitFallbacks.Parse(options.OnOwnerLost);
        if (!_spec.Limits)
        {
            return;
        }

        // Idle past the time it takes to fill again, a bucket is a new one: forgetting it changes nothing.
        var expiry = _spec.RefillTime + TimeSpan.FromSeconds(1);
        if (clusterScope)
        {
            _cluster = cluster ?? throw new NotSupportedException(
                $"middleware '{definition.Name}' has scope cluster, and this node runs no cluster limiter");
            _clusterKeys = new BoundedKeyMap<UInt128, ClusterRateKey>(
                MaxClients, expiry + cluster.Settings.LeaseLifetime, time, LimitSource.Overflow, static k => k.LastUsed);
        }
        else
        {
            _buckets = new BoundedKeyMap<UInt128, TokenBucket>(MaxClients, expiry, time, LimitSource.Overflow, static b => b.LastUsed);
        }
    }

    public MiddlewareSnapshot Definition { get; }

    /// <summary>An average of 0 limits nothing, as in Traefik: the chain then runs as if it were absent.</summary>
    public bool Wraps => _spec.Limits;

    public ValueTask<RouterOutcome> InvokeAsync(MiddlewareRequest request, NextStep next)
    {
        var source = _source.KeyOf(request);
        if (_clusterKeys is not null)
        {
            var key = _clusterKeys.GetOrAdd(source, static (source, state) => state.Self.NewClusterKey(source, state.Router), (Self: this, request.Route.Router));
            var pending = key.TakeAsync();
            return pending.IsCompletedSuccessfully ? Decided(request, next, pending.Result) : AfterClusterAsync(request, next, pending);
        }

        var bucket = _buckets!.GetOrAdd(source, static (_, state) => new TokenBucket(state._spec, state._time.GetTimestamp(), state._time), this);
        return Decided(request, next, bucket.Take(_time.GetTimestamp(), _spec.MaxDelay));
    }

    private ClusterRateKey NewClusterKey(UInt128 source, string router) =>
        new($"{router}|{Definition.Name}|{source:x32}", _spec, _fallback, _cluster!);

    private ValueTask<RouterOutcome> Decided(MiddlewareRequest request, NextStep next, LimitDecision decision) =>
        !decision.Admitted ? RefuseAsync(request, decision.RetryIn)
        : decision.Delay > TimeSpan.Zero ? DelayedAsync(next, decision.Delay, request)
        : next.InvokeAsync();

    private async ValueTask<RouterOutcome> AfterClusterAsync(MiddlewareRequest request, NextStep next, ValueTask<LimitDecision> pending) =>
        await Decided(request, next, await pending.ConfigureAwait(false)).ConfigureAwait(false);

    // Traefik holds a request whose token comes within the allowed delay rather than refusing it.
    private async ValueTask<RouterOutcome> DelayedAsync(NextStep next, TimeSpan delay, MiddlewareRequest request)
    {
        await Task.Delay(delay, _time, request.Context.RequestAborted).ConfigureAwait(false);
        return await next.InvokeAsync().ConfigureAwait(false);
    }

    private static async ValueTask<RouterOutcome> RefuseAsync(MiddlewareRequest request, TimeSpan retryIn)
    {
        await TooManyRequests.WriteAsync(request.Context, retryIn).ConfigureAwait(false);
        return RouterOutcome.ClientFailed;
    }
}
