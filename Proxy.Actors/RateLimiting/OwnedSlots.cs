namespace Proxy.Actors.RateLimiting;

/// <summary>The in-flight slots of one key an owner granted, by node; changed by the owner's actor alone.</summary>
internal sealed class OwnedSlots(long now)
{
    private readonly Dictionary<string, long> _byNode = new(StringComparer.Ordinal);

    public long Total { get; private set; }

    public long LastUsed { get; private set; } = now;

    public bool TryGrant(string node, long amount, long now)
    {
        LastUsed = now;
        if (Total >= amount)
        {
            return false;
        }

        _byNode[node] = _byNode.GetValueOrDefault(node) + 1;
        Total++;
        return true;
    }

    /// <summary>Slots given back; never more than the node holds (after an owner change it may give back what another granted).</summary>
    public void Release(string node, long count, long now)
    {
        LastUsed = now;
        var held = _byNode.GetValueOrDefault(node);
        var released = Math.Min(held, count);
        Total -= released;
        if (held - released == 0)
        {
            _byNode.Remove(node);
        }
        else
        {
            _byNode[node] = held - released;
        }
    }

    /// <summary>Every slot of a node that left or became unreachable: its requests are not counted any more.</summary>
    public void Reclaim(string node, long now) => Release(node, long.MaxValue, now);
}
