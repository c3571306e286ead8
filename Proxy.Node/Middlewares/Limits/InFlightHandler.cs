using Proxy.Actors.Model.Config;
using Proxy.Actors.Model.Middlewares;
using Proxy.Actors.RateLimiting;
using Proxy.Actors.Routing;

namespace Proxy.Node.Middlewares.Limits;

/// <summary>
/// inFlightReq: at most an amount of one client's requests at once, the next answered 429, counted in
/// this handler for scope <c>node</c> (per router, as Traefik's) and by the key's owner for scope
/// <c>cluster</c> (<see cref="ClusterSlotKey"/>). A request counts until the rest of the chain is done
/// with it, its response body included.
/// </summary>
internal sealed class InFlightHandler : IHttpMiddleware
{
    private readonly long _amount;
    private readonly LimitSource _source;
    private readonly TimeProvider _time;
    private readonly BoundedKeyMap<UInt128, InFlightCounter>? _counters;
    private readonly BoundedKeyMap<UInt128, ClusterSlotKey>? _clusterKeys;
    private readonly ClusterLimiter? _cluster;
    private readonly LimitFallback _fallback;

    public InFlightHandler(MiddlewareSnapshot definition, InFlightReqConfig options, TimeProvider time, ClusterLimiter? cluster)
    {
        Definition = definition;
        _amount = options.Amount!.Value;
        _time = time;
        var clusterScope = LimitScope.Cluster.Equals(options.Scope, StringComparison.OrdinalIgnoreCase);
        _source = LimitSource.Of(options.SourceCriterion, clusterScope ? LimitKeyHash.ForCluster(definition.Name) : LimitKeyHash.ForNode());
        _fallback = LimitFallbacks.Parse(options.OnOwnerLost);
        var expiry = TimeSpan.FromSeconds(10);
        if (clusterScope)
        {
            _cluster = cluster ?? throw new NotSupportedException(
                $"middleware '{definition.Name}' has scope cluster, and this node runs no cluster limiter");
            _clusterKeys = new BoundedKeyMap<UInt128, ClusterSlotKey>(
                RateLimitHandler.MaxClients, expiry, time, LimitSource.Overflow, static k => k.LastUsed, static k => k.IsIdle);
        }
        else
        {
            _counters = new BoundedKeyMap<UInt128, InFlightCounter>(
                RateLimitHandler.MaxClients, expiry, time, LimitSource.Overflow, static c => c.LastUsed, static c => c.TryRetire());
        }
    }

    public MiddlewareSnapshot Definition { get; }

    public bool Wraps => true;

    public ValueTask<RouterOutcome> InvokeAsync(MiddlewareRequest request, NextStep next)
    {
        var source = _source.KeyOf(request);
        if (_clusterKeys is not null)
        {
            var key = _clusterKeys.GetOrAdd(
                source,
                static (source, state) => new ClusterSlotKey($"{state.Router}|{state.Self.Definition.Name}|{source:x32}", state.Self._amount, state.Self._fallback, state.Self._cluster!),
                (Self: this, request.Route.Router));
            return ClusterAsync(request, next, key);
        }

        while (true)
        {
            var counter = _counters!.GetOrAdd(source, static (_, time) => new InFlightCounter(time.GetTimestamp()), _time);
            switch (counter.TryEnter(_amount, _time.GetTimestamp()))
            {
                case true:
                    return NodeAsync(next, counter);
                case false:
                    return RefuseAsync(request);
            }
        }
    }

    private async ValueTask<RouterOutcome> NodeAsync(NextStep next, InFlightCounter counter)
    {
        try
        {
            return await next.InvokeAsync().ConfigureAwait(false);
        }
        finally
        {
            counter.Leave(_time.GetTimestamp());
        }
    }

    private static async ValueTask<RouterOutcome> ClusterAsync(MiddlewareRequest request, NextStep next, ClusterSlotKey key)
    {
        var ticket = await key.EnterAsync().ConfigureAwait(false);
        if (ticket == SlotTicket.Refused)
        {
            return await RefuseAsync(request).ConfigureAwait(false);
        }

        try
        {
            return await next.InvokeAsync().ConfigureAwait(false);
        }
        finally
        {
            key.Leave(ticket);
        }
    }

    private static async ValueTask<RouterOutcome> RefuseAsync(MiddlewareRequest request)
    {
        await TooManyRequests.WriteAsync(request.Context).ConfigureAwait(false);
        return RouterOutcome.ClientFailed;
    }
}
