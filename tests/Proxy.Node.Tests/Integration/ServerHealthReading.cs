using System.Text.Json;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// What each node's API says of each server of a service at one moment: its status and the
/// failures its node has counted against it. Tests that share a cluster between cases read it
/// before a case, so that a failure counted by one case is blamed on that case alone.
/// </summary>
public sealed record ServerHealthReading(IReadOnlyDictionary<(Uri Api, string Url), (string Status, long Failures)> Servers)
{
    /// <summary>No server seen yet: every server UP with no failure counted, as a fresh node starts.</summary>
    public static ServerHealthReading Fresh { get; } = new(new Dictionary<(Uri, string), (string, long)>());

    public (string Status, long Failures) Of(HttpClient api, string url) =>
        Servers.TryGetValue((api.BaseAddress!, url), out var seen) ? seen : ("UP", 0);

    public static async Task<ServerHealthReading> ReadAsync(IReadOnlyList<HttpClient> apis, string service)
    {
        var servers = new Dictionary<(Uri, string), (string, long)>();
        foreach (var api in apis)
        {
            foreach (var server in await ServersAsync(api, service))
            {
                servers[(api.BaseAddress!, server.GetProperty("url").GetString()!)] =
                    (server.GetProperty("status").GetString()!, server.GetProperty("failures").GetInt64());
            }
        }

        return new(servers);
    }

    /// <summary>The service's servers as the node's API shows them.</summary>
    public static async Task<JsonElement[]> ServersAsync(HttpClient api, string service)
    {
        var body = await api.GetStringAsync($"/api/http/services/{service}@file");
        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.GetProperty("servers").EnumerateArray().Select(s => s.Clone())];
    }
}
