namespace Proxy.Actors.Cluster;

/// <summary>
/// Marks everything that crosses nodes or is stored in DistributedData. The serialization
/// binding is made on this one interface, so a new cluster message cannot silently fall back
/// to Akka's default JSON serializer (slower, and bulkier in gossip; docs/cluster.md): the
/// serializer throws for a type it does not know instead.
/// </summary>
public interface IClusterMessage;
