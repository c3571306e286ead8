using System.Collections.Concurrent;
using Proxy.Actors.Model;

namespace Proxy.Node.Hosting;

/// <summary>
/// The health probes' connection pools: one for the servers of services without a servers transport, one per
/// transport identity (its CAs, client certificates, server name), so that a server behind a private CA is probed
/// as its requests are sent and not found DOWN by a probe the node's default trust refuses. An identity no snapshot
/// names any more (an edited transport, a rotated file) is disposed by <see cref="Retain"/>: its handler holds the
/// transport's certificates and keys, and every edit would otherwise leave one behind.
/// </summary>
internal sealed class ProbeClients(Func<ServersTransportSpec?, HttpMessageInvoker> create)
{
    private readonly HttpMessageInvoker _default = create(null);
    private readonly ConcurrentDictionary<string, Lazy<HttpMessageInvoker>> _byTransport = new(StringComparer.Ordinal);

    public HttpMessageInvoker For(ServersTransportSpec? transport) =>
        transport is null
            ? _default
            : _byTransport.GetOrAdd(transport.Identity, _ => new Lazy<HttpMessageInvoker>(() => create(transport))).Value;

    /// <summary>
    /// Disposes the pools of the transport identities no server of <paramref name="snapshot"/> uses. A probe that was
    /// started through one just before fails, and is for a transport no longer served; a later probe through an old
    /// identity gets a fresh pool, dropped again at the next snapshot.
    /// </summary>
    public void Retain(RoutingSnapshot snapshot)
    {
        var live = snapshot.Services.Values
            .SelectMany(service => service.Servers)
            .Select(server => server.Transport?.Identity)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        foreach (var (identity, client) in _byTransport)
        {
            if (!live.Contains(identity) && _byTransport.TryRemove(KeyValuePair.Create(identity, client)) && client.IsValueCreated)
            {
                client.Value.Dispose();
            }
        }
    }
}
