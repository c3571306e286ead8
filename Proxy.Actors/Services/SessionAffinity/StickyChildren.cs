using System.Collections.Frozen;
using System.Collections.Immutable;
using Proxy.Actors.Model;

namespace Proxy.Actors.Services.SessionAffinity;

/// <summary>
/// A weighted service's own sticky cookie, for one published snapshot: the child a client's cookie names, and the
/// <c>Set-Cookie</c> that pins a client to a child. A child's value is <see cref="StickyCookie.ValueOf"/> of its
/// qualified name, so every node names a child alike, as a load balancer's cookie names a server by its URL.
/// Whether the child named may take the request is the policy's to say (<see cref="Services.Composite.CompositePolicy"/>).
/// </summary>
public sealed class StickyChildren
{
    private readonly FrozenDictionary<string, ServiceSnapshot>.AlternateLookup<ReadOnlySpan<char>> _byValue;

    /// <param name="children">The children that take requests (weight above zero): a child of weight 0 gets no client, pinned or new.</param>
    public StickyChildren(StickyCookie cookie, ImmutableArray<ServiceSnapshot> children)
    {
        Cookie = cookie;
        _byValue = cookie.ByValue(children, child => child.Name);
    }

    public StickyCookie Cookie { get; }

    /// <summary>
    /// The child the client's first cookie of this name names; null when there is none, and when its value names no
    /// child (forged, or a child since removed or weighted 0).
    /// </summary>
    public ServiceSnapshot? Named(ReadOnlySpan<string?> cookieLines) =>
        CookieHeader.TryFind(cookieLines, Cookie.Name, out var value)
        && value.Length == StickyCookie.ValueLength
        && _byValue.TryGetValue(value, out var child)
            ? child
            : null;

    /// <summary>The <c>Set-Cookie</c> header value that pins a client to <paramref name="child"/>.</summary>
    public string SetCookieFor(ServiceSnapshot child) =>
        Cookie.SetCookieFor(child.Name) ?? throw new ArgumentException($"'{child.Name}' is no child of this weighted service", nameof(child));
}
