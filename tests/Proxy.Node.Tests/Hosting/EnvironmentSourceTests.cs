using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class EnvironmentSourceTests
{
    [Theory]
    [InlineData("PROXY_ENTRYPOINTS_WEB_ADDRESS", "entrypoints.web.address")]
    [InlineData("PROXY_ENTRYPOINTS_WEB_SECURE_ADDRESS", "entrypoints.web_secure.address")]
    [InlineData("PROXY_API_ADDRESS", "api.address")]
    [InlineData("PROXY_PROVIDERS_FILE_FILENAME", "providers.file.filename")]
    [InlineData("PROXY_PROVIDERS_FILE_WATCH", "providers.file.watch")]
    [InlineData("PROXY_LOG_LEVEL", "log.level")]
    [InlineData("PROXY_LIFECYCLE_REQUESTACCEPTGRACETIMEOUT", "lifecycle.requestacceptgracetimeout")]
    [InlineData("PROXY_LIFECYCLE_GRACETIMEOUT", "lifecycle.gracetimeout")]
    [InlineData("PROXY_REQUESTS_ACTORMODE", "requests.actormode")]
    [InlineData("PROXY_CONFIGFILE", "configfile")]
    [InlineData("PROXY_Log_Level", "log.level")]
    public void Read_ProxyVariable_MapsToDottedKey(string variable, string key)
    {
        var result = EnvironmentSource.Read(new Dictionary<string, string> { [variable] = "v" });

        var value = Assert.Single(result.Values);
        Assert.Equal(key, value.Key);
        Assert.Equal("v", value.Value.Value);
        Assert.Equal($"env {variable}", value.Value.Origin.Description);
    }

    [Theory]
    [InlineData("HTTP_PROXY")]
    [InlineData("proxy_api_address")]
    [InlineData("PATH")]
    [InlineData("PROXYAPI_ADDRESS")]
    public void Read_OtherVariable_IsIgnored(string variable)
    {
        var result = EnvironmentSource.Read(new Dictionary<string, string> { [variable] = "v" });

        Assert.Empty(result.Values);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
    }

    /// <summary>kubelet's variables for a service named proxy with ports 80 (http), 443 (https), 4040/udp (cluster) and 9100 (unnamed first port shapes).</summary>
    [Theory]
    [InlineData("PROXY_SERVICE_HOST", "10.96.12.7")]
    [InlineData("PROXY_SERVICE_HOST", "fd00:10:96::c")]
    [InlineData("PROXY_SERVICE_PORT", "80")]
    [InlineData("PROXY_SERVICE_PORT_HTTP", "80")]
    [InlineData("PROXY_SERVICE_PORT_HTTPS", "443")]
    [InlineData("PROXY_SERVICE_PORT_AKKA_REMOTE", "4040")]
    [InlineData("PROXY_SERVICE_PORT_H2", "8443")]
    [InlineData("PROXY_PORT", "tcp://10.96.12.7:80")]
    [InlineData("PROXY_PORT", "udp://10.96.12.7:4040")]
    [InlineData("PROXY_PORT", "tcp://fd00:10:96::c:80")]
    [InlineData("PROXY_PORT", "tcp://[fd00:10:96::c]:80")]
    [InlineData("PROXY_PORT_80_TCP", "tcp://10.96.12.7:80")]
    [InlineData("PROXY_PORT_80_TCP_ADDR", "10.96.12.7")]
    [InlineData("PROXY_PORT_80_TCP_PORT", "80")]
    [InlineData("PROXY_PORT_80_TCP_PROTO", "tcp")]
    [InlineData("PROXY_PORT_4040_UDP", "udp://10.96.12.7:4040")]
    [InlineData("PROXY_PORT_4040_UDP_PROTO", "udp")]
    [InlineData("PROXY_PORT_36412_SCTP", "sctp://10.96.12.7:36412")]
    [InlineData("PROXY_PORT_36412_SCTP_PORT", "36412")]
    [InlineData("PROXY_PORT_65535_TCP_ADDR", "fd00:10:96::c")]
    public void Read_KubernetesServiceLinkOfServiceProxy_IgnoredWithoutWarning(string variable, string value)
    {
        var result = EnvironmentSource.Read(new Dictionary<string, string> { [variable] = value });

        Assert.Empty(result.Values);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
    }

    /// <summary>A service link's name with a value kubelet would not write, or a name kubelet would not make: another tool's variable.</summary>
    [Theory]
    [InlineData("PROXY_PORT", "3128")]
    [InlineData("PROXY_PORT", "http://10.96.12.7:80")]
    [InlineData("PROXY_PORT", "TCP://10.96.12.7:80")]
    [InlineData("PROXY_SERVICE_HOST", "proxy.example")]
    [InlineData("PROXY_SERVICE_HOST", "10.96.12")]
    [InlineData("PROXY_SERVICE_PORT", "080")]
    [InlineData("PROXY_SERVICE_PORT", "65536")]
    [InlineData("PROXY_SERVICE_PORT_HTTP", "http")]
    [InlineData("PROXY_SERVICE_PORT_A__B", "80")]
    [InlineData("PROXY_SERVICE_PORT_1234", "80")]
    [InlineData("PROXY_SERVICE_PORT_SIXTEEN_CHARS_XY", "80")]
    [InlineData("PROXY_PORT_80_TCP", "tcp://10.96.12.7:81")]
    [InlineData("PROXY_PORT_80_TCP", "udp://10.96.12.7:80")]
    [InlineData("PROXY_PORT_80_HTTP", "tcp://10.96.12.7:80")]
    [InlineData("PROXY_PORT_080_TCP_PORT", "080")]
    [InlineData("PROXY_PORT_80_TCP_PORT", "81")]
    [InlineData("PROXY_PORT_80_TCP_PROTO", "TCP")]
    [InlineData("PROXY_PORT_80_TCP_ADDR", "localhost")]
    [InlineData("PROXY_PORT_70000_TCP_PORT", "70000")]
    [InlineData("PROXY_HOST", "squid.internal")]
    public void Read_ServiceLinkShapeNotKubelets_WarnsNamingTheVariable(string variable, string value)
    {
        var result = EnvironmentSource.Read(new Dictionary<string, string> { [variable] = value });

        Assert.Empty(result.Values);
        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.StartsWith($"ignoring {variable}: it names no option", warning.Message, StringComparison.Ordinal);
        Assert.Equal($"env {variable}", warning.Source);
    }

    [Theory]
    [InlineData("PROXY_API_ADRESS", "ignoring PROXY_API_ADRESS: it names no option (did you mean PROXY_API_ADDRESS?)")]
    [InlineData("PROXY_ENTRYPOINT_WEB_ADDRESS", "ignoring PROXY_ENTRYPOINT_WEB_ADDRESS: it names no option (did you mean PROXY_ENTRYPOINTS_WEB_ADDRESS?)")]
    [InlineData("PROXY_NO_SUCH_THING_AT_ALL", "ignoring PROXY_NO_SUCH_THING_AT_ALL: it names no option")]
    public void Read_MisspeltOrUnknownOption_WarningWithSuggestionNotValue(string variable, string message)
    {
        var result = EnvironmentSource.Read(new Dictionary<string, string> { [variable] = "secret-value" });

        Assert.Empty(result.Values);
        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal(message, warning.Message);
    }

    /// <summary>Every variable kubelet sets for services proxy-api (ports http, 8080) and proxy-cluster-dns (udp 53).</summary>
    [Theory]
    [InlineData("PROXY_API_SERVICE_HOST", "10.96.3.4")]
    [InlineData("PROXY_API_SERVICE_PORT", "8080")]
    [InlineData("PROXY_API_SERVICE_PORT_HTTP", "8080")]
    [InlineData("PROXY_API_PORT", "tcp://10.96.3.4:8080")]
    [InlineData("PROXY_API_PORT_8080_TCP", "tcp://10.96.3.4:8080")]
    [InlineData("PROXY_API_PORT_8080_TCP_ADDR", "10.96.3.4")]
    [InlineData("PROXY_API_PORT_8080_TCP_PORT", "8080")]
    [InlineData("PROXY_API_PORT_8080_TCP_PROTO", "tcp")]
    [InlineData("PROXY_CLUSTER_DNS_SERVICE_HOST", "fd00:10:96::35")]
    [InlineData("PROXY_CLUSTER_DNS_PORT", "udp://[fd00:10:96::35]:53")]
    [InlineData("PROXY_CLUSTER_DNS_PORT_53_UDP_PROTO", "udp")]
    public void Read_KubernetesServiceLinkOfServiceProxyDashX_IgnoredWithoutWarning(string variable, string value)
    {
        var result = EnvironmentSource.Read(new Dictionary<string, string> { [variable] = value });

        Assert.Empty(result.Values);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
    }

    [Fact]
    public void Read_ServiceLinksOfServiceProxyCluster_ClusterPortIgnoredWithWarning()
    {
        // Kubernetes, service proxy-cluster with port 4040: PROXY_CLUSTER_PORT spells option cluster.port.
        var result = EnvironmentSource.Read(new Dictionary<string, string>
        {
            ["PROXY_CLUSTER_SERVICE_HOST"] = "10.96.0.7",
            ["PROXY_CLUSTER_SERVICE_PORT"] = "4040",
            ["PROXY_CLUSTER_SERVICE_PORT_AKKA"] = "4040",
            ["PROXY_CLUSTER_PORT"] = "tcp://10.96.0.7:4040",
            ["PROXY_CLUSTER_PORT_4040_TCP"] = "tcp://10.96.0.7:4040",
            ["PROXY_CLUSTER_PORT_4040_TCP_ADDR"] = "10.96.0.7",
            ["PROXY_CLUSTER_PORT_4040_TCP_PORT"] = "4040",
            ["PROXY_CLUSTER_PORT_4040_TCP_PROTO"] = "tcp",
        });

        Assert.Empty(result.Values);
        Assert.Empty(result.Errors);
        var warning = Assert.Single(result.Warnings);
        Assert.Equal("env PROXY_CLUSTER_PORT", warning.Source);
        Assert.Equal(
            "ignoring PROXY_CLUSTER_PORT: it is a Kubernetes service link of service proxy-cluster (PROXY_CLUSTER_SERVICE_HOST is set), "
            + "not option cluster.port; rename the service or set enableServiceLinks: false on the pod",
            warning.Message);
    }

    [Theory]
    [InlineData("tcp://10.96.0.7:4040", null)]
    [InlineData("4040", "10.96.0.7")]
    [InlineData("tcp://10.96.0.7:4040", "proxy-cluster.default.svc")]
    public void Read_ClusterPortLinkShapedWithoutItsServiceHost_IsTheOption(string value, string? serviceHost)
    {
        var environment = new Dictionary<string, string> { ["PROXY_CLUSTER_PORT"] = value };
        if (serviceHost is not null)
        {
            environment["PROXY_CLUSTER_SERVICE_HOST"] = serviceHost;
        }

        var result = EnvironmentSource.Read(environment);

        Assert.Equal(value, result.Values["cluster.port"].Value);
    }

    [Fact]
    public void Read_KnownOptionBesideServiceLinksAndUnknown_OnlyTheOptionIsAValue()
    {
        var result = EnvironmentSource.Read(new Dictionary<string, string>
        {
            ["PROXY_SERVICE_PORT"] = "80",
            ["PROXY_PORT"] = "tcp://10.96.12.7:80",
            ["PROXY_API_ADDRESS"] = ":9000",
            ["PROXY_TOKEN"] = "x",
        });

        var value = Assert.Single(result.Values);
        Assert.Equal(("api.address", ":9000"), (value.Key, value.Value.Value));
        Assert.StartsWith("ignoring PROXY_TOKEN: it names no option", Assert.Single(result.Warnings).Message, StringComparison.Ordinal);
    }
}
