using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Proxy.Node.ProxyProtocol;
using Proxy.Node.Tests.ProxyProtocol;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// Mutated PROXY headers (seed 1) from a trusted peer over real sockets, each followed by a request. A mutant
/// the parser reads as a whole header must be served (200); every other one is followed by the end of what the
/// peer sends, so that a header cut short is seen as such, and must be answered below 500 (505 for a request line
/// Kestrel cannot read) or closed, within two seconds. The node must serve a well-formed header afterwards.
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
            byte[] bytes = [.. header, .. Encoding.ASCII.GetBytes(ProxyProtocolClient.Request())];
            // A client's FIN aborts its request in Kestrel, so a whole header is sent without one: otherwise whether
            // it is served depends on which arrives first, the backend's answer or the abort.
            var whole = ProxyHeaderParser.Parse(bytes) is { Status: ProxyHeaderStatus.Parsed } parsed && parsed.Length == header.Length;
            var answer = await SendAsync(node.WebPort, bytes, endSending: !whole);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"input {index} took {watch.Elapsed}: {Convert.ToHexString(header)}");
            var status = answer.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) ? answer.Substring(9, 3) : "closed";
            Assert.True(!whole || status == "200", $"input {index}, a whole header, got {status}: {Convert.ToHexString(header)}");
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

    /// <summary>Writes <paramref name="bytes"/>, ends the sending side when asked (so a header cut short is seen as such), reads to the end.</summary>
    private static async Task<string> SendAsync(int port, byte[] bytes, bool endSending)
    {
        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        var stream = client.GetStream();
        using var received = new MemoryStream();
        try
        {
            await stream.WriteAsync(bytes, timeout.Token);
            if (endSending)
            {
                client.Client.Shutdown(SocketShutdown.Send);
            }

            await stream.CopyToAsync(received, timeout.Token);
        }
        catch (IOException)
        {
            // Reset by the node: a close.
        }

        return Encoding.Latin1.GetString(received.ToArray());
    }
}
