namespace Proxy.Node.Tests.Integration;

/// <summary>
/// One way a client can make a forwarded request fail without any fault of the server, played
/// over a raw connection to an entry point. <see cref="ExpectedStatus"/> is what the client reads
/// (null: nothing, it left or the response had started); <see cref="LoggedStatuses"/> what the
/// access log may record (null: not checked, the response had started). A class is played
/// against the entry point's port, and may watch the servers behind it to time its move.
/// </summary>
public sealed record ClientFailure(string Name, int? ExpectedStatus, int[]? LoggedStatuses, Func<int, IReadOnlyList<TestBackend>, Task<int?>> Play)
{
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Every class, by name: the tests take them as theory data.</summary>
    public static IReadOnlyDictionary<string, ClientFailure> All { get; } = new ClientFailure[]
    {
        // The proxy cannot build a request to the server from this authority: the client's fault, 400.
        new("bad-host-port", 400, [400], (port, _) => RequestAsync(port, "GET / HTTP/1.1\r\nHost: x:99999\r\nConnection: close\r\n\r\n")),

        // A chunk size that is not hex: Kestrel's body reader rejects it while the proxy streams it on.
        new("malformed-chunked-body", 400, [400], (port, _) => RequestAsync(
            port, "POST /upload HTTP/1.1\r\nHost: app\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n5\r\nhello\r\nzz\r\nworld\r\n0\r\n\r\n")),

        // Content-Length 1000, ten bytes, then the client ends its side: the body is short. Kestrel
        // takes the end of the request stream for the client leaving, nothing is answered; whether
        // the proxy sees a short body (400) or a client gone (499) first is a race.
        new("body-shorter-than-content-length", null, [400, 499], async (port, _) =>
        {
            await using var client = await RawClient.ConnectAsync(port);
            await client.SendAsync("POST /upload HTTP/1.1\r\nHost: app\r\nContent-Length: 1000\r\n\r\n0123456789");
            await Task.Delay(100);
            client.ShutdownSend();
            return await client.ReadStatusAsync(ReadTimeout);
        }),

        // The client dies (reset) while the server is reading its upload. Should the process stall
        // for longer than the proxy's timeout before the reset, the proxy was waiting on the client
        // for its body by then (408, as stalled-upload): the client's either way.
        new("reset-during-upload", null, [408, 499], async (port, _) =>
        {
            await using var client = await RawClient.ConnectAsync(port);
            await client.SendAsync("POST /upload HTTP/1.1\r\nHost: app\r\nTransfer-Encoding: chunked\r\n\r\n");
            await client.SendAsync("400\r\n" + new string('u', 1024) + "\r\n");
            await Task.Delay(200);
            client.Reset();
            return null;
        }),

        // The client resets after a first part of a large download.
        new("reset-during-download", null, null, async (port, _) =>
        {
            await using var client = await RawClient.ConnectAsync(port);
            await client.SendAsync("GET /big?size=20000000 HTTP/1.1\r\nHost: app\r\n\r\n");
            var status = await client.ReadStatusAsync(ReadTimeout);
            Assert.Equal(200, status);
            await client.ReadAsync(100_000);
            client.Reset();
            return null;
        }),

        // The client gives up while the server is still thinking, before any response header: it
        // resets as soon as a server has the request, so the proxy is waiting for the headers. The
        // server takes longer than the proxy's timeout, which is then the server's failure unless
        // the reset is seen first; a fixed delay before the reset left a stall of the process (a
        // loaded CI machine) time to let the timeout fire first, and the server was rightly counted.
        new("reset-before-response-headers", null, [499], async (port, servers) =>
        {
            var before = servers.Sum(s => s.Requests);
            await using var client = await RawClient.ConnectAsync(port);
            await client.SendAsync("GET /slow?ms=3000 HTTP/1.1\r\nHost: app\r\n\r\n");
            // Watched closely rather than at Eventually's 25 ms: each millisecond between the server
            // taking the request and the reset is one in which a stall can let the timeout win.
            var deadline = DateTime.UtcNow + ReadTimeout;
            while (servers.Sum(s => s.Requests) == before)
            {
                Assert.True(DateTime.UtcNow < deadline, "no server received the request");
                await Task.Delay(1);
            }

            client.Reset();
            return null;
        }),

        // Content-Length 1000 and ten bytes, then silence: the server waits for the rest, the
        // proxy's timeout fires while it waits on the client. Request Timeout, the client's.
        new("stalled-upload", 408, [408], async (port, _) =>
        {
            await using var client = await RawClient.ConnectAsync(port);
            await client.SendAsync("POST /upload HTTP/1.1\r\nHost: app\r\nContent-Length: 1000\r\n\r\n0123456789");
            return await client.ReadStatusAsync(ReadTimeout);
        }),

        // Expect: 100-continue, the go-ahead, and then no body at all.
        new("expect-continue-then-nothing", 408, [408], async (port, _) =>
        {
            await using var client = await RawClient.ConnectAsync(port);
            await client.SendAsync("POST /upload HTTP/1.1\r\nHost: app\r\nContent-Length: 1000\r\nExpect: 100-continue\r\n\r\n");
            var status = await client.ReadStatusAsync(ReadTimeout);
            return status == 100 ? await client.ReadStatusAsync(ReadTimeout) : status;
        }),

        // A large download the client stops reading: the proxy's timeout fires while it waits to write.
        new("stopped-reading-download", null, null, async (port, _) =>
        {
            await using var client = await RawClient.ConnectAsync(port, receiveBuffer: 4096);
            await client.SendAsync("GET /big?size=50000000 HTTP/1.1\r\nHost: app\r\n\r\n");
            Assert.Equal(200, await client.ReadStatusAsync(ReadTimeout));
            await Task.Delay(TimeSpan.FromSeconds(2));
            client.Reset();
            return null;
        }),

        // A WebSocket client that dies after the upgrade: the tunnel's client side breaks.
        new("websocket-client-reset", 101, [101], async (port, _) =>
        {
            await using var client = await RawClient.ConnectAsync(port);
            await client.SendAsync(WebSocketUpgrade);
            var status = await client.ReadStatusAsync(ReadTimeout);
            await Task.Delay(100);
            client.Reset();
            return status;
        }),

        // A WebSocket nobody speaks on for longer than the timeout: closed, and nobody's failure.
        new("websocket-idle", 101, [101], async (port, _) =>
        {
            await using var client = await RawClient.ConnectAsync(port);
            await client.SendAsync(WebSocketUpgrade);
            var status = await client.ReadStatusAsync(ReadTimeout);
            // The proxy closes the tunnel after its one-second timeout.
            await client.ReadAsync(int.MaxValue, ReadTimeout);
            return status;
        }),

        // A header value in UTF-8 outside ASCII: Kestrel takes it, and the proxy forwards it as it
        // came rather than failing the send (502, counted against the server).
        new("non-ascii-header-value", 200, [200], async (port, _) =>
        {
            await using var client = await RawClient.ConnectAsync(port);
            await client.SendAsync([.. System.Text.Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: app\r\nConnection: close\r\nX-Name: caf"), 0xC3, 0xA9, .. System.Text.Encoding.ASCII.GetBytes("\r\n\r\n")]);
            return await client.ReadStatusAsync(ReadTimeout);
        }),

        // A large upload to a path whose server answers at once without reading the body (as one
        // that refuses an upload with 401 or 413 does): the server answered; the rest of the body
        // had nowhere to go.
        new("upload-the-server-does-not-read", 200, [200], async (port, _) =>
        {
            await using var client = await RawClient.ConnectAsync(port);
            await client.SendAsync("POST /ignored HTTP/1.1\r\nHost: app\r\nContent-Length: 4194304\r\n\r\n");
            var chunk = new byte[64 * 1024];
            var sending = Task.Run(async () =>
            {
                try
                {
                    for (var i = 0; i < 64; i++)
                    {
                        await client.SendAsync(chunk);
                    }
                }
                catch (IOException)
                {
                    // The proxy may close the connection once the answer is out.
                }
            });
            var status = await client.ReadStatusAsync(ReadTimeout);
            client.Reset();
            await sending;
            return status;
        }),

        // Within the proxy's header count limit, over the server's once the proxy adds X-Forwarded-*:
        // the server answers 431, a 4xx it sent about the client's request.
        new("headers-the-server-rejects", 431, [431], (port, _) => RequestAsync(
            port,
            "GET / HTTP/1.1\r\nHost: app\r\nConnection: close\r\n"
            + string.Concat(Enumerable.Range(0, 96).Select(i => $"X-Filler-{i}: {i}\r\n")) + "\r\n")),
    }.ToDictionary(f => f.Name, StringComparer.Ordinal);

    private const string WebSocketUpgrade =
        "GET /ws HTTP/1.1\r\nHost: app\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    /// <summary>Plays the class once against the entry point at <paramref name="port"/>, whose router forwards to <paramref name="servers"/>.</summary>
    public Task<int?> PlayAsync(int port, params TestBackend[] servers) => Play(port, servers);

    public override string ToString() => Name;

    private static async Task<int?> RequestAsync(int port, string request)
    {
        await using var client = await RawClient.ConnectAsync(port);
        await client.SendAsync(request);
        return await client.ReadStatusAsync(ReadTimeout);
    }
}
