namespace Proxy.Node.Hosting;

/// <summary>
/// Checks a Docker endpoint as the operator writes it for Traefik's <c>providers.docker.endpoint</c>:
/// a Unix socket or a TCP address. Checked at start so that a typo stops the node with a clear line
/// instead of a discovery actor that reconnects forever.
/// </summary>
public static class DockerEndpointSyntax
{
    public const string Accepted = "unix:///path/to/docker.sock or tcp://host:port";

    private const string UnixScheme = "unix://";
    private const string TcpScheme = "tcp://";

    public static bool IsValid(string text)
    {
        if (text.StartsWith(UnixScheme, StringComparison.Ordinal))
        {
            // unix:// then an absolute path: three slashes in all, and something after them.
            var path = text[UnixScheme.Length..];
            return path.Length > 1 && path[0] == '/' && !path.Any(char.IsWhiteSpace);
        }

        if (text.StartsWith(TcpScheme, StringComparison.Ordinal))
        {
            // The listen-address grammar, minus the empty host: a client must name whom it dials.
            return ListenAddress.TryParse(text[TcpScheme.Length..], out var address)
                && address.HostKind != ListenHostKind.Any;
        }

        return false;
    }
}
