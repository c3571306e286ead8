using System.Net;
using System.Net.Security;
using System.Net.WebSockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Proxy.Actors.Tls;
using Proxy.Node.Tests.Integration.Grpc;
using Proxy.Node.Tests.Integration.Https;

namespace Proxy.Node.Tests.Integration;

[Collection(IntegrationCollection.Name)]
public sealed class WebSocketTests
{
    [Fact]
    public async Task WebSocket_EchoThroughProxy_MessagesComeBack()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(Yaml.SingleRoute(Yaml.Servers(a.Url)), "app");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var socket = new ClientWebSocket();
        socket.Options.Proxy = null;

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{node.WebPort}/ws"), timeout.Token);
        var buffer = new byte[64 * 1024];
        foreach (var text in new[] { "hello", "through the proxy", new string('x', 40_000) })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            var received = new StringBuilder();
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
                received.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
            while (!result.EndOfMessage);

            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            Assert.Equal(text, received.ToString());
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        Assert.Equal(WebSocketState.Closed, socket.State);
    }

    /// <summary>
    /// RFC 8441: a WebSocket opened by an extended CONNECT on the node's HTTP/2 connection (a TLS one: plain
    /// connections speak HTTP/1.1 only), forwarded to an HTTP/1.1 server as an upgrade.
    /// </summary>
    [Fact]
    public async Task WebSocket_OverHttp2ExtendedConnect_MessagesComeBack()
    {
        using var lab = new HttpsLab();
        await using var a = await TestBackend.StartAsync("a", 2);
        var yaml = "http:\n  routers:\n    ws:\n      rule: \"Host(`ws.test`)\"\n      service: app\n      tls: {}\n"
            + "  services:\n    app:\n      loadBalancer:\n" + Yaml.Servers(a.Url)
            + HttpsLab.TlsSection([lab.Server("ws", "ws.test")]);
        await using var node = await TestNode.StartAsync(yaml, "ws");
        await Eventually.TrueAsync(
            () => node.Services.GetRequiredService<CertificateCell>().Current.Match("ws.test") is not null, "the certificate to reach the handshakes");
        using var invoker = new HttpMessageInvoker(GrpcClient.Handler(node.WebPort, new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) => CaTrust.Chains(certificate, lab.Ca),
        }));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version20;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        socket.Options.CollectHttpResponseDetails = true;

        await socket.ConnectAsync(new Uri($"wss://ws.test:{node.WebPort}/ws"), invoker, timeout.Token);

        // An extended CONNECT is answered 200, where an HTTP/1.1 upgrade is answered 101.
        Assert.Equal(HttpStatusCode.OK, socket.HttpStatusCode);
        var buffer = new byte[64 * 1024];
        foreach (var text in new[] { "over HTTP/2", new string('h', 40_000) })
        {
            await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
            var received = new StringBuilder();
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
                received.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
            }
            while (!result.EndOfMessage);

            Assert.Equal(text, received.ToString());
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        Assert.Equal(WebSocketState.Closed, socket.State);
    }
}
