namespace Proxy.Actors.RateLimiting;

/// <summary>
/// One key of a cluster-scoped inFlightReq on this node: the slots the key's owner granted this node
/// (by owner, so that each goes back where it came from after an owner change), how many are in use,
/// and the fallback while the owner is lost. A request takes a free held slot with no round trip, or
/// asks the owner for one; a slot freed beyond a small spare goes back at once, so that the others can have it.
/// </summary>
public sealed class ClusterSlotKey
{
    private readonly Lock _lock = new();
    private readonly string _key;
    private readonly long _amount;
    private readonly LimitFallback _fallback;
    private readonly ClusterLimiter _limiter;
    private readonly Dictionary<string, int> _heldBy = new(StringComparer.Ordinal);
    private LimiterMembers? _ownerOf;
    private string _owner = "";
    private int _held;
    private int _used;
    private long _local;
    private long _untrackedUntil;

    public ClusterSlotKey(string key, long amount, LimitFallback fallback, ClusterLimiter limiter)
    {
        _key = key;
        _amount = amount;
        _fallback = fallback;
        _limiter = limiter;
        LastUsed = limiter.Time.GetTimestamp();
    }

    public long LastUsed { get; private set; }

    /// <summary>Whether its map may forget it: no slot held or used, nothing in flight under the fallback.</summary>
    public bool IsIdle
    {
        get
        {
            lock (_lock)
            {
                return _held == 0 && _used == 0 && _local == 0;
            }
        }
    }

    /// <summary>Enters, or not; what was entered is given back to <see cref="Leave"/>.</summary>
    public ValueTask<SlotTicket> EnterAsync()
    {
        string owner;
        lock (_lock)
        {
            var now = _limiter.Time.GetTimestamp();
            LastUsed = now;
            owner = Owner();
            if (_limiter.IsLost(owner, now) || now < _untrackedUntil)
            {
                return new ValueTask<SlotTicket>(Fallback());
            }

            if (_used < _held)
            {
                _used++;
                return new ValueTask<SlotTicket>(SlotTicket.Held);
            }
        }

        return AskAsync(owner);
    }

    public void Leave(SlotTicket ticket)
    {
        lock (_lock)
        {
            LastUsed = _limiter.Time.GetTimestamp();
            switch (ticket)
            {
                case SlotTicket.Held:
                    _used--;
                    GiveBackSpare();
                    break;
                case SlotTicket.Local:
                    _local--;
                    break;
            }
        }
    }

    private async ValueTask<SlotTicket> AskAsync(string owner)
    {
        SlotGrant? grant = null;
        try
        {
            grant = await _limiter.AskAsync<SlotGrant>(owner, new SlotRequest(_key, _amount, _limiter.Self)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            _limiter.MarkLost(owner, _limiter.Time.GetTimestamp());
        }

        lock (_lock)
        {
            if (grant is null || grant.Untracked)
            {
                if (grant is not null)
                {
                    // The owner is full: this key alone is on the fallback; its other keys answer as before.
                    _untrackedUntil = _limiter.Time.GetTimestamp() + _limiter.Ticks(_limiter.Settings.LostOwnerRetry);
                }

                return Fallback();
            }

            if (!grant.Granted)
            {
                return SlotTicket.Refused;
            }

            _heldBy[owner] = _heldBy.GetValueOrDefault(owner) + 1;
            _held++;
            _used++;
            return SlotTicket.Held;
        }
    }

    // Under the lock: slots beyond the spare go back, those of a former owner first.
    private void GiveBackSpare()
    {
        var nodes = Math.Max(1, _limiter.Members.Count);
        var spare = (int)(_amount / (4 * nodes));
        var current = Owner();
        while (_held - _used > spare)
        {
            var from = _heldBy.Keys.FirstOrDefault(o => o != current) ?? current;
            var count = Math.Min(_held - _used - spare, _heldBy[from]);
            _heldBy[from] -= count;
            if (_heldBy[from] == 0)
            {
                _heldBy.Remove(from);
            }

            _held -= count;
            _limiter.Tell(from, new SlotRelease(_key, count, _limiter.Self));
        }
    }

    private SlotTicket Fallback()
    {
        switch (_fallback)
        {
            case LimitFallback.Open:
                return SlotTicket.Open;
            case LimitFallback.Closed:
                return SlotTicket.Refused;
            default:
                var share = Math.Max(1, _amount / Math.Max(1, _limiter.Members.Count));
                if (_local >= share)
                {
                    return SlotTicket.Refused;
                }

                _local++;
                return SlotTicket.Local;
        }
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
}

/// <summary>How a request entered a cluster-scoped inFlightReq, so that it leaves the same way.</summary>
public enum SlotTicket
{
    Refused,
    Held,
    Local,
    Open,
}
