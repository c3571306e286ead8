using System.Net;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// The Host check of the API and management listeners on a real node: a foreign name (what a page
/// reaching the API through DNS rebinding sends) gets 421 on every route but the probes, the node's
/// own names and addresses are served, and so is a request without Host (HTTP/1.0).
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class ApiHostTests
{
    private static readonly string[] Foreign = ["evil.example", "evil.example:{port}", "127.0.0.1.nip.io", "127.0.0.1.nip.io:{port}", "localhost.evil.example", "[::2]:{port}", "xn--zz", "xn--bcher-kva.example:{port}"];

    /// <summary>Every guarded route of the API listener: the Traefik API, the dashboard, /metrics, the cluster routes.</summary>
    private static readonly (string Method, string Target)[] Guarded =
    [
        ("GET", "/api/overview"),
        ("GET", "/API/HTTP/ROUTERS"),
        ("GET", "/api/version"),
        ("GET", "/api/tls/certificates"),
        ("GET", "/dashboard/"),
        ("GET", "/dashboard/dashboard.js"),
        ("GET", "/metrics"),
        ("GET", "/cluster/members"),
        ("GET", "/Cluster/Members/"),
        ("PUT", $"/CLUSTER/members/{ClusterRouteVariants.Stranger}?operation=Down"),
        ("DELETE", $"/cluster/members/akka.tcp:%2F%2Fproxy@{ClusterRouteVariants.Stranger}"),
    ];

    [Fact]
    public async Task GuardedRoutes_ForeignHost_421NamingTheOption()
    {
        await using var node = await ClusterApiNode.StartAsync(false, "--metrics.prometheus=true", "--management.readonly=false");
        var failures = new List<string>();
        foreach (var host in Foreign.Select(h => h.Replace("{port}", node.ApiPort.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)))
        {
            foreach (var (method, target) in Guarded)
            {
                var response = await RawHttp.SendAsync(node.ApiPort, method, target, host);
                if (response.Status != 421 || !response.Body.Contains("--api.allowedhosts", StringComparison.Ordinal))
                {
                    failures.Add($"{method} {target} Host: {host}: {response.Status} {response.Body[..Math.Min(200, response.Body.Length)]}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task GuardedRoutes_OwnHosts_Served()
    {
        await using var node = await ClusterApiNode.StartAsync(false, "--metrics.prometheus=true", "--api.allowedhosts=proxy.internal");
        var port = node.ApiPort;
        string[] hosts = [$"127.0.0.1:{port}", "127.0.0.1", $"localhost:{port}", "LOCALHOST", $"[::1]:{port}", $"{Dns.GetHostName()}:{port}", "proxy.internal", $"Proxy.Internal:{port}"];
        var failures = new List<string>();
        foreach (var host in hosts)
        {
            foreach (var (method, target) in Guarded.Where(g => g.Method == "GET"))
            {
                var response = await RawHttp.SendAsync(port, method, target, host);
                if (response.Status != 200)
                {
                    failures.Add($"{method} {target} Host: {host}: {response.Status} {response.Body[..Math.Min(200, response.Body.Length)]}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Probes_ForeignHost_Served()
    {
        await using var node = await ClusterApiNode.StartAsync(true, "--management.token=t");
        foreach (var (port, path) in new[] { (node.ApiPort, "/ping"), (node.ManagementPort!.Value, "/ready"), (node.ManagementPort!.Value, "/alive") })
        {
            var response = await RawHttp.SendAsync(port, "GET", path, "evil.example");
            Assert.True(response.Status == 200, $"{path}: {response.Status} {response.Body}");
        }
    }

    [Fact]
    public async Task ManagementListener_ForeignHostEveryClusterVariant_421EvenWithTheToken()
    {
        await using var node = await ClusterApiNode.StartAsync(true, "--management.token=t");
        var port = node.ManagementPort!.Value;
        var failures = new List<string>();
        foreach (var variant in ClusterRouteVariants.Mutations.Concat(ClusterRouteVariants.Reads).Where(v => v.Routes))
        {
            foreach (var host in new[] { "evil.example", $"127.0.0.1.nip.io:{port}" })
            {
                var response = await RawHttp.SendAsync(port, variant.Method, variant.Target, host, ["Authorization: Bearer t"], variant.Form);
                if (response.Status != 421 || ClusterRouteVariants.FromHandler(response))
                {
                    failures.Add($"{variant} Host: {host}: {response.Status} {response.Body}");
                }
            }
        }

        var own = await RawHttp.SendAsync(port, "GET", "/cluster/members", $"127.0.0.1:{port}", ["Authorization: Bearer t"]);
        Assert.Equal(200, own.Status);
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task GuardedRoute_NoHostHttp10_Served()
    {
        await using var node = await ClusterApiNode.StartAsync(false);

        var response = await RawHttp.SendAsync(node.ApiPort, "GET", "/api/version", host: null);

        Assert.Equal(200, response.Status);
        Assert.Contains("proxy-node", response.Body, StringComparison.Ordinal);
    }
}
