using Proxy.Actors.Model;

namespace Proxy.Actors.Configuration;

/// <summary>
/// Where the configuration actor publishes the routing snapshot and requests read it. One writer
/// (the actor), many lock-free readers: a volatile reference to an immutable object.
/// </summary>
public sealed class SnapshotCell
{
    private volatile RoutingSnapshot _current = RoutingSnapshot.Empty;

    public RoutingSnapshot Current => _current;

    public void Publish(RoutingSnapshot snapshot) => _current = snapshot;
}
