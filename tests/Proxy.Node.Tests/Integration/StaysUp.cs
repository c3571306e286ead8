namespace Proxy.Node.Tests.Integration;

/// <summary>Asserts the absence of an ejection, which only a look over some time can show.</summary>
public static class StaysUp
{
    /// <summary>
    /// Every server stays UP with no failure counted for a while: the failures of the requests just
    /// made reach the backend actors by message, so one look right away could come too early.
    /// </summary>
    public static async Task AssertAsync(TestNode node, string service, params string[] urls)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(1);
        do
        {
            using var json = await node.GetApiJsonAsync($"/api/http/services/{service}@file");
            foreach (var server in json.RootElement.GetProperty("servers").EnumerateArray())
            {
                var url = server.GetProperty("url").GetString();
                Assert.Contains(url, urls);
                Assert.True(
                    server.GetProperty("status").GetString() == "UP" && server.GetProperty("failures").GetInt64() == 0,
                    $"{url} on the node at :{node.WebPort}: {server}");
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < until);
    }
}
