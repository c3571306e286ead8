namespace Proxy.Node.Middlewares.Auth;

/// <summary>
/// The node's pools to auth servers: one for every forwardAuth without <c>tls</c>, and one per distinct client TLS
/// material (same CAs, client certificate and switch), shared by every router and rebuild that loads the same files.
/// A TLS pool is held only weakly here: the handlers of the routers' chains hold it, so once a rotated file (new
/// material, a pool of its own) or a removed router leaves no chain using the old one, the collector takes it, its
/// connections having idled away (60 s), and its certificates' finalizers free their keys. A node that rotates its
/// files daily so keeps the pools its chains use, not one per rotation.
/// </summary>
internal sealed class AuthServerClients : IDisposable
{
    private readonly Lazy<AuthServerClient> _plain = new(() => new AuthServerClient());
    private readonly Dictionary<string, WeakReference<AuthServerClient>> _byTls = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>The pool for <paramref name="tls"/>, which it owns from now on (disposed here when a pool for the same material exists).</summary>
    public AuthServerClient For(Proxy.Actors.Tls.ClientTlsMaterial? tls)
    {
        if (tls is null)
        {
            return _plain.Value;
        }

        lock (_lock)
        {
            // Chains are built at configuration time, not per request: sweeping here costs nothing on the request path.
            foreach (var (identity, weak) in _byTls)
            {
                if (!weak.TryGetTarget(out _))
                {
                    _byTls.Remove(identity);
                }
            }

            if (_byTls.TryGetValue(tls.Identity, out var existing) && existing.TryGetTarget(out var client))
            {
                tls.Dispose();
                return client;
            }

            // A constructor that throws leaves nothing behind: the next chain built with these files tries again.
            AuthServerClient created;
            try
            {
                created = new AuthServerClient(tls);
            }
            catch
            {
                tls.Dispose();
                throw;
            }

            _byTls[tls.Identity] = new WeakReference<AuthServerClient>(created);
            return created;
        }
    }

    /// <summary>How many TLS pools some chain still holds: for tests.</summary>
    internal int LiveTlsPools
    {
        get
        {
            lock (_lock)
            {
                return _byTls.Values.Count(weak => weak.TryGetTarget(out _));
            }
        }
    }

    public void Dispose()
    {
        if (_plain.IsValueCreated)
        {
            _plain.Value.Dispose();
        }

        lock (_lock)
        {
            foreach (var weak in _byTls.Values)
            {
                if (weak.TryGetTarget(out var client))
                {
                    client.Dispose();
                }
            }

            _byTls.Clear();
        }
    }
}
