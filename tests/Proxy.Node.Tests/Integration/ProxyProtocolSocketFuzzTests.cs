using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Proxy.Node.Tests.ProxyProtocol;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// Mutated PROXY headers (seed 1) from a trusted peer over real sockets, each followed by a request and the
/// end of what the peer sends: each connection must be answered below 500 (505 for a request line Kestrel cannot read) or closed, within two seconds,
/// and the node must serve a well-formed header afterwards.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ProxyProtocolSocketFuzzTests
{
    [Fact]
    public async Task EntryPoint_FiveHundredMutatedHeaders_AnsweredOrClosedQuicklyAndStillServing()
    {
        await using var backend = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(backend.Url)), ["app"], ["--entrypoints.web.proxyprotocol.trustedips=127.0.0.1"]);
        var random = new Random(1);
        int[] headers = [0, 1, 2, 5, 6, 7];
        var inputs = Enumerable.Range(0, 500).Select(_ => ProxyHeaderParserFuzzTests.Mutate(ProxyHeaderParserFuzzTests.Seeds[headers[random.Next(headers.Length)]], random)).ToArray();
        var statuses = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();

        await Parallel.ForEachAsync(inputs.Index(), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, _) =>
        {
            var (index, header) = item;
            var watch = Stopwatch.StartNew();
            var answer = await SendAndCloseAsync(node.WebPort, [.. header, .. Encoding.ASCII.GetBytes(ProxyProtocolClient.Request())]);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"input {index} took {watch.Elapsed}: {Convert.ToHexString(header)}");
            var status = answer.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? answer.Substring(9, 3) : "closed";
            // 505 is Kestrel's answer to bytes that are no header and whose request line names no HTTP version it knows.
            Assert.True(status is "closed" or "505" || status[0] < '5', $"input {index} got {status}: {Convert.ToHexString(header)}");
            statuses.AddOrUpdate(status, 1, (_, count) => count + 1);
        });

        Assert.Contains("closed", statuses.Keys);
        Assert.Contains("200", statuses.Keys);
        Assert.Equal(200, await ProxyProtocolClient.SendAsync(
            node.WebPort, ProxyHeaderBytes.V2(IPEndPoint.Parse("198.51.100.1:1"), IPEndPoint.Parse("10.0.0.2:80"))));
        Assert.Equal("198.51.100.1", backend.Received.Last().Headers["X-Forwarded-For"]);
    }

    /// <summary>Writes <paramref name="bytes"/>, ends the sending side (so a header cut short is seen as such), reads to the end.</summary>
    private static async Task<string> SendAndCloseAsync(int port, byte[] bytes)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        var stream = client.GetStream();
        using var received = new MemoryStream();
        try
        {
            await stream.WriteAsync(bytes, timeout.Token);
            client.Client.Shutdown(SocketShutdown.Send);
            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException)
        {
            // Reset by the node: a close.
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }
}
