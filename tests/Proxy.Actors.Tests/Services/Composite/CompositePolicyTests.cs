using System.Collections.Immutable;
using Akka.Actor;
using Proxy.Actors.Model;
using Proxy.Actors.Model.Composite;
using Proxy.Actors.Model.Config;
using Proxy.Actors.Services.Composite;
using Proxy.Actors.Services.LoadBalancing;
using Proxy.Actors.Services.SessionAffinity;
using Proxy.Actors.Tests.Support;
using Xunit;

namespace Proxy.Actors.Tests.Services.Composite;

public sealed class CompositePolicyTests
{
    private static readonly ServiceSnapshot A = Leaf("a", ServerHealth.Up);
    private static readonly ServiceSnapshot B = Leaf("b", ServerHealth.Up);
    private static readonly ServiceSnapshot DownLeaf = Leaf("down", ServerHealth.Down);

    [Theory]
    [InlineData(3, 1, 300, 100)]
    [InlineData(1, 1, 200, 200)]
    [InlineData(5, 0, 400, 0)]
    [InlineData(0, 2, 0, 400)]
    public void Resolve_Weighted_SplitsExactlyByWeight(int weightA, int weightB, int toA, int toB)
    {
        var service = Weighted(false, (A, weightA), (B, weightB));

        var picks = Enumerable.Range(0, 400).Select(_ => CompositePolicy.Resolve(service, null)!.Name).ToList();

        Assert.Equal((toA, toB), (picks.Count(p => p == "a"), picks.Count(p => p == "b")));
    }

    [Fact]
    public void Resolve_WeightedSpreadsSmoothly_NotInRuns()
    {
        var service = Weighted(false, (A, 3), (B, 1));

        var picks = string.Concat(Enumerable.Range(0, 8).Select(_ => CompositePolicy.Resolve(service, null)!.Name));

        Assert.Equal("aabaaaba", picks);
    }

    [Fact]
    public void Resolve_WeightedChildWithNoServerUp_Skipped()
    {
        var service = Weighted(false, (A, 1), (DownLeaf, 3));

        var picks = Enumerable.Range(0, 40).Select(_ => CompositePolicy.Resolve(service, null)!.Name).Distinct();

        Assert.Equal(["a"], picks);
    }

    [Fact]
    public void Resolve_WeightedWithEveryChildDown_StillGivesTheScheduledChild()
    {
        // Its own pick may find a server held out as a last resort; a 503 is for when none is left.
        var service = Weighted(false, (DownLeaf, 1));

        Assert.Same(DownLeaf, CompositePolicy.Resolve(service, null));
    }

    [Fact]
    public void Resolve_WeightedAllWeightsZero_Nothing() =>
        Assert.Null(CompositePolicy.Resolve(Weighted(false), null));

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void IsUp_WeightedWithEveryChildDown_DownOnlyWhenItPropagatesHealth(bool propagates, bool up) =>
        Assert.Equal(up, CompositePolicy.IsUp(Weighted(propagates, (DownLeaf, 1))));

    [Fact]
    public void Resolve_NestedWeightedWithoutHealthCheck_TakenAsUpByItsParent()
    {
        // Traefik's rule: without healthCheck a child does not tell its parent it is down, so the parent still sends it its share.
        var silent = Weighted(false, (DownLeaf, 1));
        var parent = Weighted(false, (A, 1), (silent, 1));

        var picks = Enumerable.Range(0, 4).Select(_ => CompositePolicy.Resolve(parent, null)!.Name).ToList();

        Assert.Equal(2, picks.Count(p => p == "down"));
    }

    [Fact]
    public void Resolve_NestedWeightedWithHealthCheck_SkippedByItsParentWhenDown()
    {
        var propagating = Weighted(true, (DownLeaf, 1));
        var parent = Weighted(false, (A, 1), (propagating, 1));

        var picks = Enumerable.Range(0, 4).Select(_ => CompositePolicy.Resolve(parent, null)!.Name).Distinct();

        Assert.Equal(["a"], picks);
    }

    [Fact]
    public void Resolve_Failover_MainWhileUpThenFallbackThenBack()
    {
        var up = Failover(A, B);
        var mainDown = Failover(Leaf("a", ServerHealth.Down), B);
        var mainDraining = Failover(Leaf("a", ServerHealth.Draining), B);
        var bothDown = Failover(Leaf("a", ServerHealth.Down), Leaf("b", ServerHealth.Down));

        Assert.Equal(
            ["a", "b", "b", "a", "a"],
            [CompositePolicy.Resolve(up, null)!.Name, CompositePolicy.Resolve(mainDown, null)!.Name, CompositePolicy.Resolve(mainDraining, null)!.Name,
                CompositePolicy.Resolve(up, null)!.Name, CompositePolicy.Resolve(bothDown, null)!.Name]);
    }

    [Fact]
    public void Resolve_FailoverOverPropagatingWeighted_FallsBackWhenNoChildIsUp()
    {
        var main = Weighted(true, (DownLeaf, 1));

        Assert.Same(B, CompositePolicy.Resolve(Failover(main, B), null));
    }

    [Fact]
    public async Task Resolve_ChildSharedOnManyPathsAllDown_AnswersWithoutWalkingEachPath()
    {
        // 2^40 paths from the top to the one leaf: health read again along each of them held every request for ever.
        var level = DownLeaf;
        for (var i = 0; i < 40; i++)
        {
            level = Weighted(true, (level, 1), (level, 1));
        }

        var service = Failover(level, B);

        var resolved = await Task.Run(() => CompositePolicy.Resolve(service, null)).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Same(B, resolved);
        Assert.False(CompositePolicy.IsUp(level));
    }

    [Fact]
    public void Resolve_Mirroring_MainAnswersAndMirrorsGetTheirPercentExactly()
    {
        var service = Mirroring(A, (B, 10), (Weighted(false, (DownLeaf, 1)), 35));
        var copies = new List<MirrorCopy>();

        var leaves = Enumerable.Range(0, 200).Select(_ => CompositePolicy.Resolve(service, copies)!.Name).Distinct();

        Assert.Equal(["a"], leaves);
        Assert.Equal(20, copies.Count(c => c.Leaf == B));
        Assert.Equal(70, copies.Count(c => c.Leaf == DownLeaf));
    }

    [Fact]
    public void Resolve_StickyWeightedCookieNamingAnUpChild_ThatChildEveryTimeAndNoNewCookie()
    {
        var service = StickyWeighted("w", (A, 3), (B, 1));
        var setCookies = new List<string>();

        var picks = Enumerable.Range(0, 40).Select(_ => CompositePolicy.Resolve(service, null, [$"w={StickyCookie.ValueOf("b")}"], setCookies)!.Name).Distinct();

        Assert.Equal(["b"], picks);
        Assert.Empty(setCookies);
    }

    [Fact]
    public void Resolve_StickyWeightedWithoutCookie_SplitsByWeightAndPinsEachRequestToItsChild()
    {
        var service = StickyWeighted("w", (A, 3), (B, 1));
        var picks = new List<string>();
        var setCookies = new List<string>();

        for (var i = 0; i < 8; i++)
        {
            var before = setCookies.Count;
            picks.Add(CompositePolicy.Resolve(service, null, default, setCookies)!.Name);
            Assert.Equal(before + 1, setCookies.Count);
        }

        Assert.Equal("aabaaaba", string.Concat(picks));
        Assert.Equal(picks.Select(p => $"w={StickyCookie.ValueOf(p)}; Path=/"), setCookies);
    }

    [Theory]
    [InlineData("w=0000000000000000")]
    [InlineData("w=../../etc/passwd")]
    [InlineData("w=")]
    [InlineData("w=b")]
    [InlineData("other=3e23e8160039594a; w=X")]
    [InlineData("W=3e23e8160039594a")]
    public void Resolve_StickyWeightedForgedOrUnknownCookie_IgnoredAndRewritten(string header)
    {
        // 3e23e816... is the value of "b": under another cookie's name, or in another case, it chooses nothing.
        Assert.Equal("3e23e8160039594a", StickyCookie.ValueOf("b"));
        var service = StickyWeighted("w", (A, 3), (B, 1));
        var setCookies = new List<string>();

        var picks = Enumerable.Range(0, 4).Select(_ => CompositePolicy.Resolve(service, null, [header], setCookies)!.Name).ToList();

        Assert.Equal(["a", "a", "b", "a"], picks);
        Assert.Equal(picks.Select(p => $"w={StickyCookie.ValueOf(p)}; Path=/"), setCookies);
    }

    [Fact]
    public void Resolve_StickyWeightedCookieInUpperCase_IgnoredAsForged() =>
        Assert.Equal("a", CompositePolicy.Resolve(StickyWeighted("w", (A, 3), (B, 1)), null, [$"w={StickyCookie.ValueOf("b").ToUpperInvariant()}"], [])!.Name);

    [Fact]
    public void Resolve_StickyWeightedCookieNamingADeadChild_PickedByWeightAndRewritten()
    {
        var service = StickyWeighted("w", (A, 1), (DownLeaf, 3));
        var setCookies = new List<string>();

        var picked = CompositePolicy.Resolve(service, null, [$"w={StickyCookie.ValueOf("down")}"], setCookies);

        Assert.Same(A, picked);
        Assert.Equal([$"w={StickyCookie.ValueOf("a")}; Path=/"], setCookies);
    }

    [Fact]
    public void Resolve_StickyWeightedCookieNamingAChildWeightedZero_IgnoredAndRewritten()
    {
        // Weight 0 is how a version is drained: pinned clients go too, or they would stay on it forever.
        var service = StickyWeighted("w", (A, 1), (B, 0));
        var setCookies = new List<string>();

        Assert.Same(A, CompositePolicy.Resolve(service, null, [$"w={StickyCookie.ValueOf("b")}"], setCookies));
        Assert.Equal([$"w={StickyCookie.ValueOf("a")}; Path=/"], setCookies);
    }

    [Theory]
    [InlineData(false, "down")]
    [InlineData(true, "a")]
    public void Resolve_StickyWeightedCookieNamingANestedServiceWhoseChildrenAreDown_KeptUnlessItPropagatesHealth(bool propagates, string expected)
    {
        // As for the weights: a child that does not say it is down is taken as up.
        var nested = Weighted(propagates, (DownLeaf, 1)) with { Name = "nested" };
        var service = StickyWeighted("w", (A, 1), (nested, 1));

        Assert.Equal(expected, CompositePolicy.Resolve(service, null, [$"w={StickyCookie.ValueOf("nested")}"], [])!.Name);
    }

    [Fact]
    public void Resolve_NestedStickyWeighted_EachReadsAndSetsItsOwnCookie()
    {
        var c = Leaf("c", ServerHealth.Up);
        var inner = StickyWeighted("in", (A, 1), (B, 1)) with { Name = "inner" };
        var outer = StickyWeighted("out", (c, 1), (inner, 1));

        var pinned = new List<string>();
        var leaf = CompositePolicy.Resolve(outer, null, [$"out={StickyCookie.ValueOf("inner")}", $"in={StickyCookie.ValueOf("b")}"], pinned);
        var fresh = new List<string>();
        var first = CompositePolicy.Resolve(outer, null, [$"in={StickyCookie.ValueOf("b")}"], fresh);
        var second = CompositePolicy.Resolve(outer, null, [$"in={StickyCookie.ValueOf("b")}"], fresh);

        Assert.Same(B, leaf);
        Assert.Empty(pinned);
        // Without the outer cookie the outer split chooses (c, then inner) and pins; the inner cookie still holds inside.
        Assert.Equal((c, B), (first, second));
        Assert.Equal([$"out={StickyCookie.ValueOf("c")}; Path=/", $"out={StickyCookie.ValueOf("inner")}; Path=/"], fresh);
    }

    [Theory]
    [InlineData(new[] { "x=1", "w=3e23e8160039594a" }, "b")]
    [InlineData(new[] { "w=3e23e8160039594a", "w=ca978112ca1bbdca" }, "b")]
    [InlineData(new[] { "w=ca978112ca1bbdca; w=3e23e8160039594a" }, "a")]
    public void Resolve_StickyWeightedCookieOverSeveralLines_TheFirstCookieOfTheNameDecides(string[] lines, string expected) =>
        Assert.Equal(expected, CompositePolicy.Resolve(StickyWeighted("w", (A, 1), (B, 1)), null, lines, [])!.Name);

    [Fact]
    public void Resolve_MirrorIsStickyWeighted_CopyResolvedWithoutTheClientsCookieOrACookieForIt()
    {
        var service = Mirroring(A, (StickyWeighted("w", (B, 1), (Leaf("c", ServerHealth.Up), 1)), 100));
        var copies = new List<MirrorCopy>();
        var setCookies = new List<string>();

        for (var i = 0; i < 4; i++)
        {
            CompositePolicy.Resolve(service, copies, [$"w={StickyCookie.ValueOf("b")}"], setCookies);
        }

        Assert.Equal(["b", "c", "b", "c"], copies.Select(c => c.Leaf.Name));
        Assert.Empty(setCookies);
    }

    [Theory]
    [InlineData(0, 100, 0)]
    [InlineData(100, 7, 7)]
    [InlineData(50, 9, 4)]
    [InlineData(33, 100, 33)]
    [InlineData(1, 99, 0)]
    [InlineData(1, 100, 1)]
    public void MirrorDue_OverRequests_CopiesTheFloorOfThePercent(int percent, int requests, int copied) =>
        Assert.Equal(copied, Enumerable.Range(0, requests).Count(n => CompositePolicy.MirrorDue(percent, n)));

    private static ServiceSnapshot Leaf(string name, ServerHealth health) =>
        Snapshots.Service(name, Snapshots.Server($"http://{name}", ActorRefs.Nobody, health));

    private static ServiceSnapshot Composite(CompositeSnapshot composite) =>
        new("composite", false, [], [], true, new LoadBalancerCursor()) { Composite = composite };

    private static ServiceSnapshot Weighted(bool propagates, params (ServiceSnapshot Child, int Weight)[] children)
    {
        var taking = children.Where(c => c.Weight > 0).ToList();
        return Composite(new WeightedSnapshot(
            [.. taking.Select(c => c.Child)], WeightedRoundRobinPolicy.Schedule([.. taking.Select(c => c.Weight)]), new LoadBalancerCursor(), propagates));
    }

    private static ServiceSnapshot StickyWeighted(string cookieName, params (ServiceSnapshot Child, int Weight)[] children)
    {
        var service = Weighted(false, children);
        var weighted = (WeightedSnapshot)service.Composite!;
        var cookie = new StickyCookie(StickyCookieConfig.Empty with { Name = cookieName, Path = "/" }, weighted.Children.Select(c => c.Name));
        return service with { Composite = weighted with { Sticky = new StickyChildren(cookie, weighted.Children) } };
    }

    private static ServiceSnapshot Failover(ServiceSnapshot main, ServiceSnapshot fallback) =>
        Composite(new FailoverSnapshot(main, fallback, false));

    private static ServiceSnapshot Mirroring(ServiceSnapshot main, params (ServiceSnapshot Mirror, int Percent)[] mirrors) =>
        Composite(new MirroringSnapshot(main, [.. mirrors.Select(m => new MirrorSnapshot(m.Mirror, m.Percent, new LoadBalancerCursor()))], -1, true, false));
}
