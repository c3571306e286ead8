using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// Requests a client shapes against a mirroring service: methods without a body or without a path, and a client that
/// leaves in the middle of its body. The client gets an answer (or its connection ends), a mirror never gets a copy
/// of a body the client did not send whole, and the node keeps serving.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class CompositeRequestEdgeTests
{
    [Fact]
    public async Task Mirroring_HeadOptionsAndConnect_AnsweredCopiedAndNoTunnel()
    {
        await using var main = await TestBackend.StartAsync("main", 2);
        await using var mirror = await TestBackend.StartAsync("mirror", 3);
        await using var node = await TestNode.StartAsync(Mirroring(main, mirror), "app");

        foreach (var method in new[] { HttpMethod.Head, HttpMethod.Options })
        {
            using var response = await node.Client.SendAsync(new HttpRequestMessage(method, "/m"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // CONNECT names a host of the client's choosing: whatever the node answers, it is no tunnel to it.
        await using (var raw = await RawClient.ConnectAsync(node.WebPort))
        {
            await raw.SendAsync("CONNECT 127.0.0.9:22 HTTP/1.1\r\nHost: 127.0.0.9:22\r\n\r\n");
            var status = await raw.ReadStatusAsync(TimeSpan.FromSeconds(10));
            Assert.True(status is null or >= 400, $"CONNECT answered {status}");
        }

        await Eventually.TrueAsync(() => mirror.Received.Count(r => r.Method is "HEAD" or "OPTIONS") == 2, "the HEAD and OPTIONS copies at the mirror");
        Assert.Equal("main", await node.Client.GetStringAsync("/after"));
        // A copy of the CONNECT went out before the main request was refused: a mirror that is a forward proxy would
        // have opened a connection to the host the client named.
        Assert.DoesNotContain(mirror.Received, r => r.Method == "CONNECT");
        Assert.DoesNotContain(main.Received, r => r.Method == "CONNECT");
    }

    [Fact]
    public async Task Mirroring_ClientGoneMidBody_NoPartialCopyAndTheNodeServesOn()
    {
        await using var main = await TestBackend.StartAsync("main", 2);
        await using var mirror = await TestBackend.StartAsync("mirror", 3);
        await using var node = await TestNode.StartAsync(Mirroring(main, mirror), "app");

        foreach (var leave in new Func<RawClient, ValueTask>[] { raw => raw.DisposeAsync(), raw => { raw.Reset(); return ValueTask.CompletedTask; } })
        {
            var raw = await RawClient.ConnectAsync(node.WebPort);
            await raw.SendAsync("POST /upload HTTP/1.1\r\nHost: a.test\r\nContent-Length: 100000\r\n\r\n");
            await raw.SendAsync(RandomNumberGenerator.GetBytes(1000));
            await leave(raw);
            await raw.DisposeAsync();
        }

        var body = RandomNumberGenerator.GetBytes(5000);
        using var response = await node.Client.PostAsync("/upload", new ByteArrayContent(body));
        var hash = $"{body.Length}:{Convert.ToHexString(SHA256.HashData(body))}";
        Assert.Equal(hash, await response.Content.ReadAsStringAsync());
        await Eventually.TrueAsync(() => mirror.Uploads.Count >= 1, "the whole body's copy at the mirror");
        Assert.Equal([hash], mirror.Uploads);
        Assert.Equal([hash], main.Uploads);
    }

    [Fact]
    public async Task Mirroring_WebSocket_EchoedByTheMainMirrorGetsAPlainGet()
    {
        await using var main = await TestBackend.StartAsync("main", 2);
        await using var mirror = await TestBackend.StartAsync("mirror", 3);
        await using var node = await TestNode.StartAsync(Mirroring(main, mirror), "app");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var socket = new ClientWebSocket();
        socket.Options.Proxy = null;

        await socket.ConnectAsync(new Uri($"ws://127.0.0.1:{node.WebPort}/ws"), timeout.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var buffer = new byte[1024];
        var result = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);

        Assert.Equal("hello", Encoding.UTF8.GetString(buffer, 0, result.Count));
        // The copy carries no Upgrade (a hop-by-hop header): one GET, answered and thrown away, no second socket.
        await Eventually.TrueAsync(() => mirror.Received.Any(r => r.Path == "/ws"), "the copy at the mirror");
        var copy = Assert.Single(mirror.Received, r => r.Path == "/ws");
        Assert.Equal("GET", copy.Method);
        Assert.DoesNotContain(copy.Headers.Keys, name => name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase));
    }

    private static string Mirroring(TestBackend main, TestBackend mirror) =>
        "http:\n"
        + "  routers:\n"
        + "    app:\n"
        + "      rule: \"PathPrefix(`/`)\"\n"
        + "      service: shadow\n"
        + "  services:\n"
        + "    shadow:\n"
        + "      mirroring:\n"
        + "        service: main\n"
        + "        mirrors:\n"
        + "          - name: mirror\n"
        + "            percent: 100\n"
        + $"    main:\n      loadBalancer:\n{Yaml.Servers(main.Url)}"
        + $"    mirror:\n      loadBalancer:\n{Yaml.Servers(mirror.Url)}";
}
