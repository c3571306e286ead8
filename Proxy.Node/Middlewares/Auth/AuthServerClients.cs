using System.Collections.Concurrent;
using Proxy.Actors.Tls;

namespace Proxy.Node.Middlewares.Auth;

/// <summary>
/// The node's pools to auth servers: one for every forwardAuth without <c>tls</c>, and one per distinct client TLS
/// material (same CAs, client certificate and switch), shared by every router and rebuild that loads the same files.
/// A rotated file is new material and gets a pool of its own; the old one idles its connections away (60 s) and is
/// disposed with the node.
/// </summary>
internal sealed class AuthServerClients : IDisposable
{
    private readonly Lazy<AuthServerClient> _plain = new(() => new AuthServerClient());
    private readonly ConcurrentDictionary<string, Lazy<AuthServerClient>> _byTls = new(StringComparer.Ordinal);

    /// <summary>The pool for <paramref name="tls"/>, which it owns from now on (disposed here when a pool for the same material exists).</summary>
    public AuthServerClient For(ClientTlsMaterial? tls)
    {
        if (tls is null)
        {
            return _plain.Value;
        }

        var client = _byTls.GetOrAdd(tls.Identity, static (_, material) => new Lazy<AuthServerClient>(() => new AuthServerClient(material)), tls).Value;
        if (!ReferenceEquals(client.Tls, tls))
        {
            tls.Dispose();
        }

        return client;
    }

    public void Dispose()
    {
        if (_plain.IsValueCreated)
        {
            _plain.Value.Dispose();
        }

        foreach (var client in _byTls.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
    }
}
