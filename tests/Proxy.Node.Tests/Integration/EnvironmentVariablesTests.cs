using System.Net;
using System.Text.RegularExpressions;

namespace Proxy.Node.Tests.Integration;

/// <summary>
/// The binary started in an environment such as a Kubernetes pod's: kubelet's service links of a service
/// named proxy and a misspelt variable beside the node's own options.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class EnvironmentVariablesTests
{
    [Fact]
    public async Task Start_KubernetesServiceLinksAndAMisspeltVariable_ServesAndWarnsOnceOfTheMisspeltOnly()
    {
        var apiPort = FreePort.Next();
        var environment = new Dictionary<string, string>
        {
            ["PROXY_API_ADDRESS"] = $"127.0.0.1:{apiPort}",
            ["PROXY_ENTRYPOINTS_WEB_ADDRESS"] = $"127.0.0.1:{FreePort.Next()}",
            ["PROXY_LOG_LEVL"] = "DEBUG",
            // kubelet's variables for service proxy: ports 80 (http, first), 443 (https), 4040/udp (cluster).
            ["PROXY_SERVICE_HOST"] = "10.96.12.7",
            ["PROXY_SERVICE_PORT"] = "80",
            ["PROXY_SERVICE_PORT_HTTP"] = "80",
            ["PROXY_SERVICE_PORT_HTTPS"] = "443",
            ["PROXY_SERVICE_PORT_CLUSTER"] = "4040",
            ["PROXY_PORT"] = "tcp://10.96.12.7:80",
            ["PROXY_PORT_80_TCP"] = "tcp://10.96.12.7:80",
            ["PROXY_PORT_80_TCP_PROTO"] = "tcp",
            ["PROXY_PORT_80_TCP_PORT"] = "80",
            ["PROXY_PORT_80_TCP_ADDR"] = "10.96.12.7",
            ["PROXY_PORT_443_TCP"] = "tcp://10.96.12.7:443",
            ["PROXY_PORT_443_TCP_PROTO"] = "tcp",
            ["PROXY_PORT_443_TCP_PORT"] = "443",
            ["PROXY_PORT_443_TCP_ADDR"] = "10.96.12.7",
            ["PROXY_PORT_4040_UDP"] = "udp://10.96.12.7:4040",
            ["PROXY_PORT_4040_UDP_PROTO"] = "udp",
            ["PROXY_PORT_4040_UDP_PORT"] = "4040",
            ["PROXY_PORT_4040_UDP_ADDR"] = "10.96.12.7",
        };
        using var node = NodeProcess.Start([], environment);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}") };

        await Eventually.TrueAsync(
            async () => (await client.GetAsync("/ping")).StatusCode == HttpStatusCode.OK, "/ping of a node started among service links\n" + node.Output, TimeSpan.FromSeconds(30));

        var output = node.Output;
        var warning = Assert.Single(Regex.Matches(output, "^warn: .*$", RegexOptions.Multiline)).Value;
        Assert.Equal(
            "warn: Proxy.Node.Hosting.StaticConfig[0] Static configuration: ignoring PROXY_LOG_LEVL: it names no option (did you mean PROXY_LOG_LEVEL?)",
            Regex.Replace(warning, @"\[-?\d+\]", "[0]"));
        Assert.DoesNotMatch("PROXY_(SERVICE|PORT)", output);
    }
}
