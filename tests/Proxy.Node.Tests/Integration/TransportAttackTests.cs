using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// A servers transport and the node's static timeouts at their extremes, and upgrades that are not WebSocket: each
/// must serve or be refused with an error, never fail every request nor open a tunnel the routing did not choose.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class TransportAttackTests
{
    /// <summary>
    /// A timeout far beyond what a .NET timer holds (about 49.7 days) is refused on the transport, as flushInterval's
    /// 24 h maximum is, rather than accepted and thrown by every request's timer.
    /// </summary>
    [Theory]
    [InlineData("dialTimeout")]
    [InlineData("responseHeaderTimeout")]
    [InlineData("idleConnTimeout")]
    public async Task Transport_TimeoutOf100000Hours_ServesOrIsAnErrorOnTheTransport(string field)
    {
        await using var backend = await TestBackend.StartAsync("b", 2);
        var yaml = "http:\n  routers:\n"
            + "    app:\n      rule: \"PathPrefix(`/`)\"\n      service: app\n"
            + "  services:\n"
            + "    app:\n      loadBalancer:\n" + Yaml.Servers(backend.Url) + "        serversTransport: long\n"
            + $"  serversTransports:\n    long:\n      forwardingTimeouts:\n        {field}: 100000h\n";
        await using var node = await TestNode.StartAsync(yaml);

        await Eventually.TrueAsync(
            async () =>
            {
                using var errors = await node.GetApiJsonAsync("/api/errors");
                var text = errors.RootElement.GetRawText();
                if (text.Contains("serversTransports.long", StringComparison.Ordinal))
                {
                    Assert.Contains("longer than the maximum", text, StringComparison.Ordinal);
                    return true;
                }

                using var response = await node.Client.GetAsync("/");
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return false;
                }

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return true;
            },
            "the transport refused with an error, or the request served");
    }

    /// <summary>
    /// The static response timeout at 0, Traefik's default (no limit) for this very option: every request must still
    /// be served, not cut at once with 504, and mirror copies and error pages not cancelled before they start.
    /// </summary>
    [Fact]
    public async Task StaticResponseHeaderTimeout_Zero_RequestsServed()
    {
        await using var backend = await TestBackend.StartAsync("b", 2);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(backend.Url)), ["app"], ["--serverstransport.forwardingtimeouts.responseheadertimeout=0"]);

        using var response = await node.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// h2c smuggling: a client asks for <c>Upgrade: h2c</c> and a server that agrees (101) would give it a raw tunnel to
    /// the server, where it could then ask for any path the node's routers and middlewares never saw. The node must not
    /// pass the h2c upgrade on: the server never sees an <c>Upgrade: h2c</c>, and the client never gets a 101.
    /// </summary>
    [Fact]
    public async Task Upgrade_H2cToAServerThatAgrees_NoTunnel()
    {
        using var server = await AgreeingUpgradeServer.StartAsync();
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(server.Url)), "app");

        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, node.WebPort);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "GET /public HTTP/1.1\r\nHost: app\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
            + "HTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n"));
        var head = await ReadHeadAsync(stream);

        Assert.DoesNotContain("101", head.Split("\r\n")[0], StringComparison.Ordinal);
        Assert.DoesNotContain(server.Heads, seen => seen.Contains("upgrade: h2c", StringComparison.OrdinalIgnoreCase));
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal)
            && await stream.ReadAsync(buffer, timeout.Token) == 1)
        {
            head.Append((char)buffer[0]);
        }

        return head.ToString();
    }

    /// <summary>A raw server that answers every request 101 for whatever protocol it asks, then echoes bytes: the worst server behind a proxy.</summary>
    private sealed class AgreeingUpgradeServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new();

        private AgreeingUpgradeServer(TcpListener listener) => _listener = listener;

        public System.Collections.Concurrent.ConcurrentQueue<string> Heads { get; } = new();

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

        public static Task<AgreeingUpgradeServer> StartAsync()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var server = new AgreeingUpgradeServer(listener);
            _ = server.AcceptAsync();
            return Task.FromResult(server);
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient connection;
                try
                {
                    connection = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = ServeAsync(connection);
            }
        }

        private async Task ServeAsync(TcpClient connection)
        {
            using (connection)
            {
                try
                {
                    var stream = connection.GetStream();
                    var head = await ReadHeadAsync(stream);
                    Heads.Enqueue(head);
                    var upgrade = head.Split("\r\n").FirstOrDefault(l => l.StartsWith("upgrade:", StringComparison.OrdinalIgnoreCase));
                    var answer = upgrade is null
                        ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                        : $"HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n{upgrade}\r\n\r\n";
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), _stop.Token);
                    if (upgrade is not null)
                    {
                        await stream.CopyToAsync(stream, _stop.Token);
                    }
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or SocketException or ObjectDisposedException)
                {
                }
            }
        }
    }
}
