using Proxy.Actors.Model;

namespace Proxy.Actors.Services.Composite;

/// <summary>
/// A copy of the request due to a mirror: the mirror's name and the load balancer it resolved to, with its
/// mirroring service's limits (<paramref name="MaxBodySize"/> -1: none).
/// </summary>
public sealed record MirrorCopy(string Mirror, ServiceSnapshot Leaf, long MaxBodySize, bool MirrorBody);
