using System.Text.Json;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// What a node's <c>/api/http/*</c> says about one router or service, for tests that wait on it
/// whether the node is a process of theirs or runs in a container.
/// </summary>
public static class RoutingApi
{
    /// <summary>The URLs of a service's servers that are UP (not draining, not down) as the API shows them.</summary>
    public static async Task<IReadOnlyList<string>> ServersUpAsync(HttpClient api, string service)
    {
        using var document = JsonDocument.Parse(await api.GetStringAsync("/api/http/services"));
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.GetProperty("name").GetString() == service
                && entry.TryGetProperty("servers", out var servers) && servers.ValueKind == JsonValueKind.Array)
            {
                return [.. servers.EnumerateArray()
                    .Where(server => server.GetProperty("status").GetString() == "UP")
                    .Select(server => server.GetProperty("url").GetString()!)];
            }
        }

        return [];
    }

    /// <summary>The status of a router in the API, or null while it does not exist.</summary>
    public static async Task<string?> RouterStatusAsync(HttpClient api, string router)
    {
        using var document = JsonDocument.Parse(await api.GetStringAsync("/api/http/routers"));
        return document.RootElement.EnumerateArray()
            .Where(entry => entry.GetProperty("name").GetString() == router)
            .Select(entry => entry.GetProperty("status").GetString())
            .FirstOrDefault();
    }

    /// <summary>The errors the API shows on a middleware (<c>name@provider</c>), or none while it has none or does not exist.</summary>
    public static async Task<IReadOnlyList<string>> MiddlewareErrorsAsync(HttpClient api, string middleware)
    {
        using var response = await api.GetAsync($"/api/http/middlewares/{middleware}");
        if (!response.IsSuccessStatusCode)
        {
            return [];
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.TryGetProperty("error", out var errors) && errors.ValueKind == JsonValueKind.Array
            ? [.. errors.EnumerateArray().Select(e => e.GetString() ?? string.Empty)]
            : [];
    }
}
