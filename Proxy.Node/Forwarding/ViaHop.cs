using System.Security.Cryptography;
using Microsoft.Extensions.Primitives;

namespace Proxy.Node.Forwarding;

/// <summary>
/// The node's entry in the <c>Via</c> header of every request it sends to a server (RFC 9110 section 7.6.3: a gateway
/// sends one on what it forwards), under a pseudonym rather than the host's name, and the loop check it makes
/// possible. A server that is the node itself (a container label naming the node's own address, a mirror or an error
/// page pointing back at it, two nodes of a cluster naming each other) would otherwise turn one client request into
/// requests for as long as the client waits, thousands a second, each a connection into the node and one out of it.
/// The node's X-Forwarded-For does not grow (an untrusted client's is replaced), so no header limit ends the loop;
/// Via is appended to at every hop, so the node can count its own passes.
/// </summary>
/// <param name="pseudonym">This node's name in Via: drawn at random once per process, so that two nodes that loop
/// through each other each see their own.</param>
internal sealed class ViaHop(string pseudonym)
{
    /// <summary>
    /// How many times a request may already have passed through this node: a chain that routes back on purpose (a
    /// router whose server is another entry point of the node) takes a pass or two; a loop reaches this at once.
    /// </summary>
    public const int MaxPasses = 10;

    public const string HeaderName = "Via";

    private readonly string _http10 = $"1.0 {pseudonym}";
    private readonly string _http11 = $"1.1 {pseudonym}";
    private readonly string _http2 = $"2 {pseudonym}";
    private readonly string _http3 = $"3 {pseudonym}";

    /// <summary>This process's: a pseudonym no client can know before a server has echoed it back.</summary>
    public static ViaHop OfThisProcess { get; } = new($"proxy-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");

    public string Pseudonym => pseudonym;

    /// <summary>The Via to send: the client's entries (every line, in order) and then this node's, received in <paramref name="protocol"/>.</summary>
    public string Appended(StringValues existing, string protocol)
    {
        var own = protocol switch
        {
            "HTTP/2" => _http2,
            "HTTP/3" => _http3,
            "HTTP/1.0" => _http10,
            _ => _http11,
        };
        return existing.Count switch
        {
            0 => own,
            1 => string.Concat(existing[0], ", ", own),
            _ => string.Join(", ", [.. existing, own]),
        };
    }

    /// <summary>Whether a request whose Via is <paramref name="via"/> has passed through this node <see cref="MaxPasses"/> times.</summary>
    public bool Looped(StringValues via)
    {
        if (via.Count == 0)
        {
            return false; // a client's request: no Via, one field read
        }

        var passes = 0;
        foreach (var line in via)
        {
            foreach (var range in line.AsSpan().Split(','))
            {
                // An entry is "protocol received-by [comment]": the pseudonym is its second word.
                var entry = line.AsSpan()[range].Trim();
                var space = entry.IndexOf(' ');
                if (space < 0)
                {
                    continue;
                }

                var receivedBy = entry[(space + 1)..].TrimStart();
                var end = receivedBy.IndexOfAny(' ', '\t');
                if ((end < 0 ? receivedBy : receivedBy[..end]).SequenceEqual(pseudonym) && ++passes >= MaxPasses)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
