using System.Net;
using Akka.Actor;
using Proxy.Actors.Model;
using Proxy.Actors.Services.LoadBalancing;
using Proxy.Actors.Tests.Support;
using Xunit;

namespace Proxy.Actors.Tests.Services.LoadBalancing;

public sealed class HighestRandomWeightPolicyTests
{
    private static readonly string[] Urls = ["http://127.0.0.11:80", "http://127.0.0.12:80", "http://127.0.0.13:80"];

    // Written down once: any process, node or build must pick the same, so a per-process hash (string.GetHashCode)
    // or a changed mix fails here.
    [Theory]
    [InlineData("127.0.0.1", "http://127.0.0.11:80")]
    [InlineData("127.0.0.2", "http://127.0.0.12:80")]
    [InlineData("127.0.0.3", "http://127.0.0.12:80")]
    [InlineData("10.1.2.3", "http://127.0.0.12:80")]
    [InlineData("2001:db8::1", "http://127.0.0.13:80")]
    public void Pick_KnownClient_TheServerEveryProcessPicks(string client, string expected)
    {
        var service = Snapshots.Service("svc", [.. Urls.Select(u => Server(u))]);

        Assert.Equal(expected, HighestRandomWeightPolicy.Pick(service, IPAddress.Parse(client))?.Url);
    }

    [Fact]
    public void Pick_SameClient_SameServerFromAnotherSnapshotInAnotherOrder()
    {
        var first = Snapshots.Service("svc", [.. Urls.Select(u => Server(u))]);
        var second = Snapshots.Service("svc", [.. Urls.Reverse().Select(u => Server(u))]);

        foreach (var client in Clients(200))
        {
            Assert.Equal(HighestRandomWeightPolicy.Pick(first, client)?.Url, HighestRandomWeightPolicy.Pick(second, client)?.Url);
        }
    }

    [Theory]
    [InlineData(new[] { 1, 1, 1 })]
    [InlineData(new[] { 1, 3, 0 })]
    [InlineData(new[] { 5, 1, 2 })]
    public void Pick_ManyClients_ShareFollowsWeights(int[] weights)
    {
        var service = Snapshots.Service("svc", [.. Urls.Select((u, i) => Server(u, weight: weights[i]))]);
        const int clients = 6000;

        var picks = Clients(clients).Select(c => HighestRandomWeightPolicy.Pick(service, c)!.Url).ToLookup(u => u);

        for (var i = 0; i < Urls.Length; i++)
        {
            var expected = (double)weights[i] / weights.Sum();
            Assert.InRange((double)picks[Urls[i]].Count() / clients, expected - 0.03, expected + 0.03);
        }
    }

    [Fact]
    public void Pick_ServerLeaves_OnlyItsClientsMove()
    {
        var all = Snapshots.Service("svc", [.. Urls.Select(u => Server(u))]);
        var withoutLast = Snapshots.Service("svc", [.. Urls.SkipLast(1).Select(u => Server(u))]);

        foreach (var client in Clients(500))
        {
            var before = HighestRandomWeightPolicy.Pick(all, client)!.Url;
            if (before != Urls[^1])
            {
                Assert.Equal(before, HighestRandomWeightPolicy.Pick(withoutLast, client)!.Url);
            }
        }
    }

    [Theory]
    [InlineData(ServerHealth.Down)]
    [InlineData(ServerHealth.Draining)]
    public void Pick_PinnedServerUnavailableOrTried_TheClientsNextHighest(ServerHealth health)
    {
        var client = IPAddress.Parse("127.0.0.7");
        var up = Snapshots.Service("svc", [.. Urls.Select(u => Server(u))]);
        var ranked = Urls.OrderByDescending(u => HighestRandomWeightPolicy.Score(StableHash.Of(client), Server(u))).ToArray();
        var withPinnedDown = Snapshots.Service("svc", [.. Urls.Select(u => Server(u, u == ranked[0] ? health : ServerHealth.Up))]);

        Assert.Equal(ranked[0], HighestRandomWeightPolicy.Pick(up, client)?.Url);
        Assert.Equal(ranked[1], HighestRandomWeightPolicy.Pick(withPinnedDown, client)?.Url);
        Assert.Equal(ranked[1], HighestRandomWeightPolicy.Pick(up, client, [ranked[0]])?.Url);
        Assert.Equal(ranked[2], HighestRandomWeightPolicy.Pick(up, client, [ranked[0], ranked[1]])?.Url);
        Assert.Null(HighestRandomWeightPolicy.Pick(up, client, Urls));
    }

    [Fact]
    public void Pick_IPv4SeenOnADualModeSocket_SameAsIPv4()
    {
        var service = Snapshots.Service("svc", [.. Urls.Select(u => Server(u))]);

        foreach (var client in Clients(100))
        {
            Assert.Equal(HighestRandomWeightPolicy.Pick(service, client)?.Url, HighestRandomWeightPolicy.Pick(service, client.MapToIPv6())?.Url);
        }
    }

    [Fact]
    public void Pick_NoClientAddress_StillPicksAndAlwaysTheSame()
    {
        var service = Snapshots.Service("svc", [.. Urls.Select(u => Server(u))]);

        var first = HighestRandomWeightPolicy.Pick(service, null);

        Assert.NotNull(first);
        Assert.Equal(first.Url, HighestRandomWeightPolicy.Pick(service, null)?.Url);
    }

    [Fact]
    public void Pick_WeightZeroOrOnlyLastResort_AsEveryStrategy()
    {
        var service = Snapshots.Service(
            "svc", Server(Urls[0], weight: 0), Server(Urls[1], ServerHealth.Down) with { IsLastResort = true }, Server(Urls[2], ServerHealth.Down));

        Assert.All(Clients(50), c => Assert.Equal(Urls[1], HighestRandomWeightPolicy.Pick(service, c)?.Url));
    }

    private static IEnumerable<IPAddress> Clients(int count) =>
        Enumerable.Range(0, count).Select(i => new IPAddress([10, (byte)(i >> 16), (byte)(i >> 8), (byte)i]));

    private static ServerSnapshot Server(string url, ServerHealth health = ServerHealth.Up, int weight = 1) =>
        Snapshots.Server(url, ActorRefs.Nobody, health, weight);
}
