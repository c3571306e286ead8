namespace Proxy.Node.Hosting;

/// <summary>A named listener for proxied traffic: the address as written and its parsed form.</summary>
public sealed record EntryPointConfig(string Name, string Address, ListenAddress Listen)
{
    /// <summary>Which clients' forwarded headers are kept; none by default, as in Traefik.</summary>
    public Forwarding.ForwardedHeadersPolicy ForwardedHeaders { get; init; } = Forwarding.ForwardedHeadersPolicy.Untrusted;

    /// <summary>Who may name the client in a PROXY protocol header, or null when the entry point reads none (Traefik's default).</summary>
    public ProxyProtocol.ProxyProtocolSettings? ProxyProtocol { get; init; }

    /// <summary>Where every request on this entry point is redirected, or null to route them.</summary>
    public EntryPointRedirection? Redirection { get; init; }

    /// <summary>
    /// Traefik's entry-point <c>http.tls</c>: the TLS settings of every router on this entry point that
    /// declares none, or null when the entry point makes no router a TLS router.
    /// </summary>
    public Actors.Model.Config.RouterTlsConfig? Tls { get; init; }
}
