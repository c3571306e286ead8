using System.Net;
using Akka.Actor;
using Proxy.Actors.Model;
using Proxy.Actors.Services.LoadBalancing;
using Proxy.Actors.Tests.Support;
using Xunit;

namespace Proxy.Actors.Tests.Services.LoadBalancing;

public sealed class LoadBalancingPolicyTests
{
    private static readonly IPAddress Client = IPAddress.Parse("127.0.0.9");

    public static TheoryData<LoadBalancingStrategy> Strategies => [.. Enum.GetValues<LoadBalancingStrategy>()];

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Pick_AnyStrategy_NeverATriedServerUntilNoneIsLeft(LoadBalancingStrategy strategy)
    {
        var service = Service(strategy, "a", "b", "c", "d");
        var tried = new HashSet<string>(StringComparer.Ordinal);

        for (var attempt = 0; attempt < 4; attempt++)
        {
            var server = LoadBalancingPolicy.Pick(service, Client, TimeProvider.System, tried);
            Assert.NotNull(server);
            Assert.True(tried.Add(server.Url), $"{strategy} picked {server.Url} again");
        }

        Assert.Null(LoadBalancingPolicy.Pick(service, Client, TimeProvider.System, tried));
    }

    [Theory]
    [MemberData(nameof(Strategies))]
    public void Pick_AnyStrategy_OnlyAvailableServersThenLastResorts(LoadBalancingStrategy strategy)
    {
        var service = Snapshots.Service(
            "svc",
            Snapshots.Server("down", ActorRefs.Nobody, ServerHealth.Down) with { IsLastResort = true },
            Snapshots.Server("draining", ActorRefs.Nobody, ServerHealth.Draining),
            Snapshots.Server("up", ActorRefs.Nobody)) with { Strategy = strategy };

        Assert.All(Enumerable.Range(0, 20), _ => Assert.Equal("up", LoadBalancingPolicy.Pick(service, Client, TimeProvider.System)?.Url));
        Assert.Equal("down", LoadBalancingPolicy.Pick(service, Client, TimeProvider.System, ["up"])?.Url);
    }

    [Fact]
    public void Pick_Wrr_TheScheduleInTicketOrder()
    {
        var service = Service(LoadBalancingStrategy.WeightedRoundRobin, "a", "b", "c");

        Assert.Equal(["a", "b", "c", "a"], Enumerable.Range(0, 4).Select(_ => LoadBalancingPolicy.Pick(service, Client, TimeProvider.System)!.Url));
    }

    [Fact]
    public void Pick_P2c_SpreadsOverServersWhenNoneIsBusy()
    {
        var service = Service(LoadBalancingStrategy.PowerOfTwoChoices, "a", "b", "c");

        var picks = Enumerable.Range(0, 3000).Select(_ => LoadBalancingPolicy.Pick(service, Client, TimeProvider.System)!.Url).ToLookup(u => u);

        Assert.All(["a", "b", "c"], url => Assert.InRange(picks[url].Count(), 800, 1200));
    }

    [Fact]
    public void Pick_Hrw_SameClientSameServer()
    {
        var service = Service(LoadBalancingStrategy.HighestRandomWeight, "a", "b", "c");
        var first = LoadBalancingPolicy.Pick(service, Client, TimeProvider.System)!.Url;

        Assert.All(Enumerable.Range(0, 20), _ => Assert.Equal(first, LoadBalancingPolicy.Pick(service, Client, TimeProvider.System)?.Url));
    }

    private static ServiceSnapshot Service(LoadBalancingStrategy strategy, params string[] urls) =>
        Snapshots.Service("svc", [.. urls.Select(u => Snapshots.Server(u, ActorRefs.Nobody))]) with { Strategy = strategy };
}
