using System.Net.WebSockets;
using System.Text;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// A WebSocket open to a server that is drained the way Docker drains it: the container's stop signal (the first
/// <c>kill</c> event of <c>docker stop</c>). The open socket is the client's until it closes it: messages go both
/// ways while the server is DRAINING, though the node retires the server's connection pool at the drain; new
/// sockets go to the other server. Each container carries only the labels and the stop: its process (PID 1
/// <c>sleep</c>, which the stop signal does not end) stays for the grace period, as a server finishing its work
/// does, and its server is a real Kestrel WebSocket echo in the test on the address the labels give.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class WebSocketDrainTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    [DockerFact(Timeout = 180_000)]
    public async Task WebSocket_ServerDrainedWhileOpen_KeepsWorkingUntilClosedAndNewOnesGoElsewhere()
    {
        DockerCli.Require();
        var id = Guid.NewGuid().ToString("N")[..8];
        var drained = $"proxywsdrain-{id}-a";
        var staying = $"proxywsdrain-{id}-b";
        var service = $"ws{id}@docker";
        await using var a = await TestBackend.StartAsync(drained, 121);
        await using var b = await TestBackend.StartAsync(staying, 122);
        using var node = DockerNode.Start();
        var entry = new Uri($"ws://127.0.0.1:{new Uri(node.WebUrl).Port}/ws?t={id}");
        Task<string>? stop = null;
        try
        {
            foreach (var (name, url) in new[] { (drained, a.Url), (staying, b.Url) })
            {
                await DockerCli.DockerAsync(
                    "run", "-d", "--name", name, "--network", "host", "-v", "/usr:/usr:ro",
                    "--label", $"proxy.http.routers.ws{id}.rule=Path(`/ws`) && Query(`t`, `{id}`)",
                    "--label", $"proxy.http.services.ws{id}.loadbalancer.server.url={url}",
                    "--entrypoint", "/usr/bin/sleep", "proxy-test-base:latest", "600");
            }

            await node.EventuallyAsync(async () => (await node.ServersUpAsync(service)).Count == 2, $"both servers of {service} UP", Step);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            using var open = await ConnectToAsync(entry, drained, timeout.Token);
            await EchoAsync(open, "before the drain", timeout.Token);

            stop = DockerCli.DockerAsync("stop", "-t", "90", drained);
            await node.EventuallyAsync(async () => await ServerStatus.ReadAsync(node.Api, service, a.Url) == "DRAINING", $"{a.Url} DRAINING", Step);

            // New sockets: all to the other server.
            for (var i = 0; i < 4; i++)
            {
                var (fresh, backend) = await ConnectAsync(entry, timeout.Token);
                using (fresh)
                {
                    Assert.Equal(staying, backend);
                    await EchoAsync(fresh, $"new socket {i}", timeout.Token);
                    await fresh.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
                }
            }

            // The open one: both ways, small and large messages, for as long as the client keeps it.
            foreach (var text in new[] { "while drained", new string('d', 40_000), "still here" })
            {
                await EchoAsync(open, text, timeout.Token);
            }

            await open.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
            Assert.Equal(WebSocketState.Closed, open.State);
            Assert.Equal(WebSocketCloseStatus.NormalClosure, open.CloseStatus);
        }
        finally
        {
            await DockerCli.DockerAsync("rm", "-f", drained, staying);
            if (stop is not null)
            {
                await Task.WhenAny(stop, Task.Delay(TimeSpan.FromSeconds(10)));
            }
        }
    }

    /// <summary>Opens sockets through the node until one is served by <paramref name="backend"/> (round robin alternates).</summary>
    private static async Task<ClientWebSocket> ConnectToAsync(Uri entry, string backend, CancellationToken cancellation)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var (socket, served) = await ConnectAsync(entry, cancellation);
            if (served == backend)
            {
                return socket;
            }

            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "not this one", cancellation);
            socket.Dispose();
        }

        throw new InvalidOperationException($"four WebSockets through the node, none to {backend}");
    }

    private static async Task<(ClientWebSocket Socket, string? Backend)> ConnectAsync(Uri entry, CancellationToken cancellation)
    {
        var socket = new ClientWebSocket();
        socket.Options.Proxy = null;
        socket.Options.CollectHttpResponseDetails = true;
        await socket.ConnectAsync(entry, cancellation);
        var backend = socket.HttpResponseHeaders?
            .FirstOrDefault(h => string.Equals(h.Key, TestBackend.NameHeader, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        return (socket, backend);
    }

    private static async Task EchoAsync(ClientWebSocket socket, string text, CancellationToken cancellation)
    {
        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellation);
        var buffer = new byte[64 * 1024];
        var received = new StringBuilder();
        ValueWebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer.AsMemory(), cancellation);
            received.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        while (!result.EndOfMessage);

        Assert.Equal(text, received.ToString());
    }
}
