namespace Proxy.Node.Tests.Integration;

/// <summary>Asserts the absence of an ejection, which only a look over some time can show.</summary>
public static class StaysUp
{
    /// <summary>
    /// Every server stays UP with no failure counted for a while: the failures of the requests just
    /// made reach the backend actors by message, so one look right away could come too early.
    /// </summary>
    public static Task AssertAsync(TestNode node, string service, params string[] urls) =>
        AssertAsync([node.Api], service, TimeSpan.FromSeconds(1), urls);

    /// <summary>As above on every node's API, for <paramref name="watch"/>: long enough for an ejection to reach the others.</summary>
    public static async Task AssertAsync(IReadOnlyList<HttpClient> apis, string service, TimeSpan watch, params string[] urls)
    {
        var until = DateTime.UtcNow + watch;
        do
        {
            foreach (var api in apis)
            {
                var body = await api.GetStringAsync($"/api/http/services/{service}@file");
                using var json = System.Text.Json.JsonDocument.Parse(body);
                var servers = json.RootElement.GetProperty("servers").EnumerateArray().ToArray();
                Assert.Equal(urls.Order(StringComparer.Ordinal), servers.Select(s => s.GetProperty("url").GetString()!).Order(StringComparer.Ordinal));
                Assert.All(servers, server => Assert.True(
                    server.GetProperty("status").GetString() == "UP" && server.GetProperty("failures").GetInt64() == 0,
                    $"at the node whose API is {api.BaseAddress}: {server}"));
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < until);
    }
}
