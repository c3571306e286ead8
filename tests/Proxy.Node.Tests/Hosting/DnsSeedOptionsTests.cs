using System.Net;
using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class DnsSeedOptionsTests
{
    private static StaticConfigResult Load(string[] args, Dictionary<string, string>? environment = null) =>
        StaticConfigLoader.Load(args, environment ?? [], path => throw new FileNotFoundException(path));

    private static ClusterSettings Cluster(StaticConfigResult result)
    {
        Assert.True(result.IsValid, result.RenderErrors());
        return result.Config!.Cluster;
    }

    [Fact]
    public void Load_DnsSeed_BoundWithDefaultMarginAndSystemResolver()
    {
        var cluster = Cluster(Load(["--cluster.seeds=dns:proxy:4040"]));

        Assert.Equal(new DnsSeed("proxy", 4040), cluster.DnsSeed);
        Assert.Empty(cluster.Seeds);
        Assert.True(cluster.HasSeeds);
        Assert.Null(cluster.DnsServer);
        Assert.Equal(TimeSpan.FromSeconds(5), cluster.StableMargin);
    }

    [Fact]
    public void Load_DnsOptionsFromFlagsEnvironmentAndYaml_Bound()
    {
        var fromFlags = Cluster(Load(["--cluster.seeds=dns:proxy.internal:4053", "--cluster.dns.server=127.0.0.53:5353", "--cluster.bootstrap.stablemargin=2s"]));
        var fromEnvironment = Cluster(Load([], new Dictionary<string, string>
        {
            ["PROXY_CLUSTER_SEEDS"] = "dns:proxy_proxy:4040",
            ["PROXY_CLUSTER_DNS_SERVER"] = "[::1]:53",
            ["PROXY_CLUSTER_BOOTSTRAP_STABLEMARGIN"] = "500ms",
        }));

        Assert.Equal(new DnsSeed("proxy.internal", 4053), fromFlags.DnsSeed);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.53"), 5353), fromFlags.DnsServer);
        Assert.Equal(TimeSpan.FromSeconds(2), fromFlags.StableMargin);
        Assert.Equal(new DnsSeed("proxy_proxy", 4040), fromEnvironment.DnsSeed);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 53), fromEnvironment.DnsServer);
        Assert.Equal(TimeSpan.FromMilliseconds(500), fromEnvironment.StableMargin);
    }

    [Fact]
    public void Load_DnsOptionsFromYaml_Bound()
    {
        const string yaml = "cluster:\n  seeds: dns:proxy:4040\n  dns:\n    server: 127.0.0.1\n  bootstrap:\n    stableMargin: 3s\n";
        var cluster = Cluster(StaticConfigLoader.Load(["--configfile=static.yml"], new Dictionary<string, string>(), _ => yaml));

        Assert.Equal(new DnsSeed("proxy", 4040), cluster.DnsSeed);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 53), cluster.DnsServer);
        Assert.Equal(TimeSpan.FromSeconds(3), cluster.StableMargin);
    }

    [Theory]
    [InlineData("--cluster.seeds=dns:proxy", "invalid value \"dns:proxy\" for --cluster.seeds: expected host:port items")]
    [InlineData("--cluster.seeds=dns:proxy:0", "invalid value \"dns:proxy:0\" for --cluster.seeds: expected host:port items")]
    [InlineData("--cluster.seeds=dns:proxy:70000", "invalid value \"dns:proxy:70000\" for --cluster.seeds: expected host:port items")]
    [InlineData("--cluster.seeds=dns:pro xy:4040", "invalid value \"dns:pro xy:4040\" for --cluster.seeds: expected host:port items")]
    [InlineData("--cluster.seeds=dns::4040", "invalid value \"dns::4040\" for --cluster.seeds: expected host:port items")]
    public void Load_BadDnsSeed_ErrorNamesTheSeedAndTheSyntax(string flag, string message)
    {
        var result = Load([flag]);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Message.StartsWith(message, StringComparison.Ordinal) && e.Message.Contains("dns:<name>:<port>", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--cluster.seeds=dns:proxy:4040,127.0.0.1:4040")]
    [InlineData("--cluster.seeds=dns:a:4040,dns:b:4040")]
    public void Load_DnsSeedWithOtherSeeds_RefusedSayingItMustStandAlone(string flag)
    {
        var result = Load([flag]);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Path == StaticOptions.ClusterSeeds && e.Message.Contains("a dns:<name>:<port> seed must be the only seed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("dns.example:53")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("1")]
    [InlineData("::1:53:x")]
    public void Load_BadDnsServer_ErrorNamesWhatIsAccepted(string server)
    {
        var result = Load(["--cluster.seeds=dns:proxy:4040", $"--cluster.dns.server={server}"]);

        Assert.False(result.IsValid);
        Assert.Contains($"invalid value \"{server}\" for --cluster.dns.server: expected {DnsServerAddress.Accepted}", result.Errors.Select(e => e.Message));
    }

    [Fact]
    public void Load_DnsOptionsWithoutDnsSeed_RefusedAsHavingNoEffect()
    {
        var result = Load(["--cluster.seeds=127.0.0.1:4040", "--cluster.dns.server=127.0.0.1:53", "--cluster.bootstrap.stablemargin=2s"]);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Path == StaticOptions.ClusterDnsServer && e.Message.Contains("has no dns:<name>:<port> seed", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Path == StaticOptions.ClusterBootstrapStableMargin && e.Message.Contains("has no dns:<name>:<port> seed", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_ZeroStableMargin_Refused()
    {
        var result = Load(["--cluster.seeds=dns:proxy:4040", "--cluster.bootstrap.stablemargin=0s"]);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Message.StartsWith("invalid value \"0s\" for --cluster.bootstrap.stablemargin: expected a duration above 0", StringComparison.Ordinal));
    }

    [Fact]
    public void Help_ListsTheDnsOptions()
    {
        var help = StaticConfigHelp.Render();

        Assert.Contains("--cluster.dns.server", help, StringComparison.Ordinal);
        Assert.Contains("--cluster.bootstrap.stablemargin", help, StringComparison.Ordinal);
        Assert.Contains("dns:<name>:<port>", help, StringComparison.Ordinal);
    }

    [Fact]
    public void AdvertisedHost_WildcardWithDnsSeed_TheOneNonLoopbackAddress()
    {
        Assert.Equal(IPAddress.Parse("172.18.0.4"), AdvertisedHost.OnlyAddress([IPAddress.Loopback, IPAddress.Parse("172.18.0.4"), IPAddress.Parse("fe80::1")]));
        Assert.Null(AdvertisedHost.OnlyAddress([IPAddress.Parse("172.18.0.4"), IPAddress.Parse("10.0.0.2")]));
        Assert.Null(AdvertisedHost.OnlyAddress([IPAddress.Loopback]));
        Assert.Equal("10.1.2.3", AdvertisedHost.For(new ClusterSettings("proxy", "0.0.0.0", 4040, "10.1.2.3", [], []) { DnsSeed = new DnsSeed("proxy", 4040) }));
        Assert.Equal("0.0.0.0", AdvertisedHost.For(new ClusterSettings("proxy", "0.0.0.0", 4040, null, [], [])));
    }
}
