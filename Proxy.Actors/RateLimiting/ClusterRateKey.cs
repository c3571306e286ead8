namespace Proxy.Actors.RateLimiting;

/// <summary>
/// One key of a cluster-scoped rateLimit on this node: the tokens leased from the key's owner, taken
/// locally with no round trip; a new lease asked ahead once half is used, sized to this node's demand
/// over <see cref="ClusterLimiterSettings.LeaseWindow"/>; the owner's "none left" remembered until its
/// next token, so that a refused client costs no round trip either; and the fallback while the owner
/// is lost. Requests wait only when the lease is empty and an ask is on its way. Each ask tells the owner
/// the rate at which requests came since the last, refused ones included, by which it shares the rate;
/// and whether the key came from another owner, so that the new one starts it empty.
/// </summary>
public sealed class ClusterRateKey
{
    private readonly Lock _lock = new();
    private readonly string _key;
    private readonly RateSpec _spec;
    private readonly LimitFallback _fallback;
    private readonly ClusterLimiter _limiter;
    private readonly int _maxWanted;
    private LimiterMembers? _ownerOf;
    private string _owner = "";
    private int _tokens;
    private int _lastGrant;
    private long _leaseExpires;
    private long _deniedUntil;
    private long _untrackedUntil;
    private long _askedAt;
    private int _offered;
    private bool _moved;
    private Task? _refill;
    private TokenBucket? _share;
    private int _shareOf;

    public ClusterRateKey(string key, RateSpec spec, LimitFallback fallback, ClusterLimiter limiter)
    {
        _key = key;
        _spec = spec;
        _fallback = fallback;
        _limiter = limiter;
        _maxWanted = (int)Math.Clamp(Math.Ceiling(spec.TokensPerSecond * limiter.Settings.LeaseWindow.TotalSeconds), 1, Math.Max(1, spec.Burst));
        LastUsed = limiter.Time.GetTimestamp();
    }

    public long LastUsed { get; private set; }

    public ValueTask<LimitDecision> TakeAsync()
    {
        Task refill;
        lock (_lock)
        {
            var now = _limiter.Time.GetTimestamp();
            LastUsed = now;
            _offered++;
            if (TryDecide(now, out var decision))
            {
                return new ValueTask<LimitDecision>(decision);
            }

            refill = _refill ?? StartRefill(now);
        }

        return AfterRefillAsync(refill);
    }

    private async ValueTask<LimitDecision> AfterRefillAsync(Task refill)
    {
        await refill.ConfigureAwait(false);
        lock (_lock)
        {
            var now = _limiter.Time.GetTimestamp();
            if (TryDecide(now, out var decision))
            {
                return decision;
            }

            // The fresh lease went to the requests ahead of this one: the owner is asked again by the next.
            return LimitDecision.Refuse(_limiter.Span(Math.Max(0, _deniedUntil - now)) is var wait && wait > TimeSpan.Zero
                ? wait
                : TimeSpan.FromSeconds(1 / _spec.TokensPerSecond));
        }
    }

    // Under the lock: decides from what this node knows, or says an ask is needed.
    private bool TryDecide(long now, out LimitDecision decision)
    {
        var owner = Owner();
        if (_limiter.IsLost(owner, now) || now < _untrackedUntil)
        {
            decision = Fallback(now);
            return true;
        }

        if (_tokens > 0 && now < _leaseExpires)
        {
            _tokens--;
            if (_tokens * 2 < _lastGrant && _refill is null)
            {
                StartRefill(now);
            }

            decision = LimitDecision.Admit;
            return true;
        }

        if (now < _deniedUntil)
        {
            decision = LimitDecision.Refuse(_limiter.Span(_deniedUntil - now));
            return true;
        }

        decision = default;
        return false;
    }

    private string Owner()
    {
        var members = _limiter.Members;
        if (!ReferenceEquals(members, _ownerOf))
        {
            var owner = ClusterLimiter.OwnerOf(_key, members, _limiter.Self);
            // Not when this node only learnt its first members: until then it asked itself, not an owner.
            _moved |= _ownerOf is { Count: > 0 } && owner != _owner;
            _ownerOf = members;
            _owner = owner;
        }

        return _owner;
    }

    private LimitDecision Fallback(long now)
    {
        switch (_fallback)
        {
            case LimitFallback.Open:
                return LimitDecision.Admit;
            case LimitFallback.Closed:
                return LimitDecision.Refuse(_limiter.Settings.LostOwnerRetry);
            default:
                var nodes = Math.Max(1, _limiter.Members.Count);
                if (_share is null || _shareOf != nodes)
                {
                    _share = new TokenBucket(_spec.Share(nodes), now, _limiter.Time);
                    _shareOf = nodes;
                }

                // No waiting for a token here: the request would hold the lock of every request of this key.
                return _share.Take(now, TimeSpan.Zero);
        }
    }

    // Under the lock. An ask that failed at once has already cleared the way for the next.
    private Task StartRefill(long now)
    {
        var refill = RefillAsync(now);
        _refill = refill.IsCompleted ? null : refill;
        return refill;
    }

    private async Task RefillAsync(long now)
    {
        var owner = _owner;
        var demand = Demand(now);
        var wanted = (int)Math.Clamp(Math.Ceiling(demand * _limiter.Settings.LeaseWindow.TotalSeconds), 1, _maxWanted);
        var moved = _moved;
        _askedAt = now;
        _offered = 0;
        LeaseGrant? grant = null;
        try
        {
            var request = new LeaseRequest(_key, _spec.TokensPerSecond, _spec.Burst, wanted, _limiter.Self, demand, moved);
            grant = await _limiter.AskAsync<LeaseGrant>(owner, request).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A timeout, or the owner's node gone: the fallback holds until the owner is asked again.
            _limiter.MarkLost(owner, _limiter.Time.GetTimestamp());
        }

        lock (_lock)
        {
            var answered = _limiter.Time.GetTimestamp();
            _refill = null;
            if (grant is null)
            {
                return;
            }

            if (grant.Untracked)
            {
                // The owner is full: this key alone is on the fallback; its other keys answer as before.
                _untrackedUntil = answered + _limiter.Ticks(_limiter.Settings.LostOwnerRetry);
                return;
            }

            _tokens = (answered < _leaseExpires ? _tokens : 0) + grant.Granted;
            _lastGrant = grant.Granted;
            _leaseExpires = answered + _limiter.Ticks(_limiter.Settings.LeaseLifetime);
            _deniedUntil = grant.Granted == 0 ? answered + _limiter.Ticks(grant.RetryIn) : 0;
            if (moved && owner == _owner)
            {
                // The new owner has the key now: a later ask of this node is no news of a move.
                _moved = false;
            }
        }
    }

    // Under the lock: the requests of this key on this node a second since the last ask, admitted or not.
    // The first ask has no interval: one request over the lease window, until the next ask measures.
    private double Demand(long now)
    {
        var elapsed = _askedAt == 0 ? _limiter.Settings.LeaseWindow.TotalSeconds : _limiter.Span(now - _askedAt).TotalSeconds;
        return Math.Max(1, _offered) / Math.Clamp(elapsed, 0.001, _limiter.Settings.LeaseLifetime.TotalSeconds);
    }
}
