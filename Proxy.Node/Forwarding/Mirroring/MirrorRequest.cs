using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Proxy.Node.Forwarding.Mirroring;

/// <summary>
/// The parts of a client's request a mirror's copy is made of, taken while the request is still the node's:
/// the copy is sent after the client may be gone, and an <see cref="HttpContext"/> is recycled with its request.
/// </summary>
internal sealed record MirrorRequest(string Method, string PathAndQuery, IReadOnlyList<KeyValuePair<string, StringValues>> Headers, string Host)
{
    /// <summary>
    /// Marks every copy, and a request that carries it is not copied again: a mirror whose server is this node (or
    /// another node of the cluster) would otherwise copy each copy, one client request making requests for ever.
    /// </summary>
    public const string CopyHeader = "X-Mirror-Copy";

    /// <param name="trusted">Whether the entry point trusts the client's forwarded headers; if not, the copy carries
    /// none of them, as the main request carries only the node's own.</param>
    public static MirrorRequest Of(HttpRequest request, RequestRewrite rewrite, bool trusted)
    {
        var headers = new List<KeyValuePair<string, StringValues>>(request.Headers.Count);
        foreach (var header in request.Headers)
        {
            if (!Skipped(header.Key) && (trusted || !ForwardedHeaderNames.IsForwarded(header.Key)))
            {
                headers.Add(header);
            }
        }

        // The copy passes through this node as the request does: a mirror that leads back here is counted by it.
        headers.Add(KeyValuePair.Create(CdnLoop.HeaderName, new StringValues(CdnLoop.OfThisProcess.AppendedTo(request))));

        var path = rewrite.RawPath ?? (request.PathBase + request.Path).ToUriComponent();
        return new MirrorRequest(request.Method, path + request.QueryString.Value, headers, RequestHost.Of(request).Value ?? "");
    }

    /// <summary>Hop-by-hop headers are the client's connection's, and the body's framing is the copy's own.</summary>
    private static bool Skipped(string name) =>
        HopByHop.IsOwnRequestHeader(name) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase);
}
