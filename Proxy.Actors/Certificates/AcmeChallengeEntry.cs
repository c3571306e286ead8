using Proxy.Actors.Certificates.Acme;
using Proxy.Actors.Cluster;

namespace Proxy.Actors.Certificates;

/// <summary>
/// A challenge answer as DistributedData holds it, with when it was published: an answer its
/// publisher never withdrew (the ordering node died mid-order) is removed by any node once it is
/// older than <see cref="AcmeStateSettings.ChallengeLifetime"/>.
/// </summary>
public sealed record AcmeChallengeEntry(AcmeChallengeAnswer Answer, long PublishedAtUnixMs) : IClusterMessage;
