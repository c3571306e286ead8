using System.Text.Json;

namespace Proxy.Node.Tests.Integration;

/// <summary>What a node's <c>/cluster/members</c> says, for tests that wait on the cluster's view.</summary>
public static class ClusterMembersApi
{
    /// <summary>The address the node gives itself (<c>selfNode</c>).</summary>
    public static async Task<string> SelfNodeAsync(HttpClient api)
    {
        using var document = JsonDocument.Parse(await api.GetStringAsync("/cluster/members"));
        return document.RootElement.GetProperty("selfNode").GetString()!;
    }

    /// <summary>How many members the node sees Up.</summary>
    public static async Task<int> UpMembersAsync(HttpClient api)
    {
        using var document = JsonDocument.Parse(await api.GetStringAsync("/cluster/members"));
        return document.RootElement.GetProperty("members").EnumerateArray().Count(m => m.GetProperty("status").GetString() == "Up");
    }

    /// <summary>How many members the node sees, whatever their status.</summary>
    public static async Task<int> MembersAsync(HttpClient api)
    {
        using var document = JsonDocument.Parse(await api.GetStringAsync("/cluster/members"));
        return document.RootElement.GetProperty("members").GetArrayLength();
    }

    /// <summary>
    /// The addresses of the members the node sees Up, in order: nodes that each list the same three
    /// are one cluster of three, where three clusters of one would each list only itself.
    /// </summary>
    public static async Task<IReadOnlyList<string>> UpNodesAsync(HttpClient api)
    {
        using var document = JsonDocument.Parse(await api.GetStringAsync("/cluster/members"));
        return [.. document.RootElement.GetProperty("members").EnumerateArray()
            .Where(m => m.GetProperty("status").GetString() == "Up")
            .Select(m => m.GetProperty("node").GetString()!)
            .Order(StringComparer.Ordinal)];
    }
}
