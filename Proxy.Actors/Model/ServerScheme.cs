using System.Collections.Immutable;

namespace Proxy.Actors.Model;

/// <summary>
/// The schemes a server's URL may have, as Traefik's: <c>http</c> and <c>https</c>, and <c>h2c</c>, HTTP/2
/// with prior knowledge on plain TCP (what a gRPC server without TLS speaks). The one list the server URL,
/// the <c>server.scheme</c> label and a health check's <c>scheme</c> are checked against.
/// </summary>
public static class ServerScheme
{
    public const string Http = "http";

    public const string Https = "https";

    public const string H2c = "h2c";

    public static ImmutableArray<string> All { get; } = [Http, Https, H2c];

    /// <summary>Whether <paramref name="scheme"/> (as <see cref="Uri.Scheme"/> gives it: lower case) is one a server may have.</summary>
    public static bool IsKnown(string scheme) => All.Contains(scheme);

    public static bool IsH2c(Uri server) => server.Scheme == H2c;

    /// <summary>
    /// Where to send for <paramref name="url"/> (a checked server URL): an h2c server is an <c>http://</c> address that is
    /// spoken to in HTTP/2 only, so its scheme is replaced and the rest of the text kept as written (no port means 80,
    /// as for http, as in Traefik). Any other URL is its own destination.
    /// </summary>
    public static string Destination(string url) =>
        url.StartsWith("h2c:", StringComparison.OrdinalIgnoreCase) ? Http + url[H2c.Length..] : url;

    /// <inheritdoc cref="Destination(string)"/>
    public static Uri Destination(Uri server) =>
        IsH2c(server) ? new Uri(Destination(server.OriginalString), UriKind.Absolute) : server;
}
