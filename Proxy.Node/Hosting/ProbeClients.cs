using System.Collections.Concurrent;
using Proxy.Actors.Model;

namespace Proxy.Node.Hosting;

/// <summary>
/// The health probes' connection pools: one for the servers of services without a servers transport, one per
/// transport identity (its CAs, client certificates, server name), so that a server behind a private CA is probed
/// as its requests are sent and not found DOWN by a probe the node's default trust refuses. An identity no longer
/// used keeps only an empty pool: its connections close after the transport's idle timeout.
/// </summary>
internal sealed class ProbeClients(TimeSpan connectTimeout)
{
    private readonly HttpMessageInvoker _default = BackendClient.Create(connectTimeout);
    private readonly ConcurrentDictionary<string, Lazy<HttpMessageInvoker>> _byTransport = new(StringComparer.Ordinal);

    public HttpMessageInvoker For(ServersTransportSpec? transport) =>
        transport is null
            ? _default
            : _byTransport.GetOrAdd(transport.Identity, _ => new Lazy<HttpMessageInvoker>(() => BackendClient.Create(connectTimeout, transport))).Value;
}
