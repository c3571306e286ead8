namespace Proxy.Node.Tests.Integration;

/// <summary>Asserts the absence of an ejection, which only a look over some time can show.</summary>
public static class StaysUp
{
    /// <summary>
    /// Every server stays UP with no failure counted for a while: the failures of the requests just
    /// made reach the backend actors by message, so one look right away could come too early.
    /// </summary>
    public static Task AssertAsync(TestNode node, string service, params string[] urls) =>
        AssertAsync([node.Api], service, TimeSpan.FromSeconds(1), ServerHealthReading.Fresh, urls);

    /// <summary>
    /// As above on every node's API, for <paramref name="watch"/> (long enough for an ejection to
    /// reach the others), against what the nodes said <paramref name="before"/> the requests: no
    /// node counts a failure more, and a server UP before is UP still. A cluster shared by several
    /// cases thus blames a counted failure on the case that made it, not on every case after it.
    /// </summary>
    public static async Task AssertAsync(IReadOnlyList<HttpClient> apis, string service, TimeSpan watch, ServerHealthReading before, params string[] urls)
    {
        var until = DateTime.UtcNow + watch;
        do
        {
            foreach (var api in apis)
            {
                var servers = await ServerHealthReading.ServersAsync(api, service);
                Assert.Equal(urls.Order(StringComparer.Ordinal), servers.Select(s => s.GetProperty("url").GetString()!).Order(StringComparer.Ordinal));
                Assert.All(servers, server =>
                {
                    var (status, failures) = before.Of(api, server.GetProperty("url").GetString()!);
                    Assert.True(
                        server.GetProperty("failures").GetInt64() == failures && (status != "UP" || server.GetProperty("status").GetString() == "UP"),
                        $"at the node whose API is {api.BaseAddress}, before: {status} with {failures} failures, now: {server}");
                });
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < until);
    }
}
