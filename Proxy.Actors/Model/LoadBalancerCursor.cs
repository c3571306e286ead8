namespace Proxy.Actors.Model;

/// <summary>
/// The one mutable thing a pick needs: a ticket counter, and for leasttime the service's last probe. Interlocked,
/// so picks never lock (Traefik's weighted round robin takes a mutex per pick).
/// </summary>
public sealed class LoadBalancerCursor
{
    private long _next = -1;

    // The TimeProvider timestamp of the service's last leasttime probe, 0 before the first; and its ticket.
    private long _probedAt;
    private long _probeTicket = long.MinValue;

    public long NextTicket() => Interlocked.Increment(ref _next);

    /// <summary>
    /// Whether the pick with <paramref name="ticket"/> at <paramref name="now"/> may be a probe: the service's last
    /// probe was at least <paramref name="spacing"/> ago and at least <paramref name="requests"/> tickets before.
    /// When it may, it is now the last: picks that race for one probe get it once.
    /// </summary>
    public bool TryProbe(long ticket, long now, TimeProvider time, TimeSpan spacing, int requests)
    {
        var lastTicket = Volatile.Read(ref _probeTicket);
        if (lastTicket != long.MinValue && ticket - lastTicket < requests)
        {
            return false;
        }

        // The time is what is swapped, so a pick that reads the ticket before the winner writes it still sees a
        // probe made just now and backs off.
        var last = Volatile.Read(ref _probedAt);
        if (last != 0 && time.GetElapsedTime(last, now) < spacing)
        {
            return false;
        }

        if (Interlocked.CompareExchange(ref _probedAt, now, last) != last)
        {
            return false;
        }

        Volatile.Write(ref _probeTicket, ticket);
        return true;
    }
}
