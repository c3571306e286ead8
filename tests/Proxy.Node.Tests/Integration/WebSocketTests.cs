using System.Net.WebSockets;
using System.Text;

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
}
