using System.Text.Json;

namespace Proxy.Node.Cli;

/// <summary>Akka Management's members JSON as a table a person reads at a glance.</summary>
internal static class MembersTable
{
    public static string Render(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var self = root.GetProperty("selfNode").GetString();
        var leader = root.TryGetProperty("leader", out var l) ? l.GetString() : null;
        var oldest = root.TryGetProperty("oldest", out var o) ? o.GetString() : null;
        var unreachable = root.GetProperty("unreachable").EnumerateArray().Select(u => u.GetProperty("node").GetString()).ToHashSet();
        var rows = root.GetProperty("members").EnumerateArray().Select(m =>
        {
            var node = m.GetProperty("node").GetString() ?? "";
            var marks = string.Join(",", new[] { node == self ? "self" : null, node == leader ? "leader" : null, node == oldest ? "oldest" : null }.Where(x => x is not null));
            return new[]
            {
                node,
                m.GetProperty("status").GetString() ?? "",
                unreachable.Contains(node) ? "unreachable" : "reachable",
                string.Join(",", m.GetProperty("roles").EnumerateArray().Select(r => r.GetString())),
                Config(m),
                Docker(m),
                marks,
            };
        }).ToList();
        if (root.TryGetProperty("removed", out var removed))
        {
            // Gone from the cluster, but the servers they discovered still serve for the grace.
            rows.AddRange(removed.EnumerateArray().Select(r =>
                new[] { (r.GetProperty("node").GetString() ?? ""), "Removed", "-", "", "", "", $"serving its servers since {r.GetProperty("removedAt").GetString()}" }));
        }

        return TextTable.Render(["NODE", "STATUS", "REACHABILITY", "ROLES", "CONFIG", "DOCKER", ""], rows);
    }

    /// <summary>The version of the configuration the member last published, once it has been heard from.</summary>
    private static string Config(JsonElement member) =>
        member.TryGetProperty("proxy", out var proxy) && proxy.ValueKind == JsonValueKind.Object
            ? $"v{proxy.GetProperty("configVersion").GetInt64()}"
            : "";

    /// <summary>"1/2 hosts connected, 14 containers": the Docker hosts the member watches, empty when none.</summary>
    private static string Docker(JsonElement member)
    {
        if (!member.TryGetProperty("proxy", out var proxy) || proxy.ValueKind != JsonValueKind.Object)
        {
            return "";
        }

        var hosts = proxy.GetProperty("dockerHosts").EnumerateArray().ToList();
        if (hosts.Count == 0)
        {
            return "";
        }

        var connected = hosts.Count(h => h.GetProperty("connected").GetBoolean());
        var containers = hosts.Sum(h => h.GetProperty("containers").GetInt32());
        return $"{connected}/{hosts.Count} hosts connected, {containers} containers";
    }
}
