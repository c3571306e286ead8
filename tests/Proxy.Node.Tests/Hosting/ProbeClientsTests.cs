using Akka.Actor;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Tls;
using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

/// <summary>When the health probes' pool for a servers transport is let go: once no server of the snapshot uses that transport identity.</summary>
public sealed class ProbeClientsTests
{
    private readonly List<(ServersTransportSpec? Transport, RecordingInvoker Invoker)> _created = [];

    private ProbeClients NewClients() => new(transport =>
    {
        var invoker = new RecordingInvoker();
        _created.Add((transport, invoker));
        return invoker;
    });

    private static ServersTransportSpec Transport(string serverName) =>
        new("tr@file", ServersTransportConfig.Empty with { ServerName = serverName }, new ServersTransportMaterial(null, []));

    private static RoutingSnapshot Snapshot(params ServersTransportSpec?[] transports) => RoutingSnapshot.Empty with
    {
        Services = RoutingSnapshot.Empty.Services.Add("web@file", new ServiceSnapshot(
            "web@file",
            false,
            [.. transports.Select(t => new ServerSnapshot("https://127.0.0.31:8443", "https://127.0.0.31:8443", 1, ServerHealth.Up, string.Empty, ActorRefs.Nobody, new ServerCounters()) { Transport = t })],
            [.. transports.Select((_, i) => i)],
            true,
            new LoadBalancerCursor())),
    };

    [Fact]
    public void Retain_TransportEdited_OldIdentitysPoolDisposedNewAndDefaultKept()
    {
        var clients = NewClients();
        var before = Transport("api.internal");
        var after = Transport("api2.internal");
        var old = clients.For(before);
        clients.Retain(Snapshot(before));
        Assert.Same(old, clients.For(before));

        var edited = clients.For(after);
        clients.Retain(Snapshot(after, null));

        Assert.True(((RecordingInvoker)old).Disposed);
        Assert.False(((RecordingInvoker)edited).Disposed);
        Assert.Same(edited, clients.For(after));
        Assert.False(((RecordingInvoker)clients.For(null)).Disposed);
        Assert.NotSame(old, clients.For(before));
    }

    /// <summary>A real invoker (never sent through here) that tells whether it was disposed, which frees its handler and certificates.</summary>
    private sealed class RecordingInvoker() : HttpMessageInvoker(new SocketsHttpHandler())
    {
        public bool Disposed { get; private set; }

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }
    }
}
