using Proxy.Actors.Cluster;

namespace Proxy.Actors.Certificates;

/// <summary>A resolver's account as DistributedData holds it (<see cref="AcmeReplicationKeys.Account"/>): the cluster serializer's form of <see cref="AcmeStoredAccount"/>.</summary>
public sealed record AcmeAccountEntry(AcmeStoredAccount Account) : IClusterMessage;
