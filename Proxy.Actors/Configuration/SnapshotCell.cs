using Proxy.Actors.Model;

namespace Proxy.Actors.Configuration;

/// <summary>
/// Where the configuration actor publishes the routing snapshot and requests read it. One writer
/// (the actor), many lock-free readers: a volatile reference to an immutable object.
/// </summary>
/// <param name="publishing">
/// Told each snapshot on the publisher's thread just before requests can read it, so that what the node
/// keeps per server (its connections) follows the snapshot: a request that reads the new snapshot finds
/// its effects made. It must be quick and must not throw.
/// </param>
public sealed class SnapshotCell(Action<RoutingSnapshot>? publishing = null)
{
    private volatile RoutingSnapshot _current = RoutingSnapshot.Empty;

    public RoutingSnapshot Current => _current;

    public void Publish(RoutingSnapshot snapshot)
    {
        publishing?.Invoke(snapshot);
        _current = snapshot;
    }
}
