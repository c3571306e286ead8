namespace Proxy.Actors.Certificates;

/// <summary>
/// Where one resolver's share of the replicated ACME state is written on this node: Traefik's
/// <c>certificatesResolvers.&lt;name&gt;.acme.storage</c>, a path as the operator wrote it (relative to the
/// working directory). Several resolvers may name the same file; it then holds each resolver's entries.
/// </summary>
public sealed record AcmeResolverStorage(string Resolver, string Path);
