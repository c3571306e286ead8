namespace Proxy.Node.Hosting;

/// <summary>
/// Traefik's entry-point redirection: every request on the entry point is sent to another entry
/// point's port. <paramref name="Port"/> is the port written into Location, null when it is the
/// scheme's default (80, 443) and so left out, as Traefik's RedirectScheme leaves it out.
/// </summary>
public sealed record EntryPointRedirection(string To, string Scheme, int? Port, bool Permanent, int Priority)
{
    /// <summary>
    /// Traefik's default is math.MaxInt - 1: only a router of the largest priority goes ahead of the
    /// redirection. Router priorities here are 32-bit, so the same rank is int.MaxValue - 1.
    /// </summary>
    public const int DefaultPriority = int.MaxValue - 1;

    /// <summary>The port for Location, or null when the scheme implies it.</summary>
    public static int? PortFor(string scheme, int port) =>
        (scheme, port) is ("https", 443) or ("http", 80) ? null : port;
}
