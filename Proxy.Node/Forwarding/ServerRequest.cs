using System.Net;
using Proxy.Actors.Model;
using Yarp.ReverseProxy.Forwarder;

namespace Proxy.Node.Forwarding;

/// <summary>A request the node makes itself to a server (a mirror's copy, an error page).</summary>
internal static class ServerRequest
{
    /// <summary>
    /// <paramref name="method"/> <paramref name="pathAndQuery"/> on <paramref name="server"/>, in the HTTP version the
    /// requests forwarded to it use (<paramref name="config"/>, the forwarding's own choice): h2c, HTTP/2 by ALPN to
    /// an https server through a transport unless disableHTTP2, HTTP/1.1 otherwise.
    /// </summary>
    public static HttpRequestMessage Create(HttpMethod method, ServerSnapshot server, string pathAndQuery, ForwarderRequestConfig config) =>
        new(method, server.DestinationPrefix + pathAndQuery)
        {
            Version = config.Version ?? HttpVersion.Version11,
            VersionPolicy = config.VersionPolicy ?? HttpVersionPolicy.RequestVersionOrLower,
        };
}
