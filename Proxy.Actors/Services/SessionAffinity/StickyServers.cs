using System.Collections.Frozen;
using System.Collections.Immutable;
using Proxy.Actors.Model;

namespace Proxy.Actors.Services.SessionAffinity;

/// <summary>
/// The sticky step of a pick, for one published snapshot of a service: the server a client's cookie names,
/// if that server may take the request now. It runs before the load-balancing policy; null sends the request to
/// the policy, and the response then carries the cookie of whichever server answered.
/// </summary>
public sealed class StickyServers
{
    private readonly FrozenDictionary<string, ServerSnapshot>.AlternateLookup<ReadOnlySpan<char>> _byValue;

    public StickyServers(StickyCookie cookie, ImmutableArray<ServerSnapshot> servers)
    {
        Cookie = cookie;
        _byValue = cookie.ByValue(servers, server => server.Url);
    }

    public StickyCookie Cookie { get; }

    /// <summary>
    /// The server the client is pinned to by one <c>Cookie</c> header line. Null when the line has no such cookie,
    /// when its value names no server (forged, or a server since removed), and when the server named is down,
    /// draining or held out: a pin never outranks health.
    /// </summary>
    public ServerSnapshot? Pinned(string? cookieHeader, out bool found)
    {
        found = false;
        if (cookieHeader is null || !CookieHeader.TryFind(cookieHeader, Cookie.Name, out var value))
        {
            return null;
        }

        found = true;
        return value.Length == StickyCookie.ValueLength && _byValue.TryGetValue(value, out var server) && server.IsAvailable
            ? server
            : null;
    }
}
