using Proxy.Node.Hosting;

namespace Proxy.Node.Cli;

/// <summary>
/// Where <c>proxy-node healthcheck</c> sends its GET: <c>/ping</c> on the node's API, found as the node
/// finds it (its static options) unless <c>--api</c> names it. <see cref="PinnedCertFile"/> is the API's
/// own certificate file when the node serves its API over HTTPS.
/// </summary>
internal sealed record HealthcheckTarget(Uri Ping, string? PinnedCertFile)
{
    /// <summary>
    /// The node's API address as a URL a client can dial: a wildcard listen address (<c>:8080</c>,
    /// <c>0.0.0.0</c>, <c>[::]</c>) is reached on loopback, where it listens too.
    /// </summary>
    public static HealthcheckTarget FromOptions(HealthcheckOptions options)
    {
        var address = options.ApiAddress;
        var host = address.HostKind switch
        {
            ListenHostKind.Any => "127.0.0.1",
            ListenHostKind.IPv4 when address.IsWildcard => "127.0.0.1",
            ListenHostKind.IPv6 when address.IsWildcard => "[::1]",
            ListenHostKind.IPv6 => $"[{address.Host}]",
            _ => address.Host,
        };
        var scheme = options.CertFile is null ? "http" : "https";
        return new HealthcheckTarget(new Uri($"{scheme}://{host}:{address.Port}/ping"), options.CertFile);
    }

    /// <summary>
    /// <c>--api=host:port</c> (plain HTTP) or <c>http(s)://host:port</c>, as the other CLI commands take it; null
    /// when it is neither. The certificate to pin still comes from the node's options, when they name one.
    /// </summary>
    public static HealthcheckTarget? FromFlag(string api, HealthcheckOptions options)
    {
        var text = api.Contains("://", StringComparison.Ordinal) ? api : $"http://{api}";
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || uri.AbsolutePath != "/" || uri.Query.Length > 0 || uri.HostNameType is UriHostNameType.Unknown)
        {
            return null;
        }

        var pinned = uri.Scheme == "https" ? options.CertFile : null;
        return new HealthcheckTarget(new UriBuilder(uri) { Path = "/ping" }.Uri, pinned);
    }
}
