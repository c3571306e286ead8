using System.Net;
using System.Text.Json;
using Proxy.Node.Tests.Integration;
using Xunit;

namespace Proxy.Node.Tests.Acme;

/// <summary>
/// Three real nodes with the same resolver, whose CA refuses connections: the order placed by the
/// singleton (on the seed, the oldest member) fails, and every node's API shows why on the router,
/// not only the seed's.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class AcmeRouterProblemsApiTests
{
    private const string Host = "unreachable-ca.resolver.test";

    [Fact]
    public async Task Api_OrderFailsOnTheSingletonsNode_ErrorOnTheRouterOfEveryNode()
    {
        var directory = Directory.CreateTempSubdirectory("proxy-it-acme-problems-").FullName;
        try
        {
            await using var backend = await TestBackend.StartAsync("problems", 67);
            // "plain" is what the cluster waits for: "shop" shows a warning as soon as its first order fails.
            var yaml = "http:\n  routers:\n"
                + "    plain:\n      rule: \"Host(`plain.resolver.test`)\"\n      service: app\n"
                + $"    shop:\n      rule: \"Host(`{Host}`)\"\n      service: app\n      tls:\n        certResolver: ca\n"
                + "  services:\n    app:\n      loadBalancer:\n" + Yaml.Servers(backend.Url);
            var caServer = $"{FreePort.ClosedUrl()}/dir";

            await using var cluster = await InProcessCluster.StartAsync(yaml, "plain", i =>
            [
                $"--certificatesresolvers.ca.acme.caserver={caServer}",
                $"--certificatesresolvers.ca.acme.storage={Path.Combine(directory, $"node{i}", "acme.json")}",
                "--certificatesresolvers.ca.acme.httpchallenge.entrypoint=web",
            ]);

            foreach (var node in cluster.Nodes)
            {
                await Eventually.TrueAsync(async () => (await RouterAsync(node)) is { } router && router.Status == "warning", $"shop@file shown with a warning at :{node.WebPort}", TimeSpan.FromSeconds(30));
                var (_, errors) = (await RouterAsync(node))!.Value;
                var error = Assert.Single(errors);
                Assert.Contains($"certificate resolver ca could not obtain a certificate for {Host}", error, StringComparison.Ordinal);
                Assert.Contains("the router serves the default certificate", error, StringComparison.Ordinal);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task<(string Status, string[] Errors)?> RouterAsync(InProcessCluster.Member node)
    {
        using var response = await node.Api.GetAsync("/api/http/routers/shop@file");
        if (response.StatusCode != HttpStatusCode.OK)
        {
            return null;
        }

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = json.RootElement.TryGetProperty("error", out var list) ? list.EnumerateArray().Select(e => e.GetString()!).ToArray() : [];
        return (json.RootElement.GetProperty("status").GetString()!, errors);
    }
}
