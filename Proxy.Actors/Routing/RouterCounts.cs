namespace Proxy.Actors.Routing;

/// <summary>A router's counts as read at one time; <see cref="Total"/> is their sum.</summary>
public readonly record struct RouterCounts(long Served, long Unavailable, long Failed, long ClientFailed)
{
    public long Total => Served + Unavailable + Failed + ClientFailed;
}
