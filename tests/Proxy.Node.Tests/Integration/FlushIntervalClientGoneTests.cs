namespace Proxy.Node.Tests.Integration;

/// <summary>
/// Clients that leave while <c>responseForwarding.flushInterval</c> holds part of their response: the held bytes,
/// the timer and the response go with the request, and no timer fires into a finished response (which would
/// throw on a pool thread, out of any request).
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class FlushIntervalClientGoneTests
{
    [Fact]
    public async Task FlushInterval_ClientsLeavingWhilePiecesAreHeld_NodeServesOnAndTheServerSeesThemGo()
    {
        await using var a = await TestBackend.StartAsync("a", 2);
        await using var node = await TestNode.StartAsync(
            Yaml.SingleRoute(Yaml.Servers(a.Url), loadBalancerExtra: "        responseForwarding:\n          flushInterval: \"1s\"\n"), "app");

        // Pieces at 0, 0.2 s and 3 s, with a length: the first two are held for the 1 s interval. Each client leaves
        // at a different moment: before the interval's flush, just after it, and while the last piece is awaited.
        var leaves = new[] { 100, 300, 600, 900, 1100, 1500, 2000, 2500 };
        await Task.WhenAll(leaves.Select(async leaveMs =>
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(leaveMs));
            try
            {
                using var response = await node.Client.GetAsync("/pieces?gapsMs=200,3000", HttpCompletionOption.ResponseHeadersRead, cancel.Token);
                await using var body = await response.Content.ReadAsStreamAsync(cancel.Token);
                await body.CopyToAsync(Stream.Null, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                // The client leaving: what this test does.
            }
        }));

        using var whole = await node.Client.GetAsync("/pieces?gapsMs=200,200");
        Assert.Equal(Enumerable.Range(0, 3).SelectMany(TestBackend.Piece), await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal("a", await node.Client.GetStringAsync("/"));
    }
}
