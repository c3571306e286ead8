using System.Collections.Concurrent;
using Proxy.Actors.Model;

namespace Proxy.Node.Forwarding;

/// <summary>
/// The node's connections to its servers, one pool (an <see cref="HttpMessageInvoker"/>) per server address and
/// servers transport (<see cref="ServerSnapshot.PoolKey"/>), so that a server's can be closed on their own. When a snapshot drains or removes a server, its pool is
/// closed once the requests that rented it finish: an idle connection the node keeps, above all one that
/// SocketsHttpHandler opened for a request another connection then served, is one nginx's graceful quit
/// waits on until client_header_timeout, and the drained container's stop would last until SIGKILL.
/// </summary>
/// <param name="create">A pool through a servers transport; null: the node's default transport.</param>
public sealed class BackendInvokers(Func<ServersTransportSpec?, HttpMessageInvoker> create) : IDisposable
{
    public BackendInvokers(Func<HttpMessageInvoker> create)
        : this(_ => create())
    {
    }

    private readonly ConcurrentDictionary<string, Pool> _pools = new(StringComparer.Ordinal);

    // The addresses of the last snapshot's servers that may take requests, never changed once published
    // (a HashSet: built on every publication, read only when a pool is created); null until the first.
    private HashSet<string>? _live;

    /// <summary>
    /// The pool of <paramref name="destinationPrefix"/> for one request: dispose the lease once the request is done
    /// with the connection (the response body sent on). A server the last snapshot drained or removed gets a pool
    /// of its own that is closed with the lease (a request that read the snapshot before it changed).
    /// </summary>
    public Lease Rent(ServerSnapshot server) => Rent(server.PoolKey, server.Transport);

    /// <param name="destinationPrefix">The pool's key: the server's address, with its transport's identity when it has one.</param>
    /// <param name="transport">The transport a new pool connects through.</param>
    public Lease Rent(string destinationPrefix, ServersTransportSpec? transport = null)
    {
        while (true)
        {
            if (_pools.TryGetValue(destinationPrefix, out var pool))
            {
                if (pool.TryAcquire())
                {
                    return new Lease(pool);
                }

                // Retired since the lookup: it leaves the table (if Retain has not removed it already).
                _pools.TryRemove(KeyValuePair.Create(destinationPrefix, pool));
                continue;
            }

            var fresh = new Pool(create(transport));
            fresh.TryAcquire();
            if (!IsLive(destinationPrefix))
            {
                fresh.Retire();
                return new Lease(fresh);
            }

            if (!_pools.TryAdd(destinationPrefix, fresh))
            {
                fresh.Retire();
                fresh.Release();
                continue;
            }

            // Retain may have published a set without this address and passed over the table before the add.
            Interlocked.MemoryBarrier();
            if (!IsLive(destinationPrefix))
            {
                fresh.Retire();
                _pools.TryRemove(KeyValuePair.Create(destinationPrefix, fresh));
            }

            return new Lease(fresh);
        }
    }

    /// <summary>
    /// Closes, once their requests finish, the pools of the servers <paramref name="snapshot"/> drains or no longer has.
    /// A server that is down keeps its pool: it may come back, or be tried as a last resort.
    /// </summary>
    public void Retain(RoutingSnapshot snapshot)
    {
        var live = snapshot.Services.Values
            .SelectMany(service => service.Servers)
            .Where(server => server.Health != ServerHealth.Draining)
            .Select(server => server.PoolKey)
            .ToHashSet(StringComparer.Ordinal);
        Interlocked.Exchange(ref _live, live);
        foreach (var (destination, pool) in _pools)
        {
            if (!live.Contains(destination) && _pools.TryRemove(KeyValuePair.Create(destination, pool)))
            {
                pool.Retire();
            }
        }
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _live, new HashSet<string>(StringComparer.Ordinal));
        foreach (var (destination, pool) in _pools)
        {
            if (_pools.TryRemove(KeyValuePair.Create(destination, pool)))
            {
                pool.Retire();
            }
        }
    }

    // Before the first snapshot nothing is drained.
    private bool IsLive(string destinationPrefix) => Volatile.Read(ref _live) is not { } live || live.Contains(destinationPrefix);

    /// <summary>A request's hold on a pool: the pool is not closed while it is held.</summary>
    public readonly struct Lease : IDisposable
    {
        private readonly Pool _pool;

        internal Lease(Pool pool) => _pool = pool;

        public HttpMessageInvoker Invoker => _pool.Invoker;

        public void Dispose() => _pool.Release();
    }

    /// <summary>
    /// One server's invoker and how many requests hold it, with a flag bit for retired: retired and held by
    /// nobody, it is disposed, which closes its idle connections at once (the busy ones close when their
    /// request is done with them). Interlocked only: the request path takes no lock.
    /// </summary>
    internal sealed class Pool(HttpMessageInvoker invoker)
    {
        private const int Retired = 1 << 30;
        private int _state;
        private int _closed;

        public HttpMessageInvoker Invoker { get; } = invoker;

        public bool TryAcquire()
        {
            if ((Interlocked.Increment(ref _state) & Retired) == 0)
            {
                return true;
            }

            Release();
            return false;
        }

        public void Release()
        {
            if (Interlocked.Decrement(ref _state) == Retired)
            {
                Close();
            }
        }

        public void Retire()
        {
            if (Interlocked.Or(ref _state, Retired) == 0)
            {
                Close();
            }
        }

        private void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                Invoker.Dispose();
            }
        }
    }
}
