using System.Net;
using System.Text.Json;

namespace Proxy.Node.Tests.Integration.Docker;

/// <summary>
/// One server's status as a node's API shows it, for Docker-provided services: their servers come
/// and go with containers, so a service the API does not know (yet, or any more) is an answer, not a failure.
/// </summary>
public static class ServerStatus
{
    /// <summary>UP, DOWN or DRAINING; null while the node has no such service or server.</summary>
    public static async Task<string?> ReadAsync(HttpClient api, string service, string url)
    {
        using var response = await api.GetAsync($"/api/http/services/{service}");
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.TryGetProperty("serverStatus", out var status) && status.TryGetProperty(url, out var value)
            ? value.GetString()
            : null;
    }
}
