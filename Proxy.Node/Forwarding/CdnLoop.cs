using System.Security.Cryptography;
using Microsoft.Extensions.Primitives;

namespace Proxy.Node.Forwarding;

/// <summary>
/// The node's entry in the <c>CDN-Loop</c> header (RFC 8586) of every request it sends to a server, under a pseudonym
/// rather than the host's name, and the loop check it makes possible. A server that is the node itself (a container
/// label naming the node's own address, a mirror or an error page pointing back at it, two nodes of a cluster naming
/// each other) would otherwise turn one client request into requests for as long as the client waits, thousands a
/// second, each a connection into the node and one out of it. The node's X-Forwarded-For does not grow (an untrusted
/// client's is replaced), so no header limit ends the loop; CDN-Loop is appended to at every hop, so the node can
/// count its own passes. Not <c>Via</c>, which RFC 9110 would suggest: nginx takes any request with a Via for a
/// proxied one and, by its default <c>gzip_proxied off</c>, stops compressing for it, where Traefik sends none.
/// </summary>
/// <param name="pseudonym">This node's name in CDN-Loop: drawn at random once per process, so that two nodes that
/// loop through each other each see their own.</param>
internal sealed class CdnLoop(string pseudonym)
{
    /// <summary>
    /// How many times a request may already have passed through this node: a chain that routes back on purpose (a
    /// router whose server is another entry point of the node) takes a pass or two; a loop reaches this at once.
    /// </summary>
    public const int MaxPasses = 10;

    public const string HeaderName = "CDN-Loop";

    /// <summary>This process's: a pseudonym no client can know before a server has echoed it back.</summary>
    public static CdnLoop OfThisProcess { get; } = new($"proxy-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");

    public string Pseudonym => pseudonym;

    /// <summary>The CDN-Loop to send: the client's entries (every line, in order) and then this node's.</summary>
    public string Appended(StringValues existing) => existing.Count switch
    {
        0 => pseudonym,
        1 => string.Concat(existing[0], ", ", pseudonym),
        _ => string.Join(", ", [.. existing, pseudonym]),
    };

    /// <summary>The CDN-Loop to send on for <paramref name="request"/>: what it arrived with, then this node's entry.</summary>
    public string AppendedTo(Microsoft.AspNetCore.Http.HttpRequest request) => Appended(request.Headers[HeaderName]);

    /// <summary>Whether a request whose CDN-Loop is <paramref name="lines"/> has passed through this node <see cref="MaxPasses"/> times.</summary>
    public bool Looped(StringValues lines)
    {
        if (lines.Count == 0)
        {
            return false; // a client's request: no CDN-Loop, one field read
        }

        var passes = 0;
        foreach (var line in lines)
        {
            foreach (var range in line.AsSpan().Split(','))
            {
                // An entry is "pseudonym[; parameters]".
                var entry = line.AsSpan()[range].Trim();
                var end = entry.IndexOfAny(';', ' ', '\t');
                if ((end < 0 ? entry : entry[..end]).SequenceEqual(pseudonym) && ++passes >= MaxPasses)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
