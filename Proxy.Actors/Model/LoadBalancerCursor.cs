namespace Proxy.Actors.Model;

/// <summary>
/// The one mutable thing a pick needs: a ticket counter. Interlocked, so picks never lock
/// (Traefik's weighted round robin takes a mutex per pick).
/// </summary>
public sealed class LoadBalancerCursor
{
    private long _next = -1;

    public long NextTicket() => Interlocked.Increment(ref _next);
}
