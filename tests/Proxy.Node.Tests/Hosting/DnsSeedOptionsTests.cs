using System.Net;
using Proxy.Node.Hosting;
using Xunit;

namespace Proxy.Node.Tests.Hosting;

public sealed class DnsSeedOptionsTests
{
    /// <summary>The machine these tests state: one nameserver, one container address; never the machine they run on.</summary>
    private static readonly HostNetwork Container = Machine([new IPEndPoint(IPAddress.Parse("127.0.0.53"), 53)], [IPAddress.Parse("172.18.0.4")]);

    private static HostNetwork Machine(IPEndPoint[] nameServers, IPAddress[] interfaces) => new(() => nameServers, () => interfaces);

    private static StaticConfigResult Load(string[] args, Dictionary<string, string>? environment = null, HostNetwork? host = null) =>
        StaticConfigLoader.Load(args, environment ?? [], path => throw new FileNotFoundException(path), host ?? Container);

    private static IEnumerable<string> Messages(StaticConfigResult result, string path) =>
        result.Errors.Where(e => e.Path == path).Select(e => e.Message);

    private static ClusterSettings Cluster(StaticConfigResult result)
    {
        Assert.True(result.IsValid, result.RenderErrors());
        return result.Config!.Cluster;
    }

    [Fact]
    public void Load_DnsSeed_BoundWithDefaultMarginAndSystemResolver()
    {
        var cluster = Cluster(Load(["--cluster.seeds=dns:proxy:4040", "--cluster.port=4040"]));

        Assert.Equal(new DnsSeed("proxy", 4040), cluster.DnsSeed);
        Assert.Empty(cluster.Seeds);
        Assert.True(cluster.HasSeeds);
        Assert.Null(cluster.DnsServer);
        Assert.Equal(TimeSpan.FromSeconds(5), cluster.StableMargin);
        Assert.Equal(2, cluster.RequiredContactPoints);
    }

    [Fact]
    public void Load_DnsOptionsFromFlagsEnvironmentAndYaml_Bound()
    {
        var fromFlags = Cluster(Load(["--cluster.seeds=dns:proxy.internal:4053", "--cluster.port=4053", "--cluster.dns.server=127.0.0.53:5353", "--cluster.bootstrap.stablemargin=2s", "--cluster.bootstrap.requiredcontactpoints=3"]));
        var fromEnvironment = Cluster(Load([], new Dictionary<string, string>
        {
            ["PROXY_CLUSTER_SEEDS"] = "dns:proxy_proxy:4040",
            ["PROXY_CLUSTER_PORT"] = "4040",
            ["PROXY_CLUSTER_DNS_SERVER"] = "[::1]:53",
            ["PROXY_CLUSTER_BOOTSTRAP_STABLEMARGIN"] = "500ms",
            ["PROXY_CLUSTER_BOOTSTRAP_REQUIREDCONTACTPOINTS"] = "1",
        }));

        Assert.Equal(new DnsSeed("proxy.internal", 4053), fromFlags.DnsSeed);
        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.53"), 5353), fromFlags.DnsServer);
        Assert.Equal(TimeSpan.FromSeconds(2), fromFlags.StableMargin);
        Assert.Equal(new DnsSeed("proxy_proxy", 4040), fromEnvironment.DnsSeed);
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 53), fromEnvironment.DnsServer);
        Assert.Equal(TimeSpan.FromMilliseconds(500), fromEnvironment.StableMargin);
        Assert.Equal(3, fromFlags.RequiredContactPoints);
        Assert.Equal(1, fromEnvironment.RequiredContactPoints);
    }

    [Fact]
    public void Load_DnsOptionsFromYaml_Bound()
    {
        const string yaml = "cluster:\n  port: 4040\n  seeds: dns:proxy:4040\n  dns:\n    server: 127.0.0.1\n  bootstrap:\n    stableMargin: 3s\n    requiredContactPoints: 1\n";
        var cluster = Cluster(StaticConfigLoader.Load(["--configfile=static.yml"], new Dictionary<string, string>(), _ => yaml, Container));

        Assert.Equal(new DnsSeed("proxy", 4040), cluster.DnsSeed);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 53), cluster.DnsServer);
        Assert.Equal(TimeSpan.FromSeconds(3), cluster.StableMargin);
        Assert.Equal(1, cluster.RequiredContactPoints);
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
        var result = Load(["--cluster.seeds=127.0.0.1:4040", "--cluster.dns.server=127.0.0.1:53", "--cluster.bootstrap.stablemargin=2s", "--cluster.bootstrap.requiredcontactpoints=1"]);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Path == StaticOptions.ClusterDnsServer && e.Message.Contains("has no dns:<name>:<port> seed", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Path == StaticOptions.ClusterBootstrapStableMargin && e.Message.Contains("has no dns:<name>:<port> seed", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Path == StaticOptions.ClusterBootstrapRequiredContactPoints && e.Message.Contains("has no dns:<name>:<port> seed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0", "invalid value \"0\" for --cluster.bootstrap.requiredcontactpoints: expected 1 or more")]
    [InlineData("-1", "invalid value \"-1\" for --cluster.bootstrap.requiredcontactpoints: expected 1 or more")]
    [InlineData("two", "invalid value \"two\" for --cluster.bootstrap.requiredcontactpoints")]
    public void Load_RequiredContactPointsBelowOne_Refused(string value, string expected)
    {
        var result = Load(["--cluster.seeds=dns:proxy:4040", $"--cluster.bootstrap.requiredcontactpoints={value}"]);

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Message.StartsWith(expected, StringComparison.Ordinal));
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
        Assert.Contains("--cluster.bootstrap.requiredcontactpoints", help, StringComparison.Ordinal);
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

    [Theory]
    [InlineData(new string[0], "is 0 (any free port)")]
    [InlineData(new[] { "--cluster.port=4041" }, "is 4041, and")]
    public void Load_DnsSeedWithAnotherClusterPort_RefusedNamingTheSeedsPort(string[] port, string given)
    {
        var result = Load(["--cluster.seeds=dns:proxy:4040", .. port]);

        Assert.False(result.IsValid);
        var message = Assert.Single(Messages(result, StaticOptions.ClusterPort));
        Assert.StartsWith("the seed dns:proxy:4040 needs --cluster.port=4040, its port: ", message, StringComparison.Ordinal);
        Assert.Contains(given, message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--cluster.publichostname=proxy-1", "--cluster.publichostname is \"proxy-1\", but the seed dns:proxy:4040 compares IP addresses")]
    [InlineData("--cluster.publichostname=0.0.0.0", "--cluster.publichostname is \"0.0.0.0\", but the seed dns:proxy:4040 compares IP addresses")]
    [InlineData("--cluster.hostname=proxy-1", "--cluster.hostname is the name \"proxy-1\", but the seed dns:proxy:4040 compares IP addresses: set --cluster.publichostname")]
    public void Load_DnsSeedAdvertisingAName_RefusedAskingForAnIp(string flag, string expected)
    {
        var result = Load(["--cluster.seeds=dns:proxy:4040", "--cluster.port=4040", flag]);

        Assert.False(result.IsValid);
        Assert.StartsWith(expected, Assert.Single(Messages(result, StaticOptions.ClusterPublicHostname)), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DnsSeedBoundToEveryInterfaceOfTwoNetworks_RefusedNamingTheCandidates()
    {
        var twoNetworks = Machine([new IPEndPoint(IPAddress.Loopback, 53)], [IPAddress.Loopback, IPAddress.Parse("172.18.0.4"), IPAddress.Parse("10.0.0.2")]);

        var result = Load(["--cluster.seeds=dns:proxy:4040", "--cluster.port=4040", "--cluster.hostname=0.0.0.0"], host: twoNetworks);

        Assert.False(result.IsValid);
        Assert.Equal(
            "--cluster.hostname is 0.0.0.0 and the seed dns:proxy:4040 needs the IP address this node advertises: this host has several non-loopback IPv4 addresses (172.18.0.4, 10.0.0.2) and cannot tell which one the name resolves to; set --cluster.publichostname to it",
            Assert.Single(Messages(result, StaticOptions.ClusterPublicHostname)));
        Assert.True(Load(["--cluster.seeds=dns:proxy:4040", "--cluster.port=4040", "--cluster.hostname=0.0.0.0", "--cluster.publichostname=10.0.0.2", "--cluster.insecure=true"], host: twoNetworks).IsValid);
    }

    [Fact]
    public void Load_DnsSeedBoundToEveryInterfaceWithoutAnAddress_RefusedAskingForThePublicHostname()
    {
        var result = Load(["--cluster.seeds=dns:proxy:4040", "--cluster.port=4040", "--cluster.hostname=0.0.0.0"], host: Machine([new IPEndPoint(IPAddress.Loopback, 53)], [IPAddress.Loopback]));

        Assert.Contains("this host has no non-loopback IPv4 address to choose; set --cluster.publichostname to it", Assert.Single(Messages(result, StaticOptions.ClusterPublicHostname)), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_DnsSeedBoundToEveryInterfaceOfOneNetwork_AdvertisesThatAddress()
    {
        var cluster = Cluster(Load(["--cluster.seeds=dns:proxy:4040", "--cluster.port=4040", "--cluster.hostname=0.0.0.0", "--cluster.insecure=true"]));

        Assert.Equal("172.18.0.4", AdvertisedHost.For(cluster, Container));
        Assert.Equal(new Proxy.Actors.Cluster.Formation.ContactPoint(IPAddress.Parse("172.18.0.4"), 4040), AdvertisedHost.ContactPoint(cluster, AdvertisedHost.For(cluster, Container)));
    }

    [Fact]
    public void Load_DnsSeedOnAMachineWithoutNameServer_RefusedUnlessTheServerIsGiven()
    {
        var noResolver = Machine([], [IPAddress.Parse("172.18.0.4")]);

        var without = Load(["--cluster.seeds=dns:proxy:4040", "--cluster.port=4040"], host: noResolver);
        var with = Load(["--cluster.seeds=dns:proxy:4040", "--cluster.port=4040", "--cluster.dns.server=127.0.0.1:5353"], host: noResolver);

        Assert.Equal(DnsContactPointResolver.NoSystemServer, Assert.Single(Messages(without, StaticOptions.ClusterDnsServer)));
        Assert.True(with.IsValid, with.RenderErrors());
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1:53")]
    [InlineData("127.0.0.53:5353", "127.0.0.53:5353")]
    [InlineData("::1", "[::1]:53")]
    [InlineData("[::1]:5353", "[::1]:5353")]
    public void TryParse_IpWithOrWithoutPort_TheServer(string text, string expected)
    {
        Assert.True(DnsServerAddress.TryParse(text, out var server));
        Assert.Equal(expected, server.ToString());
    }
}
