namespace Proxy.Actors.Certificates;

/// <summary>
/// Where a certificate resolver keeps its state on each node: the resolver's <c>storage</c> option
/// (default <c>acme.json</c>; several resolvers may name the same file, as in Traefik) and its
/// <c>caServer</c>, which a Traefik file does not record for the account it holds. The resolvers'
/// options declare these; the ACME state actor gets one per configured resolver.
/// </summary>
public sealed record AcmeResolverStorage(string Resolver, string Path, Uri CaServer);
