using Proxy.Actors.Cluster;

namespace Proxy.Actors.Certificates;

/// <summary>A certificate as DistributedData holds it (<see cref="AcmeReplicationKeys.Certificate"/>): the cluster serializer's form of <see cref="AcmeStoredCertificate"/>.</summary>
public sealed record AcmeCertificateEntry(AcmeStoredCertificate Certificate) : IClusterMessage;
