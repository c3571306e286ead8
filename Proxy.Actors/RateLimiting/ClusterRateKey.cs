namespace Proxy.Actors.RateLimiting;

/// <summary>
/// One key of a cluster-scoped rateLimit on this node: the tokens leased from the key's owner, taken
/// locally with no round trip; a new lease asked ahead once half is used, sized to this node's demand
/// over <see cref="ClusterLimiterSettings.LeaseWindow"/>; the owner's "none left" remembered until its
/// next token, so that a refused client costs no round trip either; and the fallback while the owner
/// is lost. Requests wait only when the lease is empty and an ask is on its way.
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
    private long _lastRefill;
    private int _takenSinceRefill;
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
            _takenSinceRefill++;
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
            _ownerOf = members;
            _owner = ClusterLimiter.OwnerOf(_key, members, _limiter.Self);
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
        var wanted = Wanted(now);
        LeaseGrant? grant = null;
        try
        {
            grant = await _limiter.AskAsync<LeaseGrant>(owner, new LeaseRequest(_key, _spec.TokensPerSecond, _spec.Burst, wanted)).ConfigureAwait(false);
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
            _lastRefill = answered;
            _takenSinceRefill = 0;
        }
    }

    // Under the lock: what this node took since the last lease, as a rate, over the lease window.
    private int Wanted(long now)
    {
        var elapsed = _limiter.Span(now - _lastRefill).TotalSeconds;
        if (_lastRefill == 0 || elapsed <= 0)
        {
            return 1;
        }

        var rate = (_takenSinceRefill + 1) / elapsed;
        return (int)Math.Clamp(Math.Ceiling(rate * _limiter.Settings.LeaseWindow.TotalSeconds), 1, _maxWanted);
    }
}
