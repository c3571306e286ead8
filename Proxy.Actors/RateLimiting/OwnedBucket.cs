namespace Proxy.Actors.RateLimiting;

/// <summary>
/// One key's bucket at its owner, shared among the nodes that ask for it by their demand. The bucket
/// alone bounds what the cluster admits; beside it each asking node has a credit that fills at its
/// <see cref="FairShares"/> part of the rate, up to its part of the burst, and a lease never exceeds the
/// node's credit and the tokens no credit claims. So the first to ask does not win: the owner's own asks
/// cross no network and would otherwise take most tokens. A node that stops asking leaves its tokens
/// to the others at once (its credit is full, the rest is unclaimed), and its part after a while.
/// Owned by the limiter actor: no lock.
/// </summary>
public sealed class OwnedBucket
{
    /// <summary>The most nodes with a part of one key; named in docs/cluster.md.</summary>
    public const int MaxRequesters = 256;

    // Never a member's address, which has a scheme.
    private const string OverflowNode = "(overflow)";

    private readonly Dictionary<string, Requester> _requesters = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly long _forgetTicks;
    private TokenBucket _bucket;
    private long _accrued;

    /// <param name="forgetAfter">How long a node that asked no more keeps its part; at least two of its tokens' time.</param>
    /// <param name="startEmpty">A key moved from another owner starts with no token (see <see cref="TokenBucket.Empty"/>).</param>
    public OwnedBucket(RateSpec spec, long now, TimeProvider time, TimeSpan forgetAfter, bool startEmpty)
    {
        Spec = spec;
        _time = time;
        _forgetTicks = (long)(forgetAfter.TotalSeconds * time.TimestampFrequency);
        _bucket = startEmpty ? TokenBucket.Empty(spec, now, time) : new TokenBucket(spec, now, time);
        _accrued = now;
        LastUsed = now;
    }

    public RateSpec Spec { get; private set; }

    /// <summary>When a node last asked, for the owner's sweep of idle keys.</summary>
    public long LastUsed { get; private set; }

    /// <summary>The nodes that have a part now.</summary>
    public int Requesters => _requesters.Count;

    /// <summary>A changed limit keeps what is left, clamped to the new burst; the credits follow at the next ask.</summary>
    public void Respec(RateSpec spec, long now)
    {
        Accrue(now);
        _bucket = _bucket.Respec(spec, now);
        Spec = spec;
    }

    /// <summary>Starts again with no token and no credit: the key comes back after it was owned elsewhere meanwhile.</summary>
    public void Restart(long now)
    {
        _bucket = TokenBucket.Empty(Spec, now, _time);
        _requesters.Clear();
        _accrued = now;
    }

    /// <summary>
    /// Grants <paramref name="node"/>, whose requests come at <paramref name="demand"/> a second, up to
    /// <paramref name="wanted"/> tokens. With none, <paramref name="retryIn"/> is when its next one comes.
    /// </summary>
    public int Grant(string node, int wanted, double demand, long now, out TimeSpan retryIn)
    {
        LastUsed = now;
        Accrue(now);
        var known = _requesters.TryGetValue(node, out var requester);
        if (!known && _requesters.Count >= MaxRequesters)
        {
            // Node names are what the asking node says: past the bound, the newcomers share one part.
            node = OverflowNode;
            known = _requesters.TryGetValue(node, out requester);
        }

        if (!known)
        {
            requester = new Requester();
            _requesters[node] = requester;
        }

        requester!.Demand = demand;
        Reshare();
        if (!known)
        {
            // A newcomer may take its part of the burst at once; the bucket still bounds what all take together.
            requester.Credit = requester.Cap;
        }

        // The longest an asking node waits for a token: with an equal part. A node told to wait longer
        // (its demand measured low) asks again by then, with the requests refused meanwhile in its demand.
        var slowest = _requesters.Count / Spec.TokensPerSecond;
        requester.ForgetAt = now + Math.Max(_forgetTicks, (long)(2 * slowest * _time.TimestampFrequency));
        // Tokens beyond every credit are nobody's: those of a node that stopped asking, whose credit is full.
        // Anyone may take them, or the bucket would cap them away while the node is remembered.
        var surplus = Math.Max(0, _bucket.Available(now) - _requesters.Values.Sum(r => r.Credit));
        var allowed = (int)Math.Min(wanted, Math.Floor(requester.Credit + surplus));
        if (allowed < 1)
        {
            retryIn = TimeSpan.FromSeconds(Math.Min(slowest, (1 - requester.Credit - surplus) / requester.Share));
            return 0;
        }

        var granted = _bucket.TakeUpTo(now, allowed, out retryIn);
        requester.Credit = Math.Max(0, requester.Credit - Math.Max(0, granted - surplus));
        return granted;
    }

    // Forgets the nodes that stopped asking, then fills each credit at its share for the time gone by.
    private void Accrue(long now)
    {
        if (now <= _accrued)
        {
            return;
        }

        var forgotten = _requesters.Where(r => r.Value.ForgetAt < now).Select(r => r.Key).ToList();
        foreach (var node in forgotten)
        {
            _requesters.Remove(node);
        }

        if (forgotten.Count > 0)
        {
            Reshare();
        }

        var seconds = (now - _accrued) / (double)_time.TimestampFrequency;
        _accrued = now;
        foreach (var requester in _requesters.Values)
        {
            requester.Credit = Math.Min(requester.Cap, requester.Credit + (requester.Share * seconds));
        }
    }

    private void Reshare()
    {
        var requesters = _requesters.Values.ToList();
        var shares = FairShares.Of(Spec.TokensPerSecond, [.. requesters.Select(r => r.Demand)]);
        for (var i = 0; i < requesters.Count; i++)
        {
            requesters[i].Share = Math.Max(shares[i], 1e-9);
            // At least one token, or a node whose part of the burst is below one would never be granted.
            requesters[i].Cap = Math.Max(1, Spec.Burst * shares[i] / Spec.TokensPerSecond);
            requesters[i].Credit = Math.Min(requesters[i].Credit, requesters[i].Cap);
        }
    }

    private sealed class Requester
    {
        public double Demand { get; set; }

        public double Share { get; set; }

        public double Cap { get; set; }

        public double Credit { get; set; }

        public long ForgetAt { get; set; }
    }
}
