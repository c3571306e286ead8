using System.Net;
using Proxy.Actors.Cluster.Formation;
using Proxy.Node.Hosting;

namespace Proxy.Node.Tests.Integration.Formation;

/// <summary>The seed's lookup against dnsmasq: every A record with the seed's port, and each failure in words naming the name and the server.</summary>
[Collection(IntegrationCollection.Name)]
public sealed class DnsContactPointResolverTests
{
    [DnsmasqFact]
    public async Task LookupAsync_NameWithRecords_EveryAddressWithTheSeedsPortSorted()
    {
        using var dns = await DnsmasqServer.StartAsync();
        var name = $"three.{DnsmasqServer.Domain}";
        await dns.SetAsync(name, IPAddress.Parse("127.0.0.10"), IPAddress.Parse("127.0.0.9"), IPAddress.Parse("127.0.0.11"));
        var resolver = new DnsContactPointResolver(new DnsSeed(name, 4040), [dns.EndPoint]);

        var lookup = await resolver.LookupAsync(CancellationToken.None);

        Assert.Null(lookup.Error);
        Assert.Equal(["127.0.0.9:4040", "127.0.0.10:4040", "127.0.0.11:4040"], lookup.ContactPoints.Select(c => c.ToString()));
    }

    [DnsmasqFact]
    public async Task LookupAsync_RecordsChanged_NextLookupSeesTheChangeWithoutCache()
    {
        using var dns = await DnsmasqServer.StartAsync();
        var name = $"changing.{DnsmasqServer.Domain}";
        await dns.SetAsync(name, IPAddress.Parse("127.0.0.9"));
        var resolver = new DnsContactPointResolver(new DnsSeed(name, 4040), [dns.EndPoint]);
        var before = await resolver.LookupAsync(CancellationToken.None);

        await dns.SetAsync(name, IPAddress.Parse("127.0.0.9"), IPAddress.Parse("127.0.0.8"));
        var after = await resolver.LookupAsync(CancellationToken.None);

        Assert.Single(before.ContactPoints);
        Assert.Equal(2, after.ContactPoints.Count);
    }

    [DnsmasqFact]
    public async Task LookupAsync_NameDoesNotExist_NxdomainNamingNameAndServer()
    {
        using var dns = await DnsmasqServer.StartAsync();
        var resolver = new DnsContactPointResolver(new DnsSeed($"nobody.{DnsmasqServer.Domain}", 4040), [dns.EndPoint]);

        var lookup = await resolver.LookupAsync(CancellationToken.None);

        Assert.Empty(lookup.ContactPoints);
        Assert.Equal($"nobody.{DnsmasqServer.Domain} does not exist (NXDOMAIN) at {dns.EndPoint}", lookup.Error);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task LookupAsync_AaaaFailsOrTimesOut_TheARecordsStillFound(bool silent)
    {
        using var dns = OneFamilyDnsServer.Start(System.Net.Sockets.AddressFamily.InterNetwork, silent, IPAddress.Parse("127.0.0.41"), IPAddress.Parse("127.0.0.42"));
        var resolver = new DnsContactPointResolver(new DnsSeed("v4only.proxy.test", 4040), [dns.EndPoint]);

        var lookup = await resolver.LookupAsync(CancellationToken.None);

        Assert.Null(lookup.Error);
        Assert.Equal(["127.0.0.41:4040", "127.0.0.42:4040"], lookup.ContactPoints.Select(c => c.ToString()));
    }

    [Fact]
    public async Task LookupAsync_AFailsAndAaaaAnswers_TheAaaaRecordsFound()
    {
        using var dns = OneFamilyDnsServer.Start(System.Net.Sockets.AddressFamily.InterNetworkV6, silent: false, IPAddress.IPv6Loopback);
        var resolver = new DnsContactPointResolver(new DnsSeed("v6only.proxy.test", 4040), [dns.EndPoint]);

        var lookup = await resolver.LookupAsync(CancellationToken.None);

        Assert.Null(lookup.Error);
        Assert.Equal(["[::1]:4040"], lookup.ContactPoints.Select(c => c.ToString()));
    }

    [Fact]
    public async Task LookupAsync_BothFamiliesTimeOut_FailureNamesTheNameAndTheServer()
    {
        using var dns = OneFamilyDnsServer.Start(System.Net.Sockets.AddressFamily.Unknown, silent: true);
        var resolver = new DnsContactPointResolver(new DnsSeed("nothing.proxy.test", 4040), [dns.EndPoint]);

        var lookup = await resolver.LookupAsync(CancellationToken.None);

        Assert.Equal($"looking up nothing.proxy.test (A): no answer from {dns.EndPoint} within 700 ms (tried twice)", lookup.Error);
    }

    [Fact]
    public void Servers_NoneConfigured_TheNameserversOfResolvConf()
    {
        // Nothing is sent: only which servers would be asked.
        var expected = File.ReadAllLines("/etc/resolv.conf")
            .Select(line => line.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts is ["nameserver", _, ..] && IPAddress.TryParse(parts[1], out _))
            .Select(parts => IPAddress.Parse(parts[1]))
            .ToList();

        var servers = DnsContactPointResolver.Servers(null);

        Assert.NotEmpty(expected);
        Assert.Equal(expected, servers.Select(s => s.Address));
        Assert.All(servers, s => Assert.Equal(53, s.Port));
    }

    [Fact]
    public void Servers_Configured_OnlyThatOne()
    {
        var configured = new IPEndPoint(IPAddress.Loopback, 5353);

        Assert.Equal([configured], DnsContactPointResolver.Servers(configured));
    }
}
