using System.Text.Json;

namespace Proxy.Node.Cli;

/// <summary>The API's routers, services (a row per server), TLS certificates and errors as tables a person reads at a glance.</summary>
internal static class ConfigurationTables
{
    public static string Routers(string json)
    {
        using var document = JsonDocument.Parse(json);
        var rows = document.RootElement.EnumerateArray().Select(r => (IReadOnlyList<string>)
        [
            Text(r, "name"), Text(r, "rule"), Text(r, "service"), Words(r, "entryPoints"), Words(r, "middlewares"), Text(r, "status"), Errors(r),
        ]);
        return TextTable.Render(["NAME", "RULE", "SERVICE", "ENTRYPOINTS", "MIDDLEWARES", "STATUS", "ERRORS"], rows);
    }

    /// <summary>One row per server, so its health, where it came from and who discovered it show side by side.</summary>
    public static string Services(string json)
    {
        using var document = JsonDocument.Parse(json);
        var rows = new List<IReadOnlyList<string>>();
        foreach (var service in document.RootElement.EnumerateArray())
        {
            var servers = service.TryGetProperty("servers", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToList() : [];
            if (servers.Count == 0)
            {
                rows.Add([Text(service, "name"), Text(service, "type"), Text(service, "status"), "", "", "", "", "", Errors(service)]);
                continue;
            }

            foreach (var server in servers)
            {
                var health = Text(server, "status");
                var reason = Text(server, "reason");
                rows.Add(
                [
                    Text(service, "name"), Text(service, "type"), Text(service, "status"), Text(server, "url"),
                    reason.Length > 0 ? $"{health} ({reason})" : health, Text(server, "inFlight"),
                    Text(server, "source"), Words(server, "discoveredBy"), Errors(service),
                ]);
            }
        }

        return TextTable.Render(["SERVICE", "TYPE", "STATUS", "SERVER", "HEALTH", "IN FLIGHT", "SOURCE", "DISCOVERED BY", "ERRORS"], rows);
    }

    /// <summary>A row per certificate: what it covers, where it comes from, until when, and what is wrong with it.</summary>
    public static string Certificates(string json)
    {
        using var document = JsonDocument.Parse(json);
        var rows = document.RootElement.EnumerateArray().Select(c =>
        {
            var domains = c.TryGetProperty("domains", out var d) && d.ValueKind == JsonValueKind.Object
                ? string.Join(",", new[] { Text(d, "main") }.Concat(Words(d, "sans").Split(',', StringSplitOptions.RemoveEmptyEntries)).Where(n => n.Length > 0))
                : "";
            var source = Text(c, "source") switch
            {
                "acme" => $"acme {Text(c, "resolver")}".TrimEnd(),
                var other when Text(c, "certFile").Length > 0 => $"{other} {Text(c, "certFile")}",
                var other => other,
            };
            return (IReadOnlyList<string>)[Text(c, "name"), domains, source, Text(c, "notAfter"), Text(c, "nextRenewal"), Text(c, "status"), Errors(c)];
        });
        return TextTable.Render(["NAME", "DOMAINS", "SOURCE", "NOT AFTER", "NEXT RENEWAL", "STATUS", "ERRORS"], rows);
    }

    public static string Errors(string json)
    {
        using var document = JsonDocument.Parse(json);
        var rows = document.RootElement.EnumerateArray().Select(e => (IReadOnlyList<string>)[Text(e, "source"), Text(e, "path"), Text(e, "message")]).ToList();
        return rows.Count == 0 ? "No configuration errors.\n" : TextTable.Render(["SOURCE", "PATH", "MESSAGE"], rows);
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? "",
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            _ => value.GetRawText(),
        } : "";

    private static string Words(JsonElement element, string name, string separator = ",") =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? string.Join(separator, value.EnumerateArray().Select(v => v.GetString()))
            : "";

    /// <summary>The object's errors in one cell: Traefik's <c>error</c> lines joined.</summary>
    private static string Errors(JsonElement element) => Words(element, "error", "; ");
}
