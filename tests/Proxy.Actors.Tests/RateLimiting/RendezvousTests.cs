using System.Collections.Immutable;
using Proxy.Actors.RateLimiting;
using Xunit;

namespace Proxy.Actors.Tests.RateLimiting;

public sealed class RendezvousTests
{
    private static readonly ImmutableArray<string> Three =
        ["akka.tcp://proxy@127.0.0.1:4053", "akka.tcp://proxy@127.0.0.1:4054", "akka.tcp://proxy@127.0.0.1:4055"];

    [Fact]
    public void Owner_ManyKeys_SpreadOverEveryMember()
    {
        var counts = Enumerable.Range(0, 3000).GroupBy(i => Rendezvous.Owner($"r|m|10.0.{i / 256}.{i % 256}", Three)).ToDictionary(g => g.Key!, g => g.Count());

        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 850, 1150));
    }

    [Fact]
    public void Owner_MemberGone_MovesOnlyItsKeys()
    {
        var keys = Enumerable.Range(0, 1000).Select(i => $"key-{i}").ToList();
        var two = Three.RemoveAt(1);

        var moved = keys.Where(k => Rendezvous.Owner(k, Three) != Three[1] && Rendezvous.Owner(k, Three) != Rendezvous.Owner(k, two));

        Assert.Empty(moved);
    }

    [Fact]
    public void Owner_MembersInAnyOrder_SameOwner()
    {
        Assert.All(
            Enumerable.Range(0, 100).Select(i => $"k{i}"),
            key => Assert.Equal(Rendezvous.Owner(key, Three), Rendezvous.Owner(key, [.. Three.Reverse()])));
    }
}
