namespace Proxy.Node.Hosting;

/// <summary>A named listener for proxied traffic: the address as written and its parsed form.</summary>
public sealed record EntryPointConfig(string Name, string Address, ListenAddress Listen)
{
    /// <summary>Which clients' forwarded headers are kept; none by default, as in Traefik.</summary>
    public Forwarding.ForwardedHeadersPolicy ForwardedHeaders { get; init; } = Forwarding.ForwardedHeadersPolicy.Untrusted;

    /// <summary>Where every request on this entry point is redirected, or null to route them.</summary>
    public EntryPointRedirection? Redirection { get; init; }
}
