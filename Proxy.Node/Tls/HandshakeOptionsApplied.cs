namespace Proxy.Node.Tls;

/// <summary>
/// A connection feature: the <c>tls.options</c> its handshake actually applied, as the matched router's
/// <see cref="Proxy.Actors.Model.RouteTarget.TlsOptions"/> names them. The request path compares the two
/// after the route match, so neither a rule without a host nor a configuration change between the options
/// table and the route tables can serve a router under options it did not ask for.
/// </summary>
internal sealed class HandshakeOptionsApplied(string name)
{
    public string Name { get; } = name;

    /// <summary>Whether a request on this connection may reach a router requiring <paramref name="routerOptions"/>.</summary>
    public static bool Allows(HandshakeOptionsApplied? applied, string? routerOptions) =>
        routerOptions is null || (applied is not null && string.Equals(applied.Name, routerOptions, StringComparison.Ordinal));
}
