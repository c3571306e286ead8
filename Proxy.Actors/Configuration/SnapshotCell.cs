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

    /// <summary>Raised after each publish, on the publishing actor's thread; handlers must be quick.</summary>
    public event Action<RoutingSnapshot>? Published;

    public void Publish(RoutingSnapshot snapshot)
    {
        _current = snapshot;
        Published?.Invoke(snapshot);
    }
}
